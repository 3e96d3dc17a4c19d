"""Pictures are checked by their content, limited in size, and stored re-encoded
without their metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from manifatture.news.models import NewsImage

from .conftest import make_image_bytes


def _upload(staff_client, name: str, content: bytes, content_type: str = "image/jpeg"):
    return staff_client.post(
        reverse("news:staff_images"),
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "alt_it": "Il tornio a controllo numerico",
            "alt_en": "The CNC lathe",
        },
    )


@pytest.mark.django_db
def test_a_picture_is_stored_re_encoded_without_metadata(staff_client, staff):
    original = make_image_bytes("JPEG", (64, 48), exif=True)
    assert b"FotocameraSegreta" in original

    response = _upload(staff_client, "tornio.jpg", original)

    assert response.status_code == 302
    image = NewsImage.objects.get()
    assert (image.width, image.height) == (64, 48)
    assert image.alt_it == "Il tornio a controllo numerico"
    assert image.alt_en == "The CNC lathe"
    assert image.uploaded_by == staff
    assert image.file.name.startswith("news/images/")
    assert image.file.name.endswith(".jpg")
    assert "tornio" not in image.file.name  # a fresh name, not the uploaded one
    stored = image.file.read()
    assert stored != original
    assert b"FotocameraSegreta" not in stored
    with Image.open(io.BytesIO(stored)) as reopened:
        assert reopened.format == "JPEG"
        assert dict(reopened.getexif()) == {}


@pytest.mark.django_db
def test_a_gif_becomes_a_png(staff_client):
    _upload(staff_client, "logo.gif", make_image_bytes("GIF"), "image/gif")

    image = NewsImage.objects.get()
    assert image.file.name.endswith(".png")
    with Image.open(image.file) as reopened:
        assert reopened.format == "PNG"


@pytest.mark.django_db
def test_a_huge_picture_is_scaled_down(staff_client):
    _upload(staff_client, "grande.png", make_image_bytes("PNG", (4800, 1200)), "image/png")

    image = NewsImage.objects.get()
    assert (image.width, image.height) == (2400, 600)


@pytest.mark.django_db
def test_a_non_image_named_jpg_is_refused(staff_client):
    response = _upload(staff_client, "foto.jpg", b"MZ\x90\x00 this is not a picture at all")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Il file scelto non è un'immagine valida: caricate un JPEG, PNG, GIF o WebP."]
    }
    assert NewsImage.objects.count() == 0
    # What was typed is still there.
    assert 'value="Il tornio a controllo numerico"' in response.content.decode()


@pytest.mark.django_db
def test_an_html_file_named_jpg_is_refused(staff_client):
    response = _upload(staff_client, "foto.jpg", b"<html><script>alert(1)</script></html>")

    assert response.context["form"].errors == {
        "file": ["Il file scelto non è un'immagine valida: caricate un JPEG, PNG, GIF o WebP."]
    }
    assert NewsImage.objects.count() == 0


@pytest.mark.django_db
def test_a_truncated_picture_is_refused(staff_client):
    response = _upload(staff_client, "rotta.jpg", make_image_bytes("JPEG", (400, 300))[:300])

    assert response.context["form"].errors == {
        "file": ["Il file scelto non è un'immagine valida: caricate un JPEG, PNG, GIF o WebP."]
    }
    assert NewsImage.objects.count() == 0


@pytest.mark.django_db
def test_an_oversize_file_is_refused_before_decoding(staff_client):
    oversize = make_image_bytes() + b"\x00" * (5 * 1024 * 1024)

    response = _upload(staff_client, "pesante.jpg", oversize)

    assert response.context["form"].errors == {
        "file": ["Il file pesa 5,0\xa0MB: il massimo è 5,0\xa0MB. Riducetelo e riprovate."]
    }
    assert NewsImage.objects.count() == 0


@pytest.mark.django_db
def test_too_many_pixels_are_refused(staff_client):
    # A small file that would decode to 42 million pixels.
    buffer = io.BytesIO()
    Image.new("1", (7000, 6000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000

    response = _upload(staff_client, "bomba.png", buffer.getvalue(), "image/png")

    assert response.context["form"].errors == {
        "file": [
            "L'immagine è troppo grande (7000 × 6000 pixel): al massimo 40 milioni di pixel. "
            "Riducetela e riprovate."
        ]
    }
    assert NewsImage.objects.count() == 0


@pytest.mark.django_db
def test_alt_text_is_required(staff_client):
    response = staff_client.post(
        reverse("news:staff_images"),
        {"file": SimpleUploadedFile("a.jpg", make_image_bytes(), content_type="image/jpeg")},
    )

    assert response.context["form"].errors == {"alt_it": ["Questo campo è obbligatorio."]}
    assert NewsImage.objects.count() == 0


@pytest.mark.django_db
def test_the_images_page_shows_the_code_to_insert(staff_client):
    _upload(staff_client, "tornio.jpg", make_image_bytes())
    image = NewsImage.objects.get()

    response = staff_client.get(reverse("news:staff_images"))

    assert f"<code>![Il tornio a controllo numerico](immagine:{image.pk})</code>" in (
        response.content.decode()
    )
