"""The call's history: every step is a CallEvent (who, what, when); those
that are decisions of staff or reviewers also go in the platform's audit
trail. And the e-mails that tell an applicant's members."""

from functools import partial

from django.db import transaction

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.mail import send_templated_email

from ..models import Application, Call, CallEvent

Action = CallEvent.Action


# The call's history records every step; those that are decisions of staff or
# reviewers also go in the platform's audit trail.
AUDITED: dict[str, str] = {
    Action.CALL_PUBLISHED: "calls.call_published",
    Action.COMMITTEE_ADDED: "calls.committee_added",
    Action.COMMITTEE_REMOVED: "calls.committee_removed",
    Action.ADMISSIBLE: "calls.admissibility_checked",
    Action.INADMISSIBLE: "calls.admissibility_checked",
    Action.NO_CONFLICT: "calls.conflict_declared",
    Action.CONFLICT: "calls.conflict_declared",
    Action.CONFLICT_OVERRIDDEN: "calls.conflict_overridden",
    Action.REVIEWED: "calls.review_saved",
    Action.RANKING_COMPUTED: "calls.ranking_computed",
    Action.RANKING_APPROVED: "calls.ranking_approved",
    Action.RESULTS_PUBLISHED: "calls.results_published",
    Action.REVIEW_REOPENED: "calls.review_reopened",
}


def _record(
    call: Call,
    action: str,
    *,
    by: User | None,
    application: Application | None = None,
    note="",
    changes: dict | None = None,
) -> CallEvent:
    event = CallEvent.objects.create(
        call=call, application=application, actor=by, action=action, note=str(note)
    )
    if action in AUDITED:
        record_audit_event(
            actor=by,
            action=AUDITED[action],
            target=application if application is not None else call,
            summary=" ".join(part for part in (str(Action(action).label), str(note)) if part),
            changes=changes,
        )
    return event


def _notify_members(application: Application, template: str, context: dict) -> None:
    """E-mail every active member of the organisation, each in their language."""
    members = User.objects.filter(
        memberships__organisation=application.organisation_id, is_active=True
    ).order_by("pk")
    for member in members:
        transaction.on_commit(
            partial(
                send_templated_email,
                [member.email],
                template,
                {**context, "recipient": member},
                member.language,
            )
        )
