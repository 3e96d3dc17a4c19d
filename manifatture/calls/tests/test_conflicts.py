"""Conflicts of interest on the calls' committee (issue 12, item 1c): only a
membership accepted before the application was submitted counts; staff may rule
one out, recorded in the audit trail; a declared conflict stays."""

import html

import pytest
from django.urls import reverse

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import StaffFactory
from manifatture.calls import queries, services
from manifatture.calls.exceptions import ConflictOfInterest
from manifatture.calls.tests.factories import AdmissibleApplicationFactory, CommitteeMemberFactory
from manifatture.calls.tests.test_evaluation import closed_call
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.reviewing.exceptions import NoConflictToOverride
from manifatture.reviewing.models import ConflictRuling

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return closed_call()


def test_joining_the_applicant_after_submission_does_not_silence_a_committee_member(call):
    reviewer = CommitteeMemberFactory(call=call).reviewer
    application = AdmissibleApplicationFactory(call=call)
    MembershipFactory(user=reviewer, organisation=application.organisation)  # joined later

    review = services.declare_conflict(application, reviewer=reviewer, has_conflict=False)

    assert review.has_conflict is False


def test_staff_rule_out_a_membership_conflict_and_it_is_recorded(client, call):
    reviewer = CommitteeMemberFactory(call=call, reviewer__full_name="Luca Commissario").reviewer
    organisation = MembershipFactory(user=reviewer).organisation
    application = AdmissibleApplicationFactory(call=call, organisation=organisation)
    with pytest.raises(ConflictOfInterest):
        services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    staff = StaffFactory()
    client.force_login(staff)
    page = html.unescape(
        client.get(reverse("calls:staff_application", args=[application.pk])).content.decode()
    )
    assert "Luca Commissario" in page and "Escludi il conflitto" in page

    client.post(
        reverse("calls:staff_conflict_override", args=[application.pk, reviewer.pk]),
        {"reason": "Uscito dall'associazione anni fa"},
    )

    assert not queries.has_conflict(reviewer, application)
    services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    event = AuditEvent.objects.get(action="calls.conflict_overridden")
    assert event.actor == staff
    assert "Uscito dall'associazione anni fa" in event.summary


def test_a_declared_conflict_is_never_overridden(call):
    reviewer = CommitteeMemberFactory(call=call).reviewer
    organisation = MembershipFactory(user=reviewer).organisation
    application = AdmissibleApplicationFactory(call=call, organisation=organisation)
    services.declare_conflict(application, reviewer=reviewer, has_conflict=True)

    with pytest.raises(NoConflictToOverride):
        services.override_conflict(
            application, reviewer=reviewer, by=StaffFactory(), reason="Non conta"
        )
    assert not ConflictRuling.objects.exists()
