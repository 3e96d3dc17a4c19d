"""Attachments are recognised by their content (magic bytes), never by their
name or by the browser's declared type, and stored under a random name.

Virus-safe handling: the platform never opens, converts or executes an
attachment; it keeps the bytes as they came, outside MEDIA_ROOT, and serves
them only as downloads (Content-Disposition: attachment) with the content type
it detected itself and X-Content-Type-Options: nosniff. No antivirus scanner
(clamd) is installed on this platform: if one becomes available, the place to
call it is `check_attachment`.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from manifatture.uploads import HEAD_BYTES, image_is_sound, sniff

from .models import CallDocumentRequirement

FileType = CallDocumentRequirement.FileType

# The MIME type each accepted format is recognised as, and served with.
CONTENT_TYPES: dict[str, str] = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}
TYPE_BY_MIME = {mime: key for key, mime in CONTENT_TYPES.items()}


@dataclass(frozen=True)
class CheckedFile:
    file_type: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def detect_type(head: bytes) -> str | None:
    """The accepted format of a file from its first bytes (manifatture.uploads.sniff), or None."""
    return TYPE_BY_MIME.get(sniff(head) or "")


def describe(head: bytes) -> str:
    return sniff(head) or _("sconosciuto")


def clean_name(name: str) -> str:
    """The uploader's file name, made harmless, for display and download only."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        cleaned = get_valid_filename(name)
    except Exception:  # SuspiciousFileOperation for names like ".."
        cleaned = ""
    return cleaned[-150:] or "allegato"


def check_attachment(upload: UploadedFile, requirement: CallDocumentRequirement) -> CheckedFile:
    """Check size and content against the requirement; ValidationError with the reason."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Il file è vuoto."), code="empty")
    if size > requirement.max_bytes:
        raise ValidationError(
            _("Il file pesa %(size)s: per questo documento il massimo è %(max)s MB.")
            % {"size": filesizeformat(size), "max": requirement.max_size_mb},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    detected = detect_type(head)
    if detected in {FileType.JPEG, FileType.PNG}:
        # A picture must also decode, within the pixel limit (no decompression bombs).
        upload.seek(0)
        if not image_is_sound(upload.read()):
            detected = None
    if detected is None or detected not in requirement.allowed_types:
        raise ValidationError(
            _(
                "Il contenuto di «%(name)s» non è in un formato ammesso per questo documento "
                "(%(allowed)s): il file risulta di tipo %(found)s, qualunque sia il suo nome."
            )
            % {
                "name": clean_name(upload.name or ""),
                "allowed": ", ".join(requirement.allowed_labels),
                "found": describe(head),
            },
            code="wrong_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        file_type=detected,
        content_type=CONTENT_TYPES[detected],
        size=size,
        sha256=digest.hexdigest(),
        original_name=clean_name(upload.name or ""),
    )
