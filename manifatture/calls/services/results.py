"""The ranking and the results: computed (see calls.ranking and calls.awards),
approved, then published to the applicants; the awarded spaces assigned."""

from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.spaces import services as spaces_services
from manifatture.spaces.models import Space

from .. import awards, exceptions, queries, ranking
from ..models import Application, Call, CallEvent, RankingEntry
from .guards import _lock_call, _require_evaluation_open, _require_staff, _when
from .history import _notify_members, _record

State = Application.State
Action = CallEvent.Action


def _discard_ranking(call: Call) -> None:
    """A change in admissibility or scores makes a computed ranking stale."""
    if call.ranking_computed_at is not None:
        RankingEntry.objects.filter(call=call).delete()
        Call.objects.filter(pk=call.pk).update(ranking_computed_at=None)
        call.ranking_computed_at = None


def _outcome(allocation: awards.Allocation) -> str:
    if allocation.below_threshold:
        return RankingEntry.Outcome.BELOW_THRESHOLD
    if allocation.awarded:
        return RankingEntry.Outcome.AWARDED
    return RankingEntry.Outcome.ELIGIBLE


def compute_ranking(call: Call, *, by: User) -> list[RankingEntry]:
    """Rank the admissible applications (see calls.ranking) and decide the
    provisional outcomes; staff then approve and publish."""
    _require_staff(by)
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if not call.has_closed:
            raise exceptions.RankingNotReady(
                _("Le domande sono aperte fino al %(date)s.") % {"date": _when(call.closes_at)}
            )
        unchecked = list(
            call.applications.filter(state=State.SUBMITTED).values_list("protocol", flat=True)
        )
        if unchecked:
            raise exceptions.RankingNotReady(
                _("Verificate prima l'ammissibilità di tutte le domande."), pending=unchecked
            )
        candidates, review_counts, unscored = queries.ranking_candidates(call)
        if unscored:
            raise exceptions.RankingNotReady(
                _("Ogni domanda ammissibile deve avere almeno una valutazione completa."),
                pending=unscored,
            )
        criteria = [
            ranking.Criterion(
                id=c.pk,
                name=c.name_it,
                weight=c.weight,
                max_points=c.max_points,
                position=c.position,
            )
            for c in call.criteria.all()
        ]
        lines = ranking.rank(candidates, criteria)
        applications = {
            a.pk: a
            for a in call.applications.filter(state=State.ADMISSIBLE).select_related(
                "requested_space"
            )
        }
        requests = [
            awards.Request(
                application_id=line.application_id,
                score=line.exact_score,
                space_id=applications[line.application_id].requested_space_id,
                amount=applications[line.application_id].amount_requested,
            )
            for line in lines
        ]
        min_score = Fraction(call.min_score)
        if call.kind == Call.Kind.SPACES:
            offered = set(call.spaces.values_list("pk", flat=True))
            allocations = awards.allocate_spaces(requests, offered=offered, min_score=min_score)
        else:
            allocations = awards.allocate_budget(requests, budget=call.budget, min_score=min_score)
        RankingEntry.objects.filter(call=call).delete()
        entries = [
            RankingEntry(
                call=call,
                application=applications[line.application_id],
                position=line.position,
                score=line.score,
                reviews_count=review_counts[line.application_id],
                decided_by=line.decided_by,
                outcome=_outcome(allocation),
                awarded_space_id=allocation.space_id,
                awarded_amount=allocation.amount,
            )
            for line, allocation in zip(lines, allocations, strict=True)
        ]
        RankingEntry.objects.bulk_create(entries)
        call.ranking_computed_at = timezone.now()
        call.save(update_fields=["ranking_computed_at", "updated_at"])
        _record(
            call,
            Action.RANKING_COMPUTED,
            by=by,
            note=_("%(n)s domande in graduatoria.") % {"n": len(entries)},
            changes={
                "ranking": [
                    [entry.position, entry.application.protocol, str(entry.score), entry.outcome]
                    for entry in entries
                ]
            },
        )
    return entries


def approve_ranking(call: Call, *, by: User) -> Call:
    _require_staff(by)
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if call.ranking_computed_at is None:
            raise exceptions.RankingNotReady(_("Calcolate prima la graduatoria."))
        call.ranking_approved_at = timezone.now()
        call.ranking_approved_by = by
        call.save(update_fields=["ranking_approved_at", "ranking_approved_by", "updated_at"])
        _record(call, Action.RANKING_APPROVED, by=by)
    return call


def publish_results(call: Call, *, by: User) -> Call:
    """Publish the approved ranking: outcomes on the applications, awarded spaces
    assigned (the others available again), every applicant told by e-mail."""
    _require_staff(by)
    with transaction.atomic():
        _lock_call(call)
        if call.status != Call.Status.PUBLISHED or call.ranking_approved_at is None:
            raise exceptions.RankingNotReady(_("Approvate prima la graduatoria."))
        entries = {
            entry.application_id: entry
            for entry in RankingEntry.objects.filter(call=call).select_related("awarded_space")
        }
        awarded_spaces = {e.awarded_space_id for e in entries.values() if e.awarded_space_id}
        for space in call.spaces.select_for_update().order_by("pk"):
            if space.pk in awarded_spaces and space.status != Space.Status.ASSIGNED:
                winner = next(e for e in entries.values() if e.awarded_space_id == space.pk)
                spaces_services.change_space_status(
                    space,
                    to=Space.Status.ASSIGNED,
                    by=by,
                    note=_("Assegnato con il bando «%(title)s» (domanda %(protocol)s).")
                    % {"title": call.title_it, "protocol": winner.application.protocol},
                )
            elif space.status == Space.Status.UNDER_CALL:
                spaces_services.change_space_status(
                    space,
                    to=Space.Status.AVAILABLE,
                    by=by,
                    note=_("Non assegnato con il bando «%(title)s».") % {"title": call.title_it},
                )
        call.status = Call.Status.RESULTS_PUBLISHED
        call.results_published_at = timezone.now()
        call.save(update_fields=["status", "results_published_at", "updated_at"])
        _record(call, Action.RESULTS_PUBLISHED, by=by)
        applications = call.applications.exclude(state=State.DRAFT).select_related("organisation")
        for application in applications:
            entry = entries.get(application.pk)
            if application.state == State.ADMISSIBLE:
                awarded = entry is not None and entry.outcome == RankingEntry.Outcome.AWARDED
                application.state = State.AWARDED if awarded else State.NOT_AWARDED
                application.save(update_fields=["state", "updated_at"])
            _record(
                call,
                Action.NOTIFIED,
                by=by,
                application=application,
                note=application.get_state_display(),
            )
            _notify_members(
                application,
                "calls/email/result",
                {
                    "application": application,
                    "call": call,
                    "organisation": application.organisation,
                    "entry": entry,
                    "total": len(entries),
                },
            )
    return call
