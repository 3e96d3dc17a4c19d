"""Photos are checked by what they contain, never by their name, and re-encoded:
the stored file is one the platform wrote itself, without the uploader's
metadata (EXIF with GPS position, camera serial, author)."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Larger photos are scaled down: enough for any screen, light for the map page.
MAX_SIDE = 2400
# Pillow refuses images with more pixels (decompression bombs).
MAX_PIXELS = 40_000_000


def max_photo_bytes() -> int:
    return getattr(settings, "SPACES_PHOTO_MAX_BYTES", 8 * 1024 * 1024)


def clean_photo(upload: UploadedFile) -> ContentFile:
    """The photo as a fresh JPEG (or PNG, when it has transparency), or ValidationError."""
    limit = max_photo_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("La foto pesa %(size)s: il massimo è %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    not_an_image = ValidationError(
        _("Il file non è una foto leggibile: caricate un'immagine JPEG, PNG o WebP."),
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("La foto è troppo grande (%(w)s × %(h)s pixel).")
                    % {"w": probe.width, "h": probe.height},
                    code="too_many_pixels",
                )
            probe.verify()
        # verify() leaves the image unusable: open it again to re-encode it.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            has_alpha = image.mode in {"RGBA", "LA"} or (
                image.mode == "P" and "transparency" in image.info
            )
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            buffer = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(buffer, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
