"""The call's committee: the reviewers who declare conflicts and score."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from manifatture.accounts.models import User

from .. import exceptions
from ..models import Call, CallEvent, CommitteeMember, Review
from .guards import _require_staff
from .history import _record

Action = CallEvent.Action


def add_committee_member(call: Call, *, reviewer: User, by: User) -> CommitteeMember:
    _require_staff(by)
    if not reviewer.is_reviewer:
        raise exceptions.NotAllowed(_("Solo chi ha il ruolo di valutatore entra in commissione."))
    try:
        with transaction.atomic():
            member = CommitteeMember.objects.create(call=call, reviewer=reviewer)
            _record(call, Action.COMMITTEE_ADDED, by=by, note=reviewer.email)
    except IntegrityError as error:
        raise exceptions.CallsError(_("È già in commissione.")) from error
    return member


def remove_committee_member(member: CommitteeMember, *, by: User) -> None:
    """Take a reviewer off the committee, if they have not scored anything yet."""
    _require_staff(by)
    with transaction.atomic():
        if Review.objects.filter(
            application__call=member.call_id,
            reviewer=member.reviewer_id,
            completed_at__isnull=False,
        ).exists():
            raise exceptions.CallsError(
                _("Ha già valutato delle domande: resta in commissione perché i punteggi contano.")
            )
        Review.objects.filter(
            application__call=member.call_id, reviewer=member.reviewer_id
        ).delete()
        member.delete()
        _record(member.call, Action.COMMITTEE_REMOVED, by=by, note=member.reviewer.email)
