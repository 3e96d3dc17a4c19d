import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from manifatture.accounts.tests.factories import UserFactory
from manifatture.directory import services
from manifatture.directory.models import Membership, Organisation
from manifatture.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    make_partita_iva,
)

VALID_VAT = make_partita_iva(12_345)


def _png(size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _data(**overrides) -> dict:
    return {
        "name": "Officina Tortona",
        "category": Organisation.Category.WORKSHOP,
        "description_it": "Tornitura e fresatura dal 1962.",
        "description_en": "",
        "website": "https://www.officinatortona.example",
        "vat_number": VALID_VAT,
        "ateco_code": "25.62.00",
        **overrides,
    }


@pytest.mark.django_db
def test_verified_person_creates_an_organisation_and_becomes_its_owner(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("directory:create"),
        {**_data(), "logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png")},
    )

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/organizzazioni/{organisation.slug}/sedi/nuova/"
    assert organisation.slug == "officina-tortona"
    assert organisation.vat_number == VALID_VAT
    assert organisation.logo.name.startswith("logos/")
    assert organisation.logo.name.endswith(".png")  # re-encoded, under a name of ours
    membership = Membership.objects.get()
    assert (membership.user, membership.organisation, membership.role) == (
        user,
        organisation,
        Membership.Role.OWNER,
    )


@pytest.mark.django_db
def test_input_is_normalised(client):
    client.force_login(UserFactory())

    client.post(
        reverse("directory:create"),
        _data(vat_number=f"IT {VALID_VAT[:5]} {VALID_VAT[5:]}", ateco_code="256200"),
    )

    organisation = Organisation.objects.get()
    assert organisation.vat_number == VALID_VAT
    assert organisation.ateco_code == "25.62.00"


@pytest.mark.django_db
def test_empty_vat_number_is_stored_as_null_so_many_can_lack_it(client):
    client.force_login(UserFactory())
    client.post(reverse("directory:create"), _data(vat_number=""))
    client.post(reverse("directory:create"), _data(vat_number=""))

    assert list(Organisation.objects.values_list("vat_number", flat=True)) == [None, None]


@pytest.mark.django_db
def test_invalid_vat_and_ateco_show_errors_and_keep_input(client):
    client.force_login(UserFactory())
    wrong_check_digit = VALID_VAT[:10] + str((int(VALID_VAT[10]) + 1) % 10)

    response = client.post(
        reverse("directory:create"), _data(vat_number=wrong_check_digit, ateco_code="99.99.99")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["vat_number"] == [
        "La partita IVA non è valida: la cifra di controllo non corrisponde."
    ]
    assert errors["ateco_code"] == [
        "«99.99.99» non è un codice della classificazione ATECO dell'ISTAT."
    ]
    content = response.content.decode()
    assert f'value="{wrong_check_digit}"' in content
    assert 'value="99.99.99"' in content
    assert 'value="Officina Tortona"' in content
    assert "Tornitura e fresatura dal 1962." in content
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_vat_number_with_wrong_length_is_refused(client):
    client.force_login(UserFactory())

    response = client.post(reverse("directory:create"), _data(vat_number="1234"))

    assert response.context["form"].errors["vat_number"] == ["La partita IVA deve avere 11 cifre."]


@pytest.mark.django_db
def test_vat_number_of_another_organisation_is_refused(client):
    OrganisationFactory(vat_number=VALID_VAT)
    client.force_login(UserFactory())

    response = client.post(reverse("directory:create"), _data())

    assert response.context["form"].errors["vat_number"] == [
        "Un'altra organizzazione è già registrata con questa partita IVA. Se è la vostra, "
        "chiedete ai suoi titolari di aggiungervi come membri."
    ]
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_logo_over_the_size_limit_is_refused(client, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(UserFactory())
    big = _png() + b"\0" * (2 * 1024 * 1024)

    response = client.post(
        reverse("directory:create"),
        {**_data(), "logo": SimpleUploadedFile("logo.png", big, content_type="image/png")},
    )

    assert response.context["form"].errors["logo"] == [
        "Il file pesa 2,0\xa0MB: il massimo è 2,0\xa0MB. Riducetelo e riprovate."
    ]
    assert "selezionate di nuovo il logo" in response.content.decode()
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_logo_that_is_not_an_image_is_refused(client):
    client.force_login(UserFactory())

    response = client.post(
        reverse("directory:create"),
        {**_data(), "logo": SimpleUploadedFile("logo.png", b"%PDF-1.4", content_type="image/png")},
    )

    assert response.context["form"].errors["logo"] == [
        "Il file scelto non è un'immagine valida: caricate un PNG, JPEG, GIF o WebP."
    ]


@pytest.mark.django_db
def test_unverified_or_anonymous_cannot_create(client):
    response = client.get(reverse("directory:create"))
    assert response.status_code == 302
    assert response["Location"] == "/account/accedi/?next=/organizzazioni/nuova/"

    # An unverified account is never logged in: the backend refuses its session too.
    client.force_login(UserFactory(email_verified_at=None))
    response = client.post(reverse("directory:create"), _data())
    assert response.status_code == 302
    assert response["Location"] == "/account/accedi/?next=/organizzazioni/nuova/"
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_slugs_are_unique_and_avoid_reserved_paths():
    owner = UserFactory()
    first = services.create_organisation(owner=owner, name="Società Ceramica", category="atelier")
    second = services.create_organisation(owner=owner, name="Societa ceramica", category="atelier")
    reserved = services.create_organisation(owner=owner, name="Nuova", category="atelier")
    symbols = services.create_organisation(owner=owner, name="!!!", category="atelier")

    assert first.slug == "societa-ceramica"
    assert second.slug == "societa-ceramica-2"
    assert reserved.slug == "nuova-2"
    assert symbols.slug == "organizzazione"


@pytest.mark.django_db
def test_update_keeps_the_slug_and_can_clear_the_logo():
    owner = UserFactory()
    organisation = services.create_organisation(
        owner=owner,
        name="Vetreria Lambrate",
        category="atelier",
        logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
    )
    assert organisation.logo

    services.update_organisation(organisation, name="Vetreria di Lambrate", logo=False)

    organisation.refresh_from_db()
    assert organisation.name == "Vetreria di Lambrate"
    assert organisation.slug == "vetreria-lambrate"
    assert not organisation.logo


@pytest.mark.django_db
def test_my_organisations_lists_only_mine_with_edit_links(client):
    user = UserFactory()
    mine = services.create_organisation(owner=user, name="Mia Officina", category="workshop")
    OrganisationFactory(name="Officina Altrui")
    client.force_login(user)

    response = client.get(reverse("directory:mine"))

    content = response.content.decode()
    assert "Mia Officina" in content
    assert f'href="/organizzazioni/{mine.slug}/modifica/"' in content
    assert f'href="/organizzazioni/{mine.slug}/membri/"' in content
    assert "Officina Altrui" not in content


@pytest.mark.django_db
def test_my_organisations_queries_do_not_grow(client):
    user = UserFactory()
    MembershipFactory(user=user)
    client.force_login(user)
    url = reverse("directory:mine")

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    MembershipFactory.create_batch(2, user=user, role=Membership.Role.STAFF)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert response.content.decode().count("/modifica/") == 3
    assert len(three) == len(one)


@pytest.mark.django_db
def test_owner_removes_the_logo_from_the_edit_page(client):
    user = UserFactory()
    organisation = services.create_organisation(
        owner=user,
        name="Vetreria Lambrate",
        category="atelier",
        logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
    )
    client.force_login(user)
    url = reverse("directory:edit", kwargs={"slug": organisation.slug})
    assert 'alt="Il logo attuale"' in client.get(url).content.decode()

    response = client.post(
        url, {**_data(name="Vetreria Lambrate", vat_number=""), "logo-clear": "on"}
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.logo
    assert organisation.slug == "vetreria-lambrate"
