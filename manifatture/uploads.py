"""Uploaded files are judged by what they contain, never by their name or by the
type the browser declares, and within size limits set in the settings.

Pictures shown on the site (logos, photos, news images) are decoded with Pillow
and re-encoded: what is stored is a fresh JPEG, PNG or WebP written by the
platform, under a random name, without the uploader's metadata (EXIF with GPS
position, camera serial, comments), scaled down to a maximum side. SVG is never
accepted (it can carry scripts), and a picture that would decode to more pixels
than UPLOAD_IMAGE_MAX_PIXELS (a "decompression bomb") is refused before decoding.

Documents (call attachments, albo documents) are private: they are kept as they
came (their SHA-256 proves what was submitted), recognised by their magic bytes,
and the images among them are checked by Pillow too.
"""

import io
import uuid
import warnings

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Format Pillow reads -> (format written, extension, name shown to people).
# GIFs become PNGs (still: the first frame).
IMAGE_FORMATS = {
    "JPEG": ("JPEG", "jpg", "JPEG"),
    "PNG": ("PNG", "png", "PNG"),
    "WEBP": ("WEBP", "webp", "WebP"),
    "GIF": ("PNG", "png", "GIF"),
}
IMAGE_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
PILLOW_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)
# Enough of the head of a file for every signature we recognise (office files are
# zips whose first entries name their kind).
HEAD_BYTES = 8192


def image_max_bytes() -> int:
    return settings.UPLOAD_IMAGE_MAX_BYTES


def document_max_bytes() -> int:
    return settings.UPLOAD_DOCUMENT_MAX_BYTES


def check_size(upload: File, *, limit: int) -> None:
    """ValidationError when the file is empty or heavier than `limit` bytes."""
    if not upload.size:
        raise ValidationError(_("Il file è vuoto."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("Il file pesa %(size)s: il massimo è %(max)s. Riducetelo e riprovate.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="too_large",
        )


def sniff(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes (its magic number), or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    kind = filetype.guess(head)
    return kind.mime if kind else None


def format_names(formats) -> str:
    """The formats as people call them: "JPEG, PNG o WebP"."""
    return str(get_text_list([IMAGE_FORMATS[f][2] for f in formats], _("o")))


class CleanImage(ContentFile):
    """A picture re-encoded by the platform, with its size in pixels."""

    name: str

    def __init__(self, content: bytes, name: str, *, width: int, height: int, mime: str):
        super().__init__(content, name=name)
        self.width = width
        self.height = height
        self.content_type = mime


def clean_image(
    upload: File,
    *,
    formats=("JPEG", "PNG", "GIF", "WEBP"),
    max_bytes: int | None = None,
    max_side: int | None = None,
) -> CleanImage:
    """Check that an uploaded file is a picture in one of `formats` within the limits,
    and re-encode it without metadata. Raises ValidationError with the reason."""
    check_size(upload, limit=max_bytes or image_max_bytes())
    max_side = max_side or settings.UPLOAD_IMAGE_MAX_SIDE
    max_pixels = settings.UPLOAD_IMAGE_MAX_PIXELS
    not_an_image = ValidationError(
        _("Il file scelto non è un'immagine valida: caricate un %(formats)s.")
        % {"formats": format_names(formats)},
        code="invalid_image",
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns before decoding a huge picture ("decompression bomb"): refuse it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                kind = probe.format
                if kind is None or kind not in formats:
                    raise not_an_image
                if probe.width * probe.height > max_pixels:
                    raise ValidationError(
                        _(
                            "L'immagine è troppo grande (%(width)s × %(height)s pixel): al "
                            "massimo %(max)s milioni di pixel. Riducetela e riprovate."
                        )
                        % {
                            "width": probe.width,
                            "height": probe.height,
                            "max": max_pixels // 1_000_000,
                        },
                        code="too_many_pixels",
                    )
                probe.verify()
            # verify() leaves the picture unusable: open it again to decode it.
            upload.seek(0)
            with Image.open(upload) as image:
                output_format, extension, _name = IMAGE_FORMATS[kind]
                image.load()
                picture = ImageOps.exif_transpose(image)
                picture.thumbnail((max_side, max_side))
                picture = _for_format(picture, output_format)
                buffer = io.BytesIO()
                # No exif=, icc_profile= or pnginfo= arguments: the metadata stays behind.
                picture.save(buffer, format=output_format, quality=85, optimize=True)
    except ValidationError:
        raise
    except PILLOW_ERRORS as error:
        raise not_an_image from error
    return CleanImage(
        buffer.getvalue(),
        f"{uuid.uuid4().hex}.{extension}",
        width=picture.width,
        height=picture.height,
        mime=IMAGE_MIME[output_format],
    )


def _for_format(picture: Image.Image, output_format: str) -> Image.Image:
    if output_format == "JPEG":
        return picture.convert("RGB")
    has_alpha = picture.mode in {"RGBA", "LA", "PA"} or (
        picture.mode == "P" and "transparency" in picture.info
    )
    return picture.convert("RGBA" if has_alpha else "RGB")


def image_is_sound(data: bytes) -> bool:
    """A JPEG or PNG document that Pillow reads whole, within the pixel limit."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > settings.UPLOAD_IMAGE_MAX_PIXELS:
                    return False
                image.verify()
    except PILLOW_ERRORS:
        return False
    return True


def _limit_help(formats, max_bytes) -> str:
    return _(
        "%(formats)s, al massimo %(max)s. La salviamo ricodificata, senza i dati nascosti "
        "del file (posizione GPS, fotocamera)."
    ) % {"formats": format_names(formats), "max": filesizeformat(max_bytes or image_max_bytes())}


_lazy_limit_help = lazy(_limit_help, str)


def image_limit_help(formats=("JPEG", "PNG", "GIF", "WEBP"), max_bytes: int | None = None):
    """The help text of a picture field: formats and size limit, in the reader's language."""
    return _lazy_limit_help(formats, max_bytes)


class ImageUploadField(forms.FileField):
    """A picture checked by its content and re-encoded without metadata
    (`clean_image`); the cleaned value is the new file, a `CleanImage`."""

    def __init__(self, *, formats=("JPEG", "PNG", "GIF", "WEBP"), max_side=None, **kwargs):
        self.formats = tuple(formats)
        self.max_side = max_side
        accept = ",".join(IMAGE_MIME[f] for f in self.formats)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload, formats=self.formats, max_side=self.max_side)
