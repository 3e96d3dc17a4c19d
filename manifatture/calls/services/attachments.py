"""The documents attached to a draft application, in private storage."""

from functools import partial

from django.db import transaction

from manifatture.accounts.models import User

from .. import exceptions
from ..models import Application, Attachment, CallDocumentRequirement, CallEvent
from ..storage import private_storage
from ..uploads import CheckedFile
from .applications import _require_editable
from .history import _record

Action = CallEvent.Action


def add_attachment(
    application: Application,
    *,
    requirement: CallDocumentRequirement,
    upload,
    checked: CheckedFile,
    by: User,
) -> Attachment:
    """Store a file already checked by `uploads.check_attachment`, replacing the
    previous one for the same document."""
    if requirement.call_id != application.call_id:
        raise exceptions.NotAllowed
    with transaction.atomic():
        _require_editable(application, by)
        previous = Attachment.objects.filter(application=application, requirement=requirement)
        old_names = list(previous.values_list("file", flat=True))
        previous.delete()
        attachment = Attachment(
            application=application,
            requirement=requirement,
            original_name=checked.original_name,
            file_type=checked.file_type,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
        )
        upload.seek(0)
        attachment.file.save("upload", upload, save=False)
        try:
            attachment.save()
            _record(
                application.call,
                Action.ATTACHMENT_ADDED,
                by=by,
                application=application,
                note=f"{requirement.name_it}: {checked.original_name} ({checked.sha256[:12]})",
            )
        except Exception:
            _delete_files([attachment.file.name])  # no orphan file behind a failed save
            raise
        # The replaced file goes once the new one is recorded.
        transaction.on_commit(partial(_delete_files, old_names))
    return attachment


def _delete_files(names: list[str | None]) -> None:
    for name in names:
        if name:
            private_storage.delete(name)


def remove_attachment(attachment: Attachment, *, by: User) -> None:
    application = attachment.application
    with transaction.atomic():
        _require_editable(application, by)
        name = attachment.file.name
        attachment.delete()
        _record(
            application.call,
            Action.ATTACHMENT_REMOVED,
            by=by,
            application=application,
            note=f"{attachment.requirement.name_it}: {attachment.original_name}",
        )
        transaction.on_commit(partial(_delete_files, [name]))
