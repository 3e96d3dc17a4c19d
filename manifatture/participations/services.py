"""Every write of the call for hosts: applications and their states, reviews, decisions.

An application moves only along `TRANSITIONS`; each move is recorded as an
ApplicationEvent. Deadlines come from the edition's dates and are checked here,
so no view, command or admin action can get around them.
"""

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.forms import BaseInlineFormSet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.directory.models import Organisation
from manifatture.editions.models import Edition
from manifatture.mail import send_templated_email
from manifatture.reviewing import services as reviewing
from manifatture.reviewing.models import ConflictRuling

from . import exceptions, queries
from .models import (
    Application,
    ApplicationEvent,
    ProposedActivity,
    Review,
    ReviewCriterion,
    Score,
)

State = Application.State

TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.SUBMITTED: frozenset(
        {State.ACCEPTED, State.REJECTED, State.CHANGES_REQUESTED, State.WITHDRAWN}
    ),
    # Staff may reject an application whose host never answered a request for changes.
    State.CHANGES_REQUESTED: frozenset({State.SUBMITTED, State.REJECTED, State.WITHDRAWN}),
    State.ACCEPTED: frozenset({State.WITHDRAWN}),
    State.REJECTED: frozenset(),
    State.WITHDRAWN: frozenset(),
}

DECISION_STATES = (State.ACCEPTED, State.REJECTED, State.CHANGES_REQUESTED)
AUDIT_ACTIONS: dict[str, str] = {
    State.ACCEPTED: "participations.application_accepted",
    State.REJECTED: "participations.application_rejected",
    State.CHANGES_REQUESTED: "participations.changes_requested",
}

COPIED_FIELDS = ("motivation", "expected_visitors")
COPIED_ACTIVITY_FIELDS = ("kind", "title", "description", "capacity", "slots")


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


def _require_member(user: User, application: Application) -> None:
    if not queries.is_member(user, application.organisation_id):
        raise exceptions.NotAMember


def _require_staff(user: User) -> None:
    if not user.is_city_staff:
        raise exceptions.NotAllowed


def _lock(application: Application) -> None:
    """Lock the row and refresh the state, so two people cannot move it at once."""
    current = (
        Application.objects.select_for_update()
        .only("state", "review_reopened_until")
        .get(pk=application.pk)
    )
    application.state = current.state
    application.review_reopened_until = current.review_reopened_until


def _check_transition(application: Application, to_state: str) -> None:
    if to_state not in TRANSITIONS[application.state]:
        raise exceptions.InvalidTransition(
            _("Una candidatura «%(from)s» non può diventare «%(to)s».")
            % {"from": State(application.state).label, "to": State(to_state).label}
        )


def _move(application: Application, to_state: str, *, by: User | None, note: str = "") -> None:
    """Change the state (already checked) and record the change in the history."""
    from_state = application.state
    application.state = to_state
    application.save(
        update_fields=["state", "submitted_at", "decided_at", "decision_note", "updated_at"]
    )
    ApplicationEvent.objects.create(
        application=application, actor=by, from_state=from_state, to_state=to_state, note=note
    )


def start_application(organisation: Organisation, *, edition: Edition, by: User) -> Application:
    """Open a draft for the edition. A returning host starts from its most recent application."""
    if not queries.is_member(by, organisation.pk):
        raise exceptions.NotAMember
    if not edition.host_call_is_open:
        raise exceptions.HostCallClosed
    previous = queries.previous_application(organisation, edition)
    copied = {field: getattr(previous, field) for field in COPIED_FIELDS} if previous else {}
    try:
        with transaction.atomic():
            application = Application.objects.create(
                edition=edition, organisation=organisation, created_by=by, **copied
            )
            if previous:
                ProposedActivity.objects.bulk_create(
                    ProposedActivity(
                        application=application,
                        **{field: getattr(activity, field) for field in COPIED_ACTIVITY_FIELDS},
                    )
                    for activity in previous.proposed_activities.all()
                )
            note = (
                _("Bozza ripresa dalla candidatura per l'edizione %(year)s.")
                % {"year": previous.edition.year}
                if previous
                else ""
            )
            ApplicationEvent.objects.create(
                application=application, actor=by, to_state=State.DRAFT, note=note
            )
    except IntegrityError as error:
        raise exceptions.ApplicationExists from error
    return application


def save_application(
    application: Application, *, by: User, activities: "BaseInlineFormSet[Any, Any, Any]"
) -> Application:
    """Save the changed fields of an editable application and its proposed activities.

    `application` carries the new values (from a bound form, not yet saved);
    `activities` is the valid formset of its proposed activities.
    """
    _require_member(by, application)
    with transaction.atomic():
        _lock(application)
        if not application.is_editable:
            raise exceptions.ApplicationNotEditable
        application.save(
            update_fields=["motivation", "expected_visitors", "notes_for_staff", "updated_at"]
        )
        activities.instance = application
        activities.save()
    return application


def submit_application(application: Application, *, by: User) -> Application:
    """Send a draft (while the host call is open) or a revised application (until review ends)."""
    _require_member(by, application)
    edition = application.edition
    with transaction.atomic():
        _lock(application)
        _check_transition(application, State.SUBMITTED)
        if application.state == State.DRAFT and not edition.host_call_is_open:
            raise exceptions.DeadlinePassed(
                _("Le candidature si sono chiuse il %(date)s.")
                % {"date": _when(edition.host_call_closes)}
            )
        if application.state == State.CHANGES_REQUESTED and timezone.now() >= edition.review_closes:
            raise exceptions.DeadlinePassed(
                _("Le modifiche andavano inviate entro il %(date)s.")
                % {"date": _when(edition.review_closes)}
            )
        if not application.motivation.strip():
            raise exceptions.ApplicationIncomplete(
                _("Spiegate perché partecipate prima di inviare la candidatura.")
            )
        if not application.proposed_activities.exists():
            raise exceptions.ApplicationIncomplete
        application.submitted_at = timezone.now()
        _move(application, State.SUBMITTED, by=by)
    return application


def withdraw_application(application: Application, *, by: User, note: str = "") -> Application:
    """The host steps back. Possible until the event starts, also after acceptance."""
    _require_member(by, application)
    with transaction.atomic():
        _lock(application)
        _check_transition(application, State.WITHDRAWN)
        event_start, _end = application.edition.event_bounds()
        if timezone.now() >= event_start:
            raise exceptions.DeadlinePassed(
                _("L'evento è già iniziato: la candidatura non si può più ritirare.")
            )
        _move(application, State.WITHDRAWN, by=by, note=note)
    return application


def _notify_members(application: Application, template: str) -> None:
    """E-mail every active member of the organisation, each in their language."""
    members = User.objects.filter(
        memberships__organisation=application.organisation_id, is_active=True
    ).order_by("pk")
    for member in members:
        context = {
            "application": application,
            "organisation": application.organisation,
            "edition": application.edition,
            "recipient": member,
        }
        transaction.on_commit(
            partial(send_templated_email, [member.email], template, context, member.language)
        )


# Steps other apps add to an acceptance, run in its transaction with the
# accepted application: activities registers the one that drafts the proposed
# activities into the programme (participations may not import activities).
AcceptanceHook = Callable[..., object]
_ACCEPTANCE_HOOKS: list[AcceptanceHook] = []


def on_acceptance(hook: AcceptanceHook) -> AcceptanceHook:
    """Register `hook(application, *, by)` to run when an application is accepted."""
    if hook not in _ACCEPTANCE_HOOKS:
        _ACCEPTANCE_HOOKS.append(hook)
    return hook


def _decide(application: Application, to_state: str, *, by: User, note: str) -> Application:
    _require_staff(by)
    note = note.strip()
    if to_state != State.ACCEPTED and not note:
        raise exceptions.NoteRequired
    with transaction.atomic():
        _lock(application)
        _check_transition(application, to_state)
        if (
            to_state == State.CHANGES_REQUESTED
            and timezone.now() >= application.edition.review_closes
        ):
            raise exceptions.DeadlinePassed(
                _("La valutazione è chiusa: l'organizzazione non potrebbe più inviare modifiche.")
            )
        if to_state in (State.ACCEPTED, State.REJECTED):
            application.decided_at = timezone.now()
        application.decision_note = note
        previous = application.state
        _move(application, to_state, by=by, note=note)
        record_audit_event(
            actor=by,
            action=AUDIT_ACTIONS[to_state],
            target=application,
            summary=note,
            changes={"state": [previous, to_state]},
        )
        if to_state == State.ACCEPTED:
            for hook in _ACCEPTANCE_HOOKS:
                hook(application, by=by)
        _notify_members(application, f"participations/email/decision_{to_state}")
    return application


def accept_application(application: Application, *, by: User, note: str = "") -> Application:
    return _decide(application, State.ACCEPTED, by=by, note=note)


def reject_application(application: Application, *, by: User, note: str) -> Application:
    return _decide(application, State.REJECTED, by=by, note=note)


def request_changes(application: Application, *, by: User, note: str) -> Application:
    return _decide(application, State.CHANGES_REQUESTED, by=by, note=note)


def decide_application(
    application: Application, *, decision: str, note: str, by: User
) -> Application:
    """Accept, reject or request changes: `decision` is the state the application goes to."""
    if decision not in DECISION_STATES:
        raise exceptions.InvalidTransition
    return _decide(application, decision, by=by, note=note)


def score_application(
    application: Application, *, reviewer: User, scores: dict[int, int], comment: str = ""
) -> Review:
    """Create or update the reviewer's review: a score from 1 to 5 for every criterion."""
    if not reviewer.is_reviewer:
        raise exceptions.NotAllowed
    if queries.has_conflict(reviewer, application):
        raise exceptions.ConflictOfInterest
    criterion_ids = set(
        ReviewCriterion.objects.filter(edition=application.edition_id).values_list("pk", flat=True)
    )
    valid = set(scores) == criterion_ids and all(
        type(value) is int and Score.MIN <= value <= Score.MAX for value in scores.values()
    )
    if not valid:
        raise exceptions.InvalidScores
    with transaction.atomic():
        _lock(application)
        if application.state != State.SUBMITTED:
            raise exceptions.NotUnderReview
        if not queries.review_is_open(application):
            raise exceptions.ReviewClosed(
                _("La valutazione si è chiusa il %(date)s: non si possono più dare punteggi.")
                % {"date": _when(queries.review_closes_at(application))}
            )
        review, _created = Review.objects.update_or_create(
            application=application, reviewer=reviewer, defaults={"comment": comment}
        )
        review.scores.all().delete()
        Score.objects.bulk_create(
            Score(review=review, criterion_id=criterion_id, value=value)
            for criterion_id, value in sorted(scores.items())
        )
        record_audit_event(
            actor=reviewer,
            action="participations.review_saved",
            target=application,
            summary=comment,
            changes={"scores": dict(sorted(scores.items()))},
        )
    return review


def reopen_review(
    application: Application, *, by: User, until: datetime.datetime, reason: str
) -> Application:
    """Staff reopen the review of one application after the review phase closed
    (a reviewer was ill, a score must be corrected): on purpose, with a reason,
    until a given moment, recorded in the audit trail."""
    _require_staff(by)
    reason = reason.strip()
    if not reason:
        raise exceptions.NoteRequired(_("Spiegate perché riaprite la valutazione."))
    now = timezone.now()
    if until <= now:
        raise exceptions.InvalidReopening(_("Indicate un momento futuro."))
    with transaction.atomic():
        _lock(application)
        if application.state != State.SUBMITTED:
            raise exceptions.NotUnderReview
        if queries.review_is_open(application, now=now):
            raise exceptions.InvalidReopening(
                _("La valutazione è ancora aperta fino al %(date)s.")
                % {"date": _when(queries.review_closes_at(application))}
            )
        previous = application.review_reopened_until
        application.review_reopened_until = until
        application.save(update_fields=["review_reopened_until", "updated_at"])
        record_audit_event(
            actor=by,
            action="participations.review_reopened",
            target=application,
            summary=reason,
            changes={"review_reopened_until": [previous, until]},
        )
    return application


def save_review_criterion(criterion: ReviewCriterion, *, by: User) -> ReviewCriterion:
    """Add or change a criterion of an edition (from a validated form)."""
    _require_staff(by)
    with transaction.atomic():
        created = criterion.pk is None
        criterion.save()
        record_audit_event(
            actor=by,
            action="participations.criterion_saved",
            target=criterion,
            summary=_("Criterio aggiunto.") if created else _("Criterio modificato."),
        )
    return criterion


# Conflicts of interest ------------------------------------------------------------------


def declare_conflict(application: Application, *, reviewer: User, note: str = "") -> ConflictRuling:
    """The reviewer says they have a conflict of interest: they may not score the
    application, and a review they already gave is withdrawn."""
    if not reviewer.is_reviewer:
        raise exceptions.NotAllowed
    with transaction.atomic():
        _lock(application)
        ruling = reviewing.declare_conflict(application, reviewer=reviewer, note=note)
        Review.objects.filter(application=application, reviewer=reviewer).delete()
        record_audit_event(
            actor=reviewer,
            action="participations.conflict_declared",
            target=application,
            summary=note.strip(),
        )
    return ruling


def override_conflict(
    application: Application, *, reviewer: User, by: User, reason: str
) -> ConflictRuling:
    """City staff find that a reviewer's membership of the applicant is not a
    conflict (e.g. a membership that ended long ago in practice): the reviewer may
    score. A conflict the reviewer declared is theirs and stays
    (reviewing.services.clear_conflict)."""
    _require_staff(by)
    with transaction.atomic():
        _lock(application)
        application.refresh_from_db(fields=["submitted_at"])
        conflict = reviewing.clear_conflict(
            application, queries.conflicts_on(application), reviewer=reviewer, by=by, reason=reason
        )
        ruling = conflict.override
        assert ruling is not None  # clear_conflict has just ruled
        record_audit_event(
            actor=by,
            action="participations.conflict_overridden",
            target=application,
            summary=ruling.note,
            changes={"reviewer": reviewer.pk, "member_since": conflict.member_since},
        )
    return ruling
