"""Reads about calls, applications, reviews and rankings, and the access helpers."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.directory.models import Membership, Organisation, Site
from manifatture.directory.queries import conflicting_memberships, organisations_of
from manifatture.reviewing.models import ConflictRuling
from manifatture.reviewing.queries import Conflict, ruling_kind

from . import ranking
from .eligibility import Eligibility, check_eligibility
from .models import (
    Application,
    Attachment,
    Call,
    CallCriterion,
    CallEvent,
    CommitteeMember,
    RankingEntry,
    Review,
    Score,
)

State = Application.State
# Paths under /bandi/ that a call's slug must not shadow.
RESERVED_SLUGS = frozenset({"gestione", "domande", "valutazione", "le-mie-domande"})
# What the committee may read: applications found admissible, and their outcome.
REVIEWABLE_STATES = (State.ADMISSIBLE, State.AWARDED, State.NOT_AWARDED)


def open_calls() -> QuerySet[Call]:
    """Published calls accepting applications now, closing soonest first (for the portal)."""
    now = timezone.now()
    return Call.objects.filter(
        status=Call.Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now
    ).order_by("closes_at", "pk")


def public_calls() -> QuerySet[Call]:
    return Call.objects.exclude(status=Call.Status.DRAFT).order_by("-opens_at", "pk")


def calls_by_phase() -> dict[str, list[Call]]:
    """Public calls split into open, upcoming and closed (one query)."""
    now = timezone.now()
    groups: dict[str, list[Call]] = {"open": [], "upcoming": [], "closed": []}
    for call in public_calls():
        if call.status == Call.Status.PUBLISHED and call.opens_at <= now < call.closes_at:
            groups["open"].append(call)
        elif call.status == Call.Status.PUBLISHED and now < call.opens_at:
            groups["upcoming"].append(call)
        else:
            groups["closed"].append(call)
    groups["open"].sort(key=lambda call: call.closes_at)
    return groups


def get_public_call(user: User | AnonymousUser, slug: str) -> Call:
    """A call for its page: public once published; in preparation, staff only."""
    call = get_object_or_404(Call, slug=slug)
    if call.status == Call.Status.DRAFT and not (user.is_authenticated and user.is_city_staff):
        raise Http404
    return call


def criteria_of(call: Call) -> QuerySet[CallCriterion]:
    return call.criteria.order_by("position", "pk")


def requirements_of(call: Call):
    return call.document_requirements.order_by("position", "pk")


def spaces_of(call: Call):
    return call.spaces.select_related("comune", "municipio").order_by("name")


def has_conflict(reviewer: User, application: Application) -> bool:
    """A conflict the committee member cannot declare away: they were a member of
    the applicant organisation before the application was submitted
    (directory.queries.conflicting_memberships), unless staff ruled it out."""
    if application.submitted_at is None:
        return False
    return (
        conflicting_memberships(
            user=reviewer,
            organisation=application.organisation_id,
            before=application.submitted_at,
        ).exists()
        and ruling_kind(application, reviewer) != ConflictRuling.Kind.CLEARED
    )


def conflicts_on(application: Application) -> list[Conflict]:
    """The committee members with a conflict on the application: by membership
    before submission, or declared; with staff's overrides; by name."""
    committee = {
        member.reviewer_id: member.reviewer
        for member in application.call.committee_members.select_related("reviewer")
    }
    since = {}
    if application.submitted_at is not None:
        since = dict(
            conflicting_memberships(
                organisation=application.organisation_id, before=application.submitted_at
            )
            .filter(user_id__in=committee)
            .values_list("user_id", "created_at")
        )
    declared = set(
        application.reviews.filter(has_conflict=True).values_list("reviewer_id", flat=True)
    )
    overrides = {
        ruling.reviewer_id: ruling
        for ruling in application.conflict_rulings.filter(
            kind=ConflictRuling.Kind.CLEARED
        ).select_related("decided_by")
    }
    conflicts = [
        Conflict(committee[pk], since.get(pk), pk in declared, overrides.get(pk))
        for pk in committee
        if pk in since or pk in declared
    ]
    return sorted(conflicts, key=lambda c: (c.reviewer.full_name.casefold(), c.reviewer.email))


def is_member(user: User, organisation_id: int) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=organisation_id).exists()
    )


def organisations_for_call(
    user: User | AnonymousUser, call: Call
) -> list[tuple[Organisation, Application | None, Eligibility]]:
    """The person's organisations, each with its application to the call (or None)
    and whether its profile meets the call's rules (with the reasons)."""
    if not user.is_authenticated:
        return []
    organisations = list(
        organisations_of(user).prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("comune"))
        )
    )
    if not organisations:
        return []
    applications = {
        application.organisation_id: application
        for application in Application.objects.filter(call=call, organisation__in=organisations)
    }
    return [
        (
            organisation,
            applications.get(organisation.pk),
            check_eligibility(call, organisation, sites=organisation.sites.all()),
        )
        for organisation in organisations
    ]


def is_on_committee(user: User, call_id: int) -> bool:
    return (
        user.is_authenticated
        and user.is_reviewer
        and CommitteeMember.objects.filter(call_id=call_id, reviewer=user).exists()
    )


def _reviewer_may_read(user: User, application: Application) -> bool:
    """A committee member reads an admissible application after declaring no conflict."""
    if application.state not in REVIEWABLE_STATES or not is_on_committee(user, application.call_id):
        return False
    return Review.objects.filter(
        application=application, reviewer=user, has_conflict=False
    ).exists()


def get_application_for_user(user: User, pk: int, *, manage: bool = False) -> Application:
    """The application `pk`, if `user` may see it (or change it, with manage).

    Members of the organisation see and change it; city staff see it; committee
    members see admissible applications on which they declared no conflict.
    404 if it doesn't exist, 403 otherwise.
    """
    application = get_object_or_404(
        Application.objects.select_related("call", "organisation", "requested_space"), pk=pk
    )
    if not user.is_authenticated:
        raise PermissionDenied
    if is_member(user, application.organisation_id):
        return application
    if manage:
        raise PermissionDenied
    if user.is_city_staff or _reviewer_may_read(user, application):
        return application
    raise PermissionDenied


def get_attachment_for_user(user: User, pk: int, attachment_pk: int) -> Attachment:
    """An attachment, for whoever may see its application (same rules)."""
    application = get_application_for_user(user, pk)
    return get_object_or_404(
        Attachment.objects.select_related("requirement"),
        pk=attachment_pk,
        application=application,
    )


def attachments_of(application: Application) -> QuerySet[Attachment]:
    return application.attachments.select_related("requirement").order_by(
        "requirement__position", "requirement__pk"
    )


# Committee steps stay among staff: applicants don't learn who reviewed them or declared a conflict.
COMMITTEE_ACTIONS = (
    CallEvent.Action.NO_CONFLICT,
    CallEvent.Action.CONFLICT,
    CallEvent.Action.CONFLICT_OVERRIDDEN,
    CallEvent.Action.REVIEWED,
)


def application_history(application: Application, *, full: bool = False) -> QuerySet[CallEvent]:
    """The application's events; without `full` (staff), the committee's steps are left out."""
    events = application.events.select_related("actor").order_by("created_at", "pk")
    return events if full else events.exclude(action__in=COMMITTEE_ACTIONS)


def call_history(call: Call) -> QuerySet[CallEvent]:
    return call.events.select_related("actor", "application__organisation").order_by(
        "created_at", "pk"
    )


def applications_of(user: User) -> QuerySet[Application]:
    """Applications of the person's organisations, newest first."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(organisation__memberships__user=user)
        .select_related("call", "organisation")
        .order_by("-created_at", "-pk")
    )


def staff_calls() -> QuerySet[Call]:
    return Call.objects.annotate(
        submitted_count=Count("applications", filter=~Q(applications__state=State.DRAFT))
    ).order_by("-opens_at", "pk")


def applications_for_staff(call: Call) -> QuerySet[Application]:
    """Submitted applications with how many committee members completed a review."""
    return (
        call.applications.exclude(state=State.DRAFT)
        .select_related("organisation", "requested_space")
        .annotate(
            completed_reviews=Count(
                "reviews",
                filter=Q(reviews__completed_at__isnull=False, reviews__has_conflict=False),
            ),
            conflicts=Count("reviews", filter=Q(reviews__has_conflict=True)),
        )
        .order_by("protocol_seq", "pk")
    )


def committee_of(call: Call) -> QuerySet[CommitteeMember]:
    return call.committee_members.select_related("reviewer").order_by(
        "reviewer__full_name", "reviewer__email"
    )


def available_reviewers(call: Call) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role__in=[User.Role.REVIEWER, User.Role.CITY_STAFF])
        .exclude(committee_memberships__call=call)
        .order_by("full_name", "email")
    )


def review_queue(user: User) -> QuerySet[Application]:
    """Admissible applications of the calls whose committee the person sits on,
    with the person's own declaration and progress."""
    mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user)
    return (
        Application.objects.filter(
            call__committee_members__reviewer=user,
            call__status=Call.Status.PUBLISHED,
            state=State.ADMISSIBLE,
        )
        .select_related("call", "organisation")
        .annotate(
            declared=Exists(mine),
            conflict=Exists(mine.filter(has_conflict=True)),
            completed=Exists(mine.filter(completed_at__isnull=False)),
        )
        .order_by("call__closes_at", "protocol_seq")
    )


def get_application_for_reviewer(user: User, pk: int) -> tuple[Application, Review | None]:
    """An admissible application of a call the person reviews, with their declaration.
    What they may read of it depends on the declaration (see the review view)."""
    application = get_object_or_404(
        Application.objects.select_related("call", "organisation", "requested_space"), pk=pk
    )
    if not is_on_committee(user, application.call_id):
        raise PermissionDenied
    if application.state not in REVIEWABLE_STATES:
        raise PermissionDenied
    review = (
        Review.objects.filter(application=application, reviewer=user)
        .prefetch_related("scores")
        .first()
    )
    return application, review


def reviews_of(application: Application) -> list[Review]:
    """All declarations and reviews of an application, with scores (staff only)."""
    return list(
        application.reviews.select_related("reviewer")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion__pk"
                ),
            )
        )
        .order_by("declared_at", "pk")
    )


def ranking_candidates(call: Call) -> tuple[list[ranking.Candidate], dict[int, int], list[str]]:
    """The admissible applications as ranking input, from completed reviews without
    conflict only; with each one's number of reviews and the protocols of those
    that have none yet."""
    applications = list(call.applications.filter(state=State.ADMISSIBLE).order_by("protocol_seq"))
    points: dict[int, dict[int, list[int]]] = {a.pk: {} for a in applications}
    reviewers: dict[int, set[int]] = {a.pk: set() for a in applications}
    scores = Score.objects.filter(
        review__application__in=applications,
        review__has_conflict=False,
        review__completed_at__isnull=False,
    ).values_list("review__application_id", "review__reviewer_id", "criterion_id", "points")
    for application_id, reviewer_id, criterion_id, value in scores:
        points[application_id].setdefault(criterion_id, []).append(value)
        reviewers[application_id].add(reviewer_id)
    candidates, unscored = [], []
    for application in applications:
        if not reviewers[application.pk]:
            unscored.append(application.protocol)
            continue
        # Submitted: dated and numbered (constraints on Application).
        assert application.submitted_at is not None and application.protocol_seq is not None
        candidates.append(
            ranking.Candidate(
                application_id=application.pk,
                submitted_at=application.submitted_at,
                protocol_seq=application.protocol_seq,
                points=points[application.pk],
            )
        )
    return candidates, {pk: len(ids) for pk, ids in reviewers.items()}, unscored


def ranking_of(call: Call) -> QuerySet[RankingEntry]:
    """The ranking with what the public page shows: organisation, score, outcome, space."""
    return (
        RankingEntry.objects.filter(call=call)
        .select_related("application__organisation", "awarded_space")
        .order_by("position")
    )


def results_summary(call: Call) -> dict:
    counts = call.applications.exclude(state=State.DRAFT).aggregate(
        submitted=Count("pk"), inadmissible=Count("pk", filter=Q(state=State.INADMISSIBLE))
    )
    return counts


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    """Applications the person started or sent, files they uploaded, committees
    they sit on and the reviews they wrote. The files themselves stay in the
    organisation's application (their names and fingerprints are here)."""
    mine = Q(created_by=user) | Q(submitted_by=user)
    return {
        "applications": [
            {
                "id": application.pk,
                "call": application.call.title_it,
                "organisation": application.organisation.name,
                "protocol": application.protocol,
                "state": application.state,
                "project_summary": application.project_summary,
                "answers": application.answers,
                "started_by_you": application.created_by_id == user.pk,
                "sent_by_you": application.submitted_by_id == user.pk,
                "submitted_at": application.submitted_at.isoformat()
                if application.submitted_at
                else None,
            }
            for application in Application.objects.filter(mine)
            .select_related("call", "organisation")
            .order_by("pk")
        ],
        "attachments_uploaded": [
            {
                "application": attachment.application_id,
                "file_name": attachment.original_name,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "uploaded_at": attachment.uploaded_at.isoformat(),
            }
            for attachment in Attachment.objects.filter(uploaded_by=user).order_by("pk")
        ],
        "committees": [
            {"call": member.call.title_it, "since": member.added_at.isoformat()}
            for member in CommitteeMember.objects.filter(reviewer=user)
            .select_related("call")
            .order_by("pk")
        ],
        "reviews": [
            {
                "application": review.application_id,
                "has_conflict": review.has_conflict,
                "conflict_note": review.conflict_note,
                "comment": review.comment,
                "points": {score.criterion.name_it: score.points for score in review.scores.all()},
                "completed_at": review.completed_at.isoformat() if review.completed_at else None,
            }
            for review in Review.objects.filter(reviewer=user)
            .prefetch_related("scores__criterion")
            .order_by("pk")
        ],
    }


def review_closes_at(call: Call) -> datetime.datetime:
    """When the committee stops scoring: the expected publication of the
    results, or later if staff reopened the review."""
    reopened = call.review_reopened_until
    return max(call.results_at, reopened) if reopened else call.results_at


def review_is_open(call: Call, *, now: datetime.datetime | None = None) -> bool:
    """The committee may score: the rule the service enforces and the pages show."""
    return (now or timezone.now()) < review_closes_at(call)
