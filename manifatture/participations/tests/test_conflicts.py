"""Conflicts of interest in the call for hosts (issue 12, item 1c): only a
membership accepted before the application was submitted counts, plus the
reviewer's own declaration; staff see conflicts and may rule one out (audited)."""

import html

import pytest
from django.urls import reverse

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory
from manifatture.directory import services as directory_services
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations import exceptions, queries, services
from manifatture.participations.models import Review, ReviewCriterion
from manifatture.participations.tests.factories import (
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)
from manifatture.reviewing.exceptions import NoConflictToOverride
from manifatture.reviewing.models import ConflictRuling

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = EditionFactory()
    ReviewCriterionFactory(edition=edition, name_it="Qualità", weight=1)
    return edition


def scores(edition, value=4):
    return {c.pk: value for c in ReviewCriterion.objects.filter(edition=edition)}


def test_joining_the_applicant_after_submission_makes_no_conflict(edition):
    """The attack: an applicant pulls a reviewer into its organisation to keep
    them from scoring. Even once the reviewer accepts, the application predates it."""
    reviewer = ReviewerFactory()
    application = SubmittedApplicationFactory(edition=edition)
    owner = MembershipFactory(organisation=application.organisation).user
    invitation = directory_services.invite_member(
        application.organisation, email=reviewer.email, invited_by=owner
    )
    directory_services.accept_invitation(invitation, user=reviewer)

    assert not queries.has_conflict(reviewer, application)
    assert [a.has_conflict for a in queries.review_queue(edition, reviewer)] == [False]
    services.score_application(application, reviewer=reviewer, scores=scores(edition))
    assert Review.objects.filter(reviewer=reviewer).exists()


def test_a_membership_before_submission_is_a_conflict(edition):
    reviewer = ReviewerFactory()
    organisation = MembershipFactory(user=reviewer).organisation
    application = SubmittedApplicationFactory(edition=edition, organisation=organisation)

    assert queries.has_conflict(reviewer, application)
    assert [a.has_conflict for a in queries.review_queue(edition, reviewer)] == [True]
    with pytest.raises(exceptions.ConflictOfInterest):
        services.score_application(application, reviewer=reviewer, scores=scores(edition))


def test_a_reviewer_declares_a_conflict_and_their_review_goes(client, edition):
    reviewer = ReviewerFactory()
    application = SubmittedApplicationFactory(edition=edition)
    services.score_application(application, reviewer=reviewer, scores=scores(edition))
    client.force_login(reviewer)

    response = client.post(
        reverse("participations:review_conflict", args=[application.pk]),
        {"note": "Mio cugino"},
    )

    assert response["Location"] == reverse("participations:review_queue")
    assert not Review.objects.exists()
    assert queries.has_conflict(reviewer, application)
    assert [a.has_conflict for a in queries.review_queue(edition, reviewer)] == [True]
    event = AuditEvent.objects.get(action="participations.conflict_declared")
    assert (event.actor, event.summary) == (reviewer, "Mio cugino")


def test_staff_see_and_rule_out_a_membership_conflict_recorded_in_the_trail(client, edition):
    reviewer = ReviewerFactory(full_name="Marta Valutatrice")
    organisation = MembershipFactory(user=reviewer).organisation
    application = SubmittedApplicationFactory(edition=edition, organisation=organisation)
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("participations:staff_application", args=[application.pk])
    page = html.unescape(client.get(url).content.decode())
    assert "Marta Valutatrice" in page and "Escludi il conflitto" in page

    refused = client.post(
        reverse("participations:staff_conflict_override", args=[application.pk, reviewer.pk]),
        {"reason": " "},
        follow=True,
    )
    assert "Scrivete il motivo" in html.unescape(refused.content.decode())
    client.post(
        reverse("participations:staff_conflict_override", args=[application.pk, reviewer.pk]),
        {"reason": "Socia di un'associazione da cui è uscita nel 2019"},
    )

    assert not queries.has_conflict(reviewer, application)
    services.score_application(application, reviewer=reviewer, scores=scores(edition))
    event = AuditEvent.objects.get(action="participations.conflict_overridden")
    assert event.actor == staff
    assert event.changes["reviewer"] == reviewer.pk


def test_a_declared_conflict_cannot_be_overridden(edition):
    reviewer = ReviewerFactory()
    organisation = MembershipFactory(user=reviewer).organisation
    application = SubmittedApplicationFactory(edition=edition, organisation=organisation)
    services.declare_conflict(application, reviewer=reviewer)

    with pytest.raises(NoConflictToOverride):
        services.override_conflict(
            application, reviewer=reviewer, by=StaffFactory(), reason="Non conta"
        )
    assert ConflictRuling.objects.get().kind == ConflictRuling.Kind.DECLARED
    assert queries.has_conflict(reviewer, application)
