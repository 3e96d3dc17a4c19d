"""Reads about applications, reviews and the hosts of an edition, and the access helper."""

import datetime
from typing import TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from manifatture.accounts.models import User
from manifatture.directory.models import Membership, Organisation
from manifatture.directory.queries import conflicting_memberships, organisations_of
from manifatture.editions.models import Edition
from manifatture.reviewing.models import ConflictRuling
from manifatture.reviewing.queries import Conflict, ruling_kind, rulings_for

from .models import (
    Application,
    ApplicationEvent,
    Review,
    ReviewCriterion,
    Score,
)

State = Application.State


def organisation_can_manage_programme(organisation: Organisation, edition: Edition) -> bool:
    """True when the organisation's application to the edition was accepted."""
    return Application.objects.filter(
        organisation=organisation, edition=edition, state=State.ACCEPTED
    ).exists()


def accepted_organisations(edition: Edition) -> QuerySet[Organisation]:
    """The hosts of an edition: organisations whose application was accepted."""
    return Organisation.objects.filter(
        applications__edition=edition, applications__state=State.ACCEPTED
    ).order_by("name")


def application_for(organisation: Organisation, edition: Edition) -> Application | None:
    return Application.objects.filter(organisation=organisation, edition=edition).first()


def previous_application(organisation: Organisation, edition: Edition) -> Application | None:
    """The organisation's most recent application to an earlier edition."""
    return (
        Application.objects.filter(organisation=organisation, edition__year__lt=edition.year)
        .select_related("edition")
        .order_by("-edition__year")
        .first()
    )


def organisations_with_application(
    user: User, edition: Edition | None
) -> list[tuple[Organisation, Application | None]]:
    """The person's organisations, each with its application to the edition (or None)."""
    organisations = list(organisations_of(user))
    if edition is None or not organisations:
        return [(organisation, None) for organisation in organisations]
    applications = {
        application.organisation_id: application
        for application in Application.objects.filter(
            edition=edition, organisation__in=organisations
        )
    }
    return [(organisation, applications.get(organisation.pk)) for organisation in organisations]


def is_member(user: User, organisation_id: int) -> bool:
    """True when the person is an owner or staff member of the organisation."""
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=organisation_id).exists()
    )


def has_conflict(reviewer: User, application: Application) -> bool:
    """The reviewer may not score the application: they declared a conflict, or
    they were a member of the organisation before it was submitted
    (directory.queries.conflicting_memberships) and staff did not rule it out."""
    ruling = ruling_kind(application, reviewer)
    if ruling is not None:
        return ruling == ConflictRuling.Kind.DECLARED
    if application.submitted_at is None:
        return False
    return conflicting_memberships(
        user=reviewer, organisation=application.organisation_id, before=application.submitted_at
    ).exists()


def _has_conflict_expression(reviewer: User) -> ExpressionWrapper:
    """has_conflict() for each application of a queryset."""
    rulings = rulings_for(Application).filter(object_id=OuterRef("pk"), reviewer=reviewer)
    member = Exists(
        conflicting_memberships(
            user=reviewer, organisation=OuterRef("organisation"), before=OuterRef("submitted_at")
        )
    )
    return ExpressionWrapper(
        Q(Exists(rulings.filter(kind=ConflictRuling.Kind.DECLARED)))
        | Q(member, ~Exists(rulings.filter(kind=ConflictRuling.Kind.CLEARED))),
        output_field=BooleanField(),
    )


def conflicts_on(application: Application) -> list[Conflict]:
    """Every reviewer with a conflict on the application, found by the membership
    rule or declared, and those staff ruled out; by name."""
    found: dict[int, Conflict] = {}
    if application.submitted_at is not None:
        memberships = (
            conflicting_memberships(
                organisation=application.organisation_id, before=application.submitted_at
            )
            .filter(user__role__in=[User.Role.REVIEWER, User.Role.CITY_STAFF], user__is_active=True)
            .select_related("user")
        )
        for membership in memberships:
            found[membership.user_id] = Conflict(
                membership.user, membership.created_at, False, None
            )
    for ruling in application.conflict_rulings.select_related("reviewer", "decided_by"):
        since = found[ruling.reviewer_id].member_since if ruling.reviewer_id in found else None
        declared = ruling.kind == ConflictRuling.Kind.DECLARED
        found[ruling.reviewer_id] = Conflict(
            ruling.reviewer, since, declared, None if declared else ruling
        )
    return sorted(found.values(), key=lambda c: (c.reviewer.full_name.casefold(), c.reviewer.email))


def get_application_for_user(user: User, pk: int, *, manage: bool = False) -> Application:
    """The application `pk`, if `user` may see it (or change it, with manage).

    Members of the organisation see and change it; city staff and reviewers see it,
    reviewers only once it was submitted. 404 if it doesn't exist, 403 otherwise.
    """
    application = get_object_or_404(
        Application.objects.select_related("edition", "organisation"), pk=pk
    )
    if not user.is_authenticated:
        raise PermissionDenied
    if is_member(user, application.organisation_id):
        return application
    if manage:
        raise PermissionDenied
    if user.is_city_staff:
        return application
    if user.is_reviewer and application.submitted_at is not None:
        return application
    raise PermissionDenied


def application_history(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor")


def proposed_activities(application: Application):
    return application.proposed_activities.all()


def criteria_of(edition: Edition) -> QuerySet[ReviewCriterion]:
    return ReviewCriterion.objects.filter(edition=edition)


def review_by(application: Application, reviewer: User) -> Review | None:
    return (
        Review.objects.filter(application=application, reviewer=reviewer)
        .prefetch_related("scores")
        .first()
    )


class QueueMarks(TypedDict):
    reviewed_by_me: bool
    has_conflict: bool


def review_queue(
    edition: Edition, reviewer: User
) -> "QuerySet[WithAnnotations[Application, QueueMarks]]":
    """Submitted applications of the edition, marked with the reviewer's own progress."""
    return (
        Application.objects.filter(edition=edition, state=State.SUBMITTED)
        .select_related("organisation")
        .annotate(
            reviewed_by_me=Exists(
                Review.objects.filter(application=OuterRef("pk"), reviewer=reviewer)
            ),
            has_conflict=_has_conflict_expression(reviewer),
        )
        .order_by("submitted_at", "pk")
    )


def _review_count() -> Coalesce:
    reviews = (
        Review.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(reviews, output_field=IntegerField()), Value(0))


def _weighted_score() -> Subquery:
    """Mean of all scores of all reviews of the application, each weighted by its criterion."""
    scores = (
        Score.objects.filter(review__application=OuterRef("pk"))
        .order_by()
        .values("review__application")
        .annotate(
            average=Cast(Sum(F("value") * F("criterion__weight")), FloatField())
            / Cast(Sum("criterion__weight"), FloatField())
        )
        .values("average")
    )
    return Subquery(scores, output_field=FloatField())


def applications_for_staff(edition: Edition, *, state: str = "") -> QuerySet[Application]:
    """The edition's applications with their number of reviews and weighted score.

    Without a state, drafts are left out: they are the hosts' work in progress.
    """
    applications = Application.objects.filter(edition=edition)
    if state:
        applications = applications.filter(state=state)
    else:
        applications = applications.exclude(state=State.DRAFT)
    return (
        applications.select_related("organisation")
        .annotate(review_count=_review_count(), weighted_score=_weighted_score())
        .order_by(F("weighted_score").desc(nulls_last=True), "submitted_at", "pk")
    )


def reviews_of(application: Application) -> list[Review]:
    """All reviews of the application, each with its scores and weighted average (staff only)."""
    reviews = list(
        application.reviews.select_related("reviewer")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion__pk"
                ),
            )
        )
        .order_by("created_at", "pk")
    )
    return reviews


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    """Applications the person started, the changes of state they made, the
    reviews they wrote."""
    return {
        "applications_started": [
            {
                "id": application.pk,
                "edition": application.edition.year,
                "organisation": application.organisation.name,
                "state": application.state,
                "motivation": application.motivation,
                "expected_visitors": application.expected_visitors,
                "notes_for_staff": application.notes_for_staff,
                "created_at": application.created_at.isoformat(),
            }
            for application in Application.objects.filter(created_by=user)
            .select_related("edition", "organisation")
            .order_by("pk")
        ],
        "application_events": [
            {
                "application": event.application_id,
                "from_state": event.from_state,
                "to_state": event.to_state,
                "note": event.note,
                "at": event.created_at.isoformat(),
            }
            for event in ApplicationEvent.objects.filter(actor=user).order_by("pk")
        ],
        "reviews": [
            {
                "application": review.application_id,
                "comment": review.comment,
                "scores": {score.criterion.name_it: score.value for score in review.scores.all()},
                "updated_at": review.updated_at.isoformat(),
            }
            for review in Review.objects.filter(reviewer=user)
            .prefetch_related("scores__criterion")
            .order_by("pk")
        ],
    }


def review_closes_at(application: Application) -> datetime.datetime:
    """When reviewers stop scoring this application: the edition's end of the
    review phase, or later if staff reopened its review."""
    closes = application.edition.review_closes
    reopened = application.review_reopened_until
    return max(closes, reopened) if reopened else closes


def review_is_open(application: Application, *, now: datetime.datetime | None = None) -> bool:
    """Reviewers may score: the one rule the service enforces and the pages show."""
    return (now or timezone.now()) < review_closes_at(application)
