"""Every upload of the site is judged by its content, never its name; is refused
past the size limit of the settings, with the limit in the message; and pictures
are stored re-encoded, without their metadata, scaled down, never as SVG, and
never decoded when they would be a "decompression bomb"."""

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import ExifTags, Image

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.calls.models import CallDocumentRequirement
from manifatture.calls.tests.factories import RequirementFactory
from manifatture.calls.uploads import check_attachment
from manifatture.directory.models import Organisation, Photo
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.news.models import Article, NewsImage
from manifatture.qualifications.forms import DocumentsField
from manifatture.spaces.models import SpacePhoto
from manifatture.spaces.tests.factories import SpaceFactory
from manifatture.uploads import clean_image

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
MILAN_GPS = {1: "N", 2: (45.0, 27.0, 51.0), 3: "E", 4: (9.0, 11.0, 25.0)}


def photo_with_gps(format: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A picture whose EXIF says where it was taken (and with what camera)."""
    exif = Image.Exif()
    exif[0x010F] = "FotocameraSegreta"  # Make
    exif[ExifTags.IFD.GPSInfo] = MILAN_GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=format, exif=exif)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test means something
    return data


def png_bytes(size=(20, 10), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that declares a huge picture: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def stored_metadata(data: bytes) -> tuple[str, dict, dict]:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return image.format, dict(exif), dict(exif.get_ifd(ExifTags.IFD.GPSInfo))


# The shared check, directly ---------------------------------------------------------------


def test_the_gps_position_and_the_camera_are_not_kept():
    cleaned = clean_image(SimpleUploadedFile("IMG_0001.jpg", photo_with_gps()))

    assert stored_metadata(cleaned.read()) == ("JPEG", {}, {})
    assert cleaned.name.endswith(".jpg")
    assert "IMG_0001" not in cleaned.name
    assert (cleaned.width, cleaned.height) == (64, 48)


def test_the_format_comes_from_the_content_not_the_name():
    cleaned = clean_image(SimpleUploadedFile("foto.jpg", png_bytes()))
    assert cleaned.name.endswith(".png")
    assert cleaned.content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", HTML),
        ("disegno.svg", SVG),
        ("disegno.png", SVG),
        ("documento.jpg", PDF),
        ("rotta.jpg", photo_with_gps()[:200]),
    ],
    ids=["html-as-jpg", "svg", "svg-as-png", "pdf-as-jpg", "truncated"],
)
def test_what_is_not_a_picture_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile(name, content))
    assert error.value.code == "invalid_image"
    assert error.value.messages == [
        "Il file scelto non è un'immagine valida: caricate un JPEG, PNG, GIF o WebP."
    ]


def test_a_format_the_field_does_not_take_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (5, 5)).save(buffer, format="GIF")
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile("a.gif", buffer.getvalue()), formats=("JPEG", "PNG"))
    assert error.value.messages == [
        "Il file scelto non è un'immagine valida: caricate un JPEG o PNG."
    ]


def test_more_pixels_than_the_limit_are_refused_before_decoding():
    bomb = png_header(7000, 6000)  # 42 million pixels in a few hundred bytes
    assert len(bomb) < 500
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile("bomba.png", bomb))
    assert error.value.code == "too_many_pixels"
    assert error.value.messages == [
        "L'immagine è troppo grande (7000 × 6000 pixel): al massimo 40 milioni di pixel. "
        "Riducetela e riprovate."
    ]


def test_a_decompression_bomb_past_pillows_own_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile("bomba.png", png_header(30_000, 30_000)))
    assert error.value.code == "invalid_image"


def test_the_size_limit_comes_from_the_settings_and_is_in_the_message(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 1024
    data = photo_with_gps(size=(300, 300))
    assert len(data) > 1024
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile("grande.jpg", data))
    assert error.value.code == "too_large"
    size = f"{len(data) / 1024:.1f}".replace(".", ",")
    assert error.value.messages == [
        f"Il file pesa {size}\xa0KB: il massimo è 1,0\xa0KB. Riducetelo e riprovate."
    ]


def test_the_messages_are_translated(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 1024
    with translation.override("en"):
        with pytest.raises(ValidationError) as too_large:
            clean_image(SimpleUploadedFile("grande.jpg", photo_with_gps(size=(300, 300))))
        with pytest.raises(ValidationError) as not_a_picture:
            clean_image(SimpleUploadedFile("foto.jpg", HTML), formats=("JPEG", "PNG"))
    assert too_large.value.messages[0].startswith("The file is ")
    assert "the maximum is 1.0\xa0KB" in too_large.value.messages[0]
    assert not_a_picture.value.messages == [
        "The file you chose is not a valid image: upload a JPEG or PNG."
    ]


def test_large_pictures_are_scaled_down(settings):
    settings.UPLOAD_IMAGE_MAX_SIDE = 100
    cleaned = clean_image(SimpleUploadedFile("largo.png", png_bytes((400, 200))))
    assert (cleaned.width, cleaned.height) == (100, 50)


# Documents (kept as sent, private): recognised by their content ------------------------------


@pytest.mark.django_db
def test_a_png_named_pdf_is_refused_where_a_pdf_is_asked():
    requirement = RequirementFactory(allowed_types=[CallDocumentRequirement.FileType.PDF])
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("piano.pdf", png_bytes()), requirement)
    assert error.value.code == "wrong_type"
    assert "il file risulta di tipo image/png, qualunque sia il suo nome" in error.value.messages[0]


@pytest.mark.django_db
def test_an_html_page_named_jpg_is_refused_where_a_picture_is_asked():
    requirement = RequirementFactory(allowed_types=[CallDocumentRequirement.FileType.JPEG])
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("foto.jpg", HTML), requirement)
    assert error.value.code == "wrong_type"


@pytest.mark.django_db
def test_a_picture_attachment_must_decode_within_the_pixel_limit():
    requirement = RequirementFactory(allowed_types=[CallDocumentRequirement.FileType.PNG])
    assert check_attachment(SimpleUploadedFile("a.png", png_bytes()), requirement).file_type == (
        "png"
    )
    with pytest.raises(ValidationError):
        check_attachment(SimpleUploadedFile("bomba.png", png_header(7000, 6000)), requirement)


@pytest.mark.django_db
def test_albo_documents_take_their_type_from_the_content_and_the_size_limit_from_settings(
    settings,
):
    field = DocumentsField()
    [document] = field.clean([SimpleUploadedFile("regolamento.pdf", png_bytes())])
    assert document.content_type == "image/png"  # a PNG, whatever the name says
    with pytest.raises(ValidationError) as error:
        field.clean([SimpleUploadedFile("regolamento.jpg", HTML)])
    assert error.value.code == "document_type"
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        field.clean([SimpleUploadedFile("regolamento.pdf", PDF)])
    assert error.value.messages == [
        f"«regolamento.pdf» pesa {len(PDF)}\xa0bytes: il massimo è 10\xa0bytes per documento."
    ]


# Every picture upload of the site, through its page -------------------------------------------


@dataclass
class PictureUpload:
    """A page that takes a picture: who may post it, what else the form needs,
    and where the stored file ends up."""

    name: str

    def post(self, upload: SimpleUploadedFile):
        return getattr(self, f"_post_{self.name}")(upload)

    def stored(self) -> bytes | None:
        file = getattr(self, f"_stored_{self.name}")()
        return file.read() if file else None

    # directory: an organisation's logo and its photos
    def _post_logo(self, upload) -> Any:
        client = Client()
        client.force_login(UserFactory())
        data = {
            "name": "Officina Tortona",
            "category": Organisation.Category.WORKSHOP,
            "description_it": "Tornitura dal 1962.",
            "description_en": "",
            "website": "",
            "vat_number": "",
            "ateco_code": "",
            "logo": upload,
        }
        return client.post(reverse("directory:create"), data)

    def _stored_logo(self):
        organisation = Organisation.objects.first()
        return organisation.logo if organisation and organisation.logo else None

    def _post_photo(self, upload) -> Any:
        membership = MembershipFactory()
        client = Client()
        client.force_login(membership.user)
        url = reverse("directory:media", kwargs={"slug": membership.organisation.slug})
        return client.post(url, {"photo-image": upload, "photo-alt_text": "Il banco"})

    def _stored_photo(self):
        photo = Photo.objects.first()
        return photo.image if photo else None

    # spaces: a photo of a public space
    def _post_space(self, upload) -> Any:
        client = Client()
        client.force_login(StaffFactory())
        url = reverse("spaces:manage_photo", kwargs={"pk": SpaceFactory().pk})
        return client.post(url, {"image": upload, "alt_text_it": "La facciata"})

    def _stored_space(self):
        photo = SpacePhoto.objects.first()
        return photo.image if photo else None

    # news: a picture for the texts, and an article's cover
    def _post_news_image(self, upload) -> Any:
        client = Client()
        client.force_login(StaffFactory())
        return client.post(reverse("news:staff_images"), {"file": upload, "alt_it": "Il forno"})

    def _stored_news_image(self):
        image = NewsImage.objects.first()
        return image.file if image else None

    def _post_cover(self, upload) -> Any:
        client = Client()
        client.force_login(StaffFactory())
        data = {
            "title_it": "Apre la Fabbrica del Vapore",
            "slug": "",
            "summary_it": "Nuovi spazi.",
            "body_it": "Testo.",
            "cover": upload,
            "cover_alt_it": "La facciata",
            "status": "published",
            "published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        }
        return client.post(reverse("news:staff_article_create"), data)

    def _stored_cover(self):
        article = Article.objects.first()
        return article.cover if article and article.cover else None


PICTURE_UPLOADS = ["logo", "photo", "space", "news_image", "cover"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PICTURE_UPLOADS)
def test_every_picture_upload_is_stored_without_its_gps_position(name):
    target = PictureUpload(name)
    response = target.post(
        SimpleUploadedFile("IMG_0001.JPG", photo_with_gps(), content_type="image/jpeg")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    stored = target.stored()
    assert stored is not None
    assert stored_metadata(stored) == ("JPEG", {}, {})
    assert b"FotocameraSegreta" not in stored


@pytest.mark.django_db
@pytest.mark.parametrize("name", PICTURE_UPLOADS)
@pytest.mark.parametrize(
    ("filename", "content"),
    [("foto.jpg", HTML), ("logo.svg", SVG), ("bomba.png", png_header(7000, 6000))],
    ids=["html-as-jpg", "svg", "pixel-bomb"],
)
def test_every_picture_upload_refuses_what_is_not_a_picture(name, filename, content):
    target = PictureUpload(name)
    response = target.post(SimpleUploadedFile(filename, content, content_type="image/jpeg"))

    assert response.status_code in {200, 400}
    page = response.content.decode()
    assert "non è un&#x27;immagine valida" in page or "è troppo grande" in page
    assert target.stored() is None


@pytest.mark.django_db
@pytest.mark.parametrize("name", PICTURE_UPLOADS)
def test_every_picture_upload_refuses_a_file_over_the_limit(name, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 2048
    target = PictureUpload(name)
    big = photo_with_gps(size=(400, 400))
    response = target.post(SimpleUploadedFile("grande.jpg", big, content_type="image/jpeg"))

    assert "il massimo è 2,0\xa0KB" in response.content.decode()
    assert target.stored() is None
