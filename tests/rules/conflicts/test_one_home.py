"""Conflicts of interest have one home for both reviews (docs/architecture.md):
staff's ruling on an edition's application and on a call's application is a row of
reviewing.ConflictRuling, written by reviewing.services.clear_conflict, read by each
app's has_conflict, and deleted with its application only."""

import pytest

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory
from manifatture.calls import queries as calls_queries
from manifatture.calls import services as calls_services
from manifatture.calls.tests.factories import AdmissibleApplicationFactory, CommitteeMemberFactory
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.participations import queries as participations_queries
from manifatture.participations import services as participations_services
from manifatture.participations.tests.factories import SubmittedApplicationFactory
from manifatture.reviewing.exceptions import ReasonRequired
from manifatture.reviewing.models import ConflictRuling

pytestmark = pytest.mark.django_db


def test_both_reviews_rule_out_a_conflict_in_the_one_table_and_delete_only_their_own():
    reviewer = ReviewerFactory()
    organisation = MembershipFactory(user=reviewer).organisation
    host_application = SubmittedApplicationFactory(organisation=organisation)
    # The same key on both sides: only the content type keeps their rulings apart.
    call_application = AdmissibleApplicationFactory(
        pk=host_application.pk, organisation=organisation
    )
    CommitteeMemberFactory(call=call_application.call, reviewer=reviewer)
    staff = StaffFactory()
    assert participations_queries.has_conflict(reviewer, host_application)
    assert calls_queries.has_conflict(reviewer, call_application)

    participations_services.override_conflict(
        host_application, reviewer=reviewer, by=staff, reason="Uscita nel 2019"
    )
    assert not participations_queries.has_conflict(reviewer, host_application)
    assert calls_queries.has_conflict(reviewer, call_application)
    calls_services.override_conflict(
        call_application, reviewer=reviewer, by=staff, reason="Socio onorario"
    )

    assert not calls_queries.has_conflict(reviewer, call_application)
    assert sorted(ConflictRuling.objects.values_list("note", "kind")) == [
        ("Socio onorario", "cleared"),
        ("Uscita nel 2019", "cleared"),
    ]
    assert [c.override.note for c in calls_queries.conflicts_on(call_application)] == [
        "Socio onorario"
    ]
    call_application.delete()
    assert list(ConflictRuling.objects.values_list("note", flat=True)) == ["Uscita nel 2019"]
    assert not participations_queries.has_conflict(reviewer, host_application)


def test_a_ruling_without_a_reason_is_refused_in_both():
    reviewer = ReviewerFactory()
    organisation = MembershipFactory(user=reviewer).organisation
    host_application = SubmittedApplicationFactory(organisation=organisation)
    call_application = AdmissibleApplicationFactory(organisation=organisation)
    CommitteeMemberFactory(call=call_application.call, reviewer=reviewer)

    with pytest.raises(ReasonRequired):
        participations_services.override_conflict(
            host_application, reviewer=reviewer, by=StaffFactory(), reason="  "
        )
    with pytest.raises(ReasonRequired):
        calls_services.override_conflict(
            call_application, reviewer=reviewer, by=StaffFactory(), reason=""
        )
    assert not ConflictRuling.objects.exists()
