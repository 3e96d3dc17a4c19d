import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from manifatture.accounts.tests.factories import UserFactory
from manifatture.directory.models import Link, Machine, Photo
from manifatture.directory.tests.factories import (
    BOVISA,
    MembershipFactory,
    capability,
    material,
    place,
)
from manifatture.qualifications.tests.factories import EntryFactory


@pytest.fixture
def member(client):
    membership = MembershipFactory(organisation__name="Laboratorio Ventura")
    client.force_login(membership.user)
    return membership


def png(width=40, height=30, *, exif: bool = False) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), (200, 30, 30))
    if exif:
        data = Image.Exif()
        data[0x010F] = "Fotocamera con GPS"
        image.save(buffer, format="JPEG", exif=data)
    else:
        image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_owner_sets_capabilities_materials_tags_and_services(client, member):
    organisation = member.organisation
    url = reverse("directory:details", kwargs={"slug": organisation.slug})

    response = client.post(
        url,
        {
            "details-capabilities": [capability("laser-cutting").pk, capability("wood").pk],
            "details-materials": [material("wood").pk],
            "details-tags": "design, Upcycling,  design ",
            "details-services_it": "Taglio conto terzi",
            "details-opening_hours": "Lun–ven 9–18",
            "details-contact_email": "info@ventura.example",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert sorted(organisation.capabilities.values_list("code", flat=True)) == [
        "laser-cutting",
        "wood",
    ]
    assert list(organisation.materials.values_list("code", flat=True)) == ["wood"]
    assert sorted(organisation.tags.values_list("name", flat=True)) == ["Upcycling", "design"]
    assert organisation.opening_hours == "Lun–ven 9–18"
    for word in ["Taglio laser", "Laser cutting", "Legno", "design", "Upcycling"]:
        assert word in organisation.keywords
    # Search finds it by a tag.
    found = client.get(reverse("directory:search"), {"q": "upcycling"}).context["page_obj"]
    assert [o.name for o in found] == ["Laboratorio Ventura"]


@pytest.mark.django_db
def test_too_long_a_tag_is_refused_and_nothing_is_lost(client, member):
    url = reverse("directory:details", kwargs={"slug": member.organisation.slug})

    response = client.post(
        url, {"details-tags": "ok, " + "x" * 41, "details-services_it": "Corsi serali"}
    )

    assert response.status_code == 200
    assert "al massimo 40 caratteri" in response.content.decode()
    assert "Corsi serali" in response.content.decode()


@pytest.mark.django_db
def test_machines_are_added_with_their_capability_and_deleted(client, member):
    organisation = member.organisation
    slug = organisation.slug

    client.post(
        reverse("directory:machine_add", kwargs={"slug": slug}),
        {
            "machine-capability": capability("laser-cutting").pk,
            "machine-model": "Trotec Speedy 400",
            "machine-notes": "Piano 100 × 60 cm",
        },
    )

    machine = Machine.objects.get()
    assert (machine.organisation, machine.model) == (organisation, "Trotec Speedy 400")
    assert list(organisation.capabilities.values_list("code", flat=True)) == ["laser-cutting"]
    assert "Trotec Speedy 400" in client.get(organisation.get_absolute_url()).content.decode()

    client.post(reverse("directory:machine_delete", kwargs={"slug": slug, "pk": machine.pk}))
    assert not Machine.objects.exists()


@pytest.mark.django_db
def test_links_are_added_and_shown(client, member):
    organisation = member.organisation

    client.post(
        reverse("directory:media", kwargs={"slug": organisation.slug}),
        {"link-label": "Negozio online", "link-url": "https://shop.example/ventura"},
    )

    assert list(Link.objects.values_list("label", "url")) == [
        ("Negozio online", "https://shop.example/ventura")
    ]
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert (
        'href="https://shop.example/ventura" rel="noopener noreferrer nofollow">Negozio online</a>'
        in page
    )


@pytest.mark.django_db
def test_a_photo_is_checked_by_its_content_and_stored_without_metadata(client, member):
    organisation = member.organisation
    upload = SimpleUploadedFile("banco.jpg", png(exif=True), content_type="image/jpeg")

    response = client.post(
        reverse("directory:media", kwargs={"slug": organisation.slug}),
        {"photo-image": upload, "photo-alt_text": "Il banco di lavoro"},
    )

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.alt_text, photo.width, photo.height) == ("Il banco di lavoro", 40, 30)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert 'alt="Il banco di lavoro"' in page


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused(client, member):
    fake = SimpleUploadedFile("foto.png", b"<script>alert(1)</script>", content_type="image/png")

    response = client.post(
        reverse("directory:media", kwargs={"slug": member.organisation.slug}),
        {"photo-image": fake, "photo-alt_text": "Una foto"},
    )

    assert response.status_code == 200
    assert "non è un&#x27;immagine valida" in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_a_gif_is_refused(client, member):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    upload = SimpleUploadedFile("foto.gif", buffer.getvalue(), content_type="image/gif")

    response = client.post(
        reverse("directory:media", kwargs={"slug": member.organisation.slug}),
        {"photo-image": upload, "photo-alt_text": "Una foto"},
    )

    assert "non è un&#x27;immagine valida: caricate un JPEG, PNG o WebP" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_someone_else_cannot_edit_the_profile_details(client):
    other = MembershipFactory()
    client.force_login(UserFactory())

    slug = other.organisation.slug
    assert client.get(reverse("directory:details", kwargs={"slug": slug})).status_code == 403
    assert client.post(reverse("directory:media", kwargs={"slug": slug})).status_code == 403
    machine = Machine.objects.create(
        organisation=other.organisation, capability=capability("wood"), model="Sega"
    )
    response = client.post(
        reverse("directory:machine_delete", kwargs={"slug": slug, "pk": machine.pk})
    )
    assert response.status_code == 403
    assert Machine.objects.filter(pk=machine.pk).exists()


@pytest.mark.django_db
def test_public_page_shows_the_profile_the_neighbourhood_and_the_badge(client, city):
    membership = MembershipFactory(organisation__category="fablab")
    organisation = membership.organisation
    organisation.capabilities.add(capability("3d-printing"))
    organisation.materials.add(material("plastic"))
    organisation.opening_hours = "Mar–sab 10–19"
    organisation.save()
    place(organisation, latitude=BOVISA[0], longitude=BOVISA[1])
    entry = EntryFactory(organisation=organisation)

    page = client.get(organisation.get_absolute_url()).content.decode()

    assert "Stampa 3D" in page and "Plastica" in page and "Mar–sab 10–19" in page
    assert "Quartiere Bovisa" in page and "Periferia" in page and "Municipio 9" in page
    assert f"Albo · fino al {entry.expires_on:%d/%m/%Y}" in page
    assert "Dati confermati il" in page
