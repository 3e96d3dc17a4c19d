"""The committee's review: conflicts of interest declared (or overruled by
staff), scores on every criterion, and the review reopened after it closed."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.reviewing import services as reviewing
from manifatture.reviewing.models import ConflictRuling

from .. import exceptions, queries
from ..models import Application, Call, CallEvent, Review, Score
from .guards import (
    _lock_application,
    _lock_call,
    _require_committee,
    _require_evaluation_open,
    _require_staff,
    _when,
)
from .history import _record
from .results import _discard_ranking

State = Application.State
Action = CallEvent.Action


def declare_conflict(
    application: Application, *, reviewer: User, has_conflict: bool, note: str = ""
) -> Review:
    """A committee member declares, before reading it, whether they have a conflict
    of interest on the application. A conflict is final and excludes them from it;
    whoever was a member of the applicant organisation when it applied has one."""
    call = application.call
    _require_committee(call, reviewer)
    if not has_conflict and queries.has_conflict(reviewer, application):
        raise exceptions.ConflictOfInterest(
            _("Siete membri dell'organizzazione che si candida: avete un conflitto di interessi.")
        )
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        _lock_application(application)
        if application.state != State.ADMISSIBLE:
            raise exceptions.WrongState
        review = (
            Review.objects.select_for_update()
            .filter(application=application, reviewer=reviewer)
            .first()
        )
        if review is not None and review.has_conflict:
            raise exceptions.ConflictOfInterest
        if review is not None and not has_conflict:
            return review  # already declared: nothing changes
        if review is None:
            review = Review.objects.create(
                application=application,
                reviewer=reviewer,
                has_conflict=has_conflict,
                conflict_note=note.strip(),
            )
        else:
            # Declared free of conflicts, now a conflict: the scores go.
            review.scores.all().delete()
            review.has_conflict = True
            review.conflict_note = note.strip()
            review.completed_at = None
            review.declared_at = timezone.now()
            review.save()
            _discard_ranking(call)
        _record(
            call,
            Action.CONFLICT if has_conflict else Action.NO_CONFLICT,
            by=reviewer,
            application=application,
            note=note.strip(),
        )
    return review


def override_conflict(
    application: Application, *, reviewer: User, by: User, reason: str
) -> ConflictRuling:
    """City staff rule that a committee member's membership of the applicant is
    no conflict of interest: the member may declare none and score. A conflict the
    member declared is theirs and stays (reviewing.services.clear_conflict)."""
    _require_staff(by)
    with transaction.atomic():
        _lock_application(application)
        conflict = reviewing.clear_conflict(
            application, queries.conflicts_on(application), reviewer=reviewer, by=by, reason=reason
        )
        ruling = conflict.override
        assert ruling is not None  # clear_conflict has just ruled
        _record(
            application.call,
            Action.CONFLICT_OVERRIDDEN,
            by=by,
            application=application,
            note=ruling.note,
            changes={"reviewer": reviewer.pk, "member_since": conflict.member_since},
        )
    return ruling


def score_application(
    application: Application, *, reviewer: User, points: dict[int, int], comment: str = ""
) -> Review:
    """Save the reviewer's points on every criterion (0..max points)."""
    call = application.call
    _require_committee(call, reviewer)
    criteria = {criterion.pk: criterion for criterion in call.criteria.all()}
    valid = set(points) == set(criteria) and all(
        type(value) is int and 0 <= value <= criteria[pk].max_points for pk, value in points.items()
    )
    if not valid:
        raise exceptions.InvalidScores
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if not queries.review_is_open(call):
            raise exceptions.EvaluationClosed(
                _("La valutazione si è chiusa il %(date)s: non si possono più dare punteggi.")
                % {"date": _when(queries.review_closes_at(call))}
            )
        _lock_application(application)
        if application.state != State.ADMISSIBLE:
            raise exceptions.WrongState
        review = (
            Review.objects.select_for_update()
            .filter(application=application, reviewer=reviewer)
            .first()
        )
        if review is None:
            raise exceptions.DeclarationRequired
        if review.has_conflict:
            raise exceptions.ConflictOfInterest
        review.scores.all().delete()
        Score.objects.bulk_create(
            Score(review=review, criterion_id=pk, points=value)
            for pk, value in sorted(points.items())
        )
        first_time = review.completed_at is None
        review.comment = comment.strip()
        review.completed_at = timezone.now()
        review.save(update_fields=["comment", "completed_at"])
        _discard_ranking(call)
        _record(
            call,
            Action.REVIEWED,
            by=reviewer,
            application=application,
            note="" if first_time else _("Punteggi aggiornati."),
            changes={"points": dict(sorted(points.items())), "comment": review.comment},
        )
    return review


def reopen_review(call: Call, *, by: User, until: datetime.datetime, reason: str) -> Call:
    """Staff reopen the committee's review after it closed (a member could not
    score in time, a score must be corrected): on purpose, with a reason, until
    a given moment; recorded in the call's history and the audit trail."""
    _require_staff(by)
    reason = reason.strip()
    if not reason:
        raise exceptions.CallsError(_("Spiegate perché riaprite la valutazione."))
    now = timezone.now()
    if until <= now:
        raise exceptions.CallsError(_("Indicate un momento futuro."))
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if queries.review_is_open(call, now=now):
            raise exceptions.CallsError(
                _("La valutazione è ancora aperta fino al %(date)s.")
                % {"date": _when(queries.review_closes_at(call))}
            )
        previous = call.review_reopened_until
        call.review_reopened_until = until
        call.save(update_fields=["review_reopened_until", "updated_at"])
        _record(
            call,
            Action.REVIEW_REOPENED,
            by=by,
            note=reason,
            changes={"review_reopened_until": [previous, until]},
        )
    return call
