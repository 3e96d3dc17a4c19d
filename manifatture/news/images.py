"""Pictures uploaded by staff are checked by their content, not their name, and
saved re-encoded: what is stored is a fresh JPEG, PNG or WebP that we wrote,
without the original's metadata (EXIF with GPS position, camera, comments)."""

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import InvalidImage

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400  # longer side once saved; larger pictures are scaled down

# Format read -> (format written, extension). GIFs become PNGs (still, no animation).
FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "GIF": ("PNG", "png"),
}


class ProcessedImage(ContentFile):
    """The re-encoded picture, with its size in pixels."""

    def __init__(self, content: bytes, name: str, *, width: int, height: int):
        super().__init__(content, name=name)
        self.width = width
        self.height = height


def process_image(upload) -> ProcessedImage:
    """Check an uploaded file is a picture within the limits and re-encode it.

    Raises InvalidImage with a message for the person who uploaded it.
    """
    if upload.size > MAX_BYTES:
        raise InvalidImage.too_large(filesizeformat(upload.size))
    try:
        with warnings.catch_warnings():
            # Pillow warns before decoding a huge picture ("decompression bomb"): refuse it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                if image.format not in FORMATS:
                    raise InvalidImage
                if image.width * image.height > MAX_PIXELS:
                    raise InvalidImage.too_many_pixels()
                output_format, extension = FORMATS[image.format]
                image.load()
                picture = ImageOps.exif_transpose(image)
                picture.thumbnail((MAX_SIDE, MAX_SIDE))
                picture = _for_format(picture, output_format)
                buffer = io.BytesIO()
                # No exif=, icc_profile= or pnginfo= arguments: metadata is left behind.
                picture.save(buffer, format=output_format, quality=85, optimize=True)
    except InvalidImage:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise InvalidImage from error
    return ProcessedImage(
        buffer.getvalue(),
        f"{uuid.uuid4().hex}.{extension}",
        width=picture.width,
        height=picture.height,
    )


def _for_format(picture: Image.Image, output_format: str) -> Image.Image:
    has_alpha = picture.mode in {"RGBA", "LA", "PA"} or (
        picture.mode == "P" and "transparency" in picture.info
    )
    if output_format == "JPEG":
        return picture.convert("RGB")
    return picture.convert("RGBA" if has_alpha else "RGB")
