"""Staff check the formal requirements of each submitted application."""

from django.db import transaction
from django.utils import timezone

from manifatture.accounts.models import User

from .. import exceptions
from ..models import Application, CallEvent
from .guards import _lock_application, _lock_call, _require_evaluation_open, _require_staff
from .history import _record
from .results import _discard_ranking

State = Application.State
Action = CallEvent.Action


def check_admissibility(
    application: Application, *, admissible: bool, note: str = "", by: User
) -> Application:
    """Staff check the formal requirements of a submitted application."""
    _require_staff(by)
    note = note.strip()
    if not admissible and not note:
        raise exceptions.NoteRequired
    call = application.call
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        _lock_application(application)
        if application.state not in (State.SUBMITTED, State.ADMISSIBLE, State.INADMISSIBLE):
            raise exceptions.WrongState
        application.state = State.ADMISSIBLE if admissible else State.INADMISSIBLE
        application.admissibility_note = note
        application.checked_at = timezone.now()
        application.checked_by = by
        application.save(
            update_fields=["state", "admissibility_note", "checked_at", "checked_by", "updated_at"]
        )
        _discard_ranking(call)
        _record(
            call,
            Action.ADMISSIBLE if admissible else Action.INADMISSIBLE,
            by=by,
            application=application,
            note=note,
        )
    return application
