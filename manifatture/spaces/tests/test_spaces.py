import decimal
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory.tests.factories import ComuneFactory
from manifatture.spaces import services
from manifatture.spaces.exceptions import NotAllowed, SameStatus
from manifatture.spaces.models import Space, SpacePhoto, SpaceStatusChange
from manifatture.spaces.tests.factories import SpaceFactory
from manifatture.uploads import clean_image

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def space_data(**overrides) -> dict:
    data = {
        "name": "Ex scuola di via Padova",
        "description_it": "Due aule grandi al piano terra.",
        "address": "Via Padova 100",
        "postcode": "20132",
        "comune": "015146",
        "latitude": "45.498700",
        "longitude": "9.223200",
        "surface_m2": "350",
        "floors": "2",
        "condition": "fair",
        "current_use": "Deposito",
        "constraints_notes": "",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def jpeg_bytes(size=(40, 30), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 100, 50))
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "Fotocamera Segreta"  # Make
        data[0x8825] = {2: (45.0, 29.0, 0.0)}  # GPS info
        image.save(buffer, format="JPEG", exif=data)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


# Staff create and edit -------------------------------------------------------------


def test_staff_create_a_space_placed_in_its_municipio(client, municipi):
    ComuneFactory()
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(reverse("spaces:manage_create"), space_data())
    space = Space.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("spaces:manage_edit", kwargs={"pk": space.pk})
    assert space.slug == "ex-scuola-di-via-padova"
    assert space.municipio_id == 2  # Via Padova lies in Municipio 2
    assert space.status == Space.Status.SURVEYED
    change = space.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "surveyed", staff)


def test_a_space_in_milano_is_placed_in_its_nil(client, municipi, nils):
    space = services.create_space(
        by=StaffFactory(),
        name="Ex bagni pubblici",
        address="Via Padova 100",
        comune=ComuneFactory(),
        latitude=decimal.Decimal("45.498700"),
        longitude=decimal.Decimal("9.223200"),
        surface_m2=200,
        condition=Space.Condition.POOR,
        is_published=True,
    )
    assert space.nil is not None
    assert space.nil.label in text(client.get(space.get_absolute_url()))
    (feature,) = client.get(reverse("spaces:map_data")).json()["features"]
    assert feature["properties"]["nil"] == space.nil.label


def test_moving_a_space_moves_its_municipio(municipi):
    staff = StaffFactory()
    space = services.create_space(
        by=staff,
        name="Cascina",
        address="Via Novara 1",
        comune=ComuneFactory(),
        latitude=decimal.Decimal("45.498700"),
        longitude=decimal.Decimal("9.223200"),
        surface_m2=100,
        condition=Space.Condition.GOOD,
    )
    assert space.municipio_id == 2
    services.update_space(
        space, by=staff, latitude=decimal.Decimal("45.4721"), longitude=decimal.Decimal("9.1164")
    )
    space.refresh_from_db()
    assert space.municipio_id == 7  # Via Novara, west of the city


def test_a_space_outside_milano_has_no_municipio(municipi):
    sesto = ComuneFactory(istat_code="015209", name="Sesto San Giovanni", province="MI")
    space = services.create_space(
        by=StaffFactory(),
        name="Ex Falck",
        address="Viale Italia 1",
        comune=sesto,
        latitude=decimal.Decimal("45.498700"),
        longitude=decimal.Decimal("9.223200"),
        surface_m2=1000,
        condition=Space.Condition.POOR,
    )
    assert space.municipio is None


def test_bad_coordinates_are_refused_with_the_typed_data_kept(client):
    ComuneFactory()
    client.force_login(StaffFactory())
    response = client.post(
        reverse("spaces:manage_create"), space_data(latitude="95", surface_m2="0")
    )
    assert response.status_code == 200
    content = text(response)
    assert "La latitudine va da -90 a 90." in content
    assert "Indicate una superficie maggiore di zero." in content
    assert 'value="Via Padova 100"' in content
    assert not Space.objects.exists()


def test_coordinates_and_surface_are_database_constraints():
    space = SpaceFactory()
    for field, value in [("latitude", 91), ("longitude", -181), ("surface_m2", 0), ("floors", 0)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Space.objects.filter(pk=space.pk).update(**{field: value})


def test_only_staff_manage_spaces(client):
    space = SpaceFactory()
    client.force_login(UserFactory())
    for url in [
        reverse("spaces:manage_list"),
        reverse("spaces:manage_create"),
        reverse("spaces:manage_edit", kwargs={"pk": space.pk}),
        reverse("spaces:manage_photo", kwargs={"pk": space.pk}),
    ]:
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("spaces:manage_status", kwargs={"pk": space.pk}), {"status": "assigned"}
    )
    assert response.status_code == 403
    assert Space.objects.get().status == Space.Status.AVAILABLE
    with pytest.raises(NotAllowed):
        services.change_space_status(space, to=Space.Status.ASSIGNED, by=UserFactory())


# Status and its history ---------------------------------------------------------------


def test_status_change_is_recorded_with_who_when_and_why(client):
    space = SpaceFactory(status=Space.Status.SURVEYED)
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(
        reverse("spaces:manage_status", kwargs={"pk": space.pk}),
        {"status": "available", "note": "Sopralluogo fatto: agibile."},
    )
    assert response.status_code == 302
    space.refresh_from_db()
    assert space.status == Space.Status.AVAILABLE
    change = space.status_changes.order_by("-pk").first()
    assert (change.from_status, change.to_status) == ("surveyed", "available")
    assert change.changed_by == staff
    assert change.note == "Sopralluogo fatto: agibile."
    assert change.changed_at is not None
    page = text(client.get(space.get_absolute_url()))
    assert "Sopralluogo fatto: agibile." in page


def test_the_same_status_twice_is_refused():
    space = SpaceFactory(status=Space.Status.AVAILABLE)
    with pytest.raises(SameStatus):
        services.change_space_status(space, to=Space.Status.AVAILABLE, by=StaffFactory())
    assert space.status_changes.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        SpaceStatusChange.objects.create(
            space=space, from_status="available", to_status="available"
        )


# Photos --------------------------------------------------------------------------------


def test_a_photo_is_re_encoded_without_its_metadata(client):
    space = SpaceFactory()
    client.force_login(StaffFactory())
    upload = SimpleUploadedFile("IMG_0001.JPG", jpeg_bytes(exif=True), content_type="image/jpeg")
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif()  # the upload carries EXIF (camera, GPS)
    upload.seek(0)
    response = client.post(
        reverse("spaces:manage_photo", kwargs={"pk": space.pk}),
        {"image": upload, "alt_text_it": "La facciata su via Conte Rosso"},
    )
    assert response.status_code == 302
    photo = SpacePhoto.objects.get()
    assert photo.image.name.startswith("spaces/")
    assert "IMG_0001" not in photo.image.name
    assert photo.image.name.endswith(".jpg")
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
    assert (photo.width, photo.height) == (40, 30)


def clean_photo(upload):
    return clean_image(upload, formats=("JPEG", "PNG", "WEBP"))


def test_a_png_with_transparency_stays_png():
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    cleaned = clean_photo(SimpleUploadedFile("logo.png", buffer.getvalue()))
    assert cleaned.name.endswith(".png")


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client):
    space = SpaceFactory()
    client.force_login(StaffFactory())
    fake = SimpleUploadedFile(
        "foto.jpg", b"MZ\x90\x00 this is a program, not a photo", content_type="image/jpeg"
    )
    response = client.post(
        reverse("spaces:manage_photo", kwargs={"pk": space.pk}),
        {"image": fake, "alt_text_it": "Facciata"},
    )
    assert response.status_code == 400
    assert "Il file scelto non è un'immagine valida: caricate un JPEG, PNG o WebP." in text(
        response
    )
    assert 'value="Facciata"' in text(response)
    assert not SpacePhoto.objects.exists()


def test_a_gif_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (5, 5)).save(buffer, format="GIF")
    with pytest.raises(ValidationError) as error:
        clean_photo(SimpleUploadedFile("a.jpg", buffer.getvalue()))
    assert error.value.code == "invalid_image"


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 1000
    data = jpeg_bytes(size=(400, 400))
    assert len(data) > 1000
    with pytest.raises(ValidationError) as error:
        clean_photo(SimpleUploadedFile("big.jpg", data))
    assert error.value.code == "too_large"


def test_removing_a_photo(client):
    space = SpaceFactory()
    staff = StaffFactory()
    photo = services.add_space_photo(
        space,
        image=clean_photo(SimpleUploadedFile("a.jpg", jpeg_bytes())),
        alt_text_it="Cortile",
        by=staff,
    )
    client.force_login(staff)
    response = client.post(reverse("spaces:manage_photo_delete", kwargs={"pk": photo.pk}))
    assert response.status_code == 302
    assert not SpacePhoto.objects.exists()


# Public list, map and page -------------------------------------------------------------


def test_public_list_shows_published_spaces_only(client):
    SpaceFactory(name="Ex mercato Lorenteggio")
    SpaceFactory(name="Deposito riservato", is_published=False)
    response = client.get(reverse("spaces:list"))
    content = text(response)
    assert "Ex mercato Lorenteggio" in content
    assert "Deposito riservato" not in content
    assert "Fonte: Comune di Milano – Open Data, CC BY 4.0" in content
    assert reverse("activities:municipi_data") in content
    data = client.get(reverse("spaces:map_data")).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Ex mercato Lorenteggio"]


def test_unpublished_space_page_is_hidden_from_the_public_but_not_from_staff(client):
    space = SpaceFactory(is_published=False)
    assert client.get(space.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(space.get_absolute_url()).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(space.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "assigned"}, ["Grande"]),
        ({"municipio": "3"}, ["Piccolo"]),
        ({"min_surface": "200"}, ["Grande", "Medio"]),
        ({"max_surface": "150"}, ["Piccolo"]),
        ({"min_surface": "100", "max_surface": "300"}, ["Medio", "Piccolo"]),
        ({"q": "padova"}, ["Medio"]),
        ({"q": "officina"}, ["Grande"]),
    ],
)
def test_filters(client, municipi, query, expected):
    SpaceFactory(name="Piccolo", surface_m2=100, municipio_id=3)
    SpaceFactory(name="Medio", surface_m2=250, address="Via Padova 5", municipio_id=2)
    SpaceFactory(
        name="Grande",
        surface_m2=900,
        current_use="Officina dismessa",
        status=Space.Status.ASSIGNED,
        municipio_id=8,
    )
    data = client.get(reverse("spaces:map_data"), query).json()
    assert sorted(f["properties"]["name"] for f in data["features"]) == expected
    page = text(client.get(reverse("spaces:list"), query))
    for name in ["Piccolo", "Medio", "Grande"]:
        assert (f">{name}</a>" in page) == (name in expected)


def test_a_wrong_surface_range_is_explained_and_other_filters_still_apply(client):
    SpaceFactory(name="Piccolo", surface_m2=100, status=Space.Status.AVAILABLE)
    SpaceFactory(name="Grande", surface_m2=900, status=Space.Status.ASSIGNED)
    response = client.get(
        reverse("spaces:list"), {"min_surface": "500", "max_surface": "100", "status": "available"}
    )
    content = text(response)
    assert "La superficie massima deve essere almeno quella minima." in content
    assert ">Piccolo</a>" in content
    assert ">Grande</a>" not in content


def test_map_data_is_geojson_with_status(client):
    space = SpaceFactory(name="Ex mercato", status=Space.Status.UNDER_CALL)
    response = client.get(reverse("spaces:map_data"))
    assert response["Content-Type"] == "application/geo+json"
    (feature,) = response.json()["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [9.2399, 45.4842]}
    assert feature["properties"]["status"] == "under_call"
    assert feature["properties"]["status_label"] == "A bando"
    assert feature["properties"]["url"] == space.get_absolute_url()


def test_space_page_shows_features_and_history(client):
    space = SpaceFactory(name="Ex lavatoio", surface_m2=80, floors=2, constraints_notes="Vincolo")
    content = text(client.get(space.get_absolute_url()))
    assert "<h1>Ex lavatoio</h1>" in content
    assert "80 m²" in content
    assert "Vincolo" in content
    assert "Disponibile" in content


def _photo(space):
    services.add_space_photo(
        space,
        image=clean_photo(SimpleUploadedFile("a.jpg", jpeg_bytes())),
        alt_text_it="Foto",
        by=StaffFactory(),
    )


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow_with_spaces(client, django_assert_num_queries, count):
    for _ in range(count):
        _photo(SpaceFactory())
    # session-less anonymous request: filters (municipi) + spaces + photos
    with django_assert_num_queries(3):
        response = client.get(reverse("spaces:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_map_data_queries_do_not_grow_with_spaces(client, django_assert_num_queries, count):
    SpaceFactory.create_batch(count)
    with django_assert_num_queries(1):
        data = client.get(reverse("spaces:map_data")).json()
    assert len(data["features"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_staff_list_queries_do_not_grow(client, django_assert_max_num_queries, count):
    SpaceFactory.create_batch(count)
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(5):
        response = client.get(reverse("spaces:manage_list"))
    assert response.status_code == 200
