"""The checks every step starts with: who may act, the locks on the call's and
the application's rows, and whether the committee's work is still open."""

from django.utils import formats, timezone

from manifatture.accounts.models import User

from .. import exceptions, queries
from ..models import Application, Call, CommitteeMember


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


def _require_staff(user: User | None) -> None:
    if user is None or not user.is_city_staff:
        raise exceptions.NotAllowed


def _require_member(user: User, organisation_id: int) -> None:
    if not queries.is_member(user, organisation_id):
        raise exceptions.NotAMember


def _require_committee(call: Call, reviewer: User) -> None:
    if (
        not reviewer.is_reviewer
        or not CommitteeMember.objects.filter(call=call, reviewer=reviewer).exists()
    ):
        raise exceptions.NotOnCommittee


def _require_evaluation_open(call: Call) -> None:
    if call.ranking_approved_at is not None or call.status != Call.Status.PUBLISHED:
        raise exceptions.EvaluationClosed


def _lock_call(call: Call) -> Call:
    """Lock the call row (protocol numbers, ranking) and refresh its state."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    for name in (
        "status",
        "ranking_computed_at",
        "ranking_approved_at",
        "closes_at",
        "opens_at",
        "results_at",
        "review_reopened_until",
    ):
        setattr(call, name, getattr(locked, name))
    return call


def _lock_application(application: Application) -> Application:
    current = Application.objects.select_for_update().only("state").get(pk=application.pk)
    application.state = current.state
    return application
