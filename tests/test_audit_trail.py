"""Every decision of city staff and reviewers writes one event in the audit trail:
who (and in which role), what, on which object, with the details."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.models import AuditEvent, User
from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.ballots import services as ballot_services
from manifatture.ballots.tests.factories import BallotActivityFactory, BallotFactory
from manifatture.bookings import services as booking_services
from manifatture.calls import services as call_services
from manifatture.calls.models import RankingEntry
from manifatture.calls.tests.factories import (
    CallFactory,
    CommitteeMemberFactory,
    CriterionFactory,
    DraftCallFactory,
)
from manifatture.calls.tests.factories import (
    SubmittedApplicationFactory as CallApplicationFactory,
)
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.editions import services as edition_services
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations import services as participation_services
from manifatture.participations.tests.factories import (
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)
from manifatture.qualifications import services as albo_services
from manifatture.qualifications.tests.factories import PendingEntryFactory
from manifatture.spaces import services as space_services
from manifatture.spaces.models import Space
from manifatture.spaces.tests.factories import SpaceFactory
from manifatture.tickets.tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


def only_event(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [e.action for e in AuditEvent.objects.all()]
    return events[0]


def assert_by(event: AuditEvent, user: User, role: str) -> None:
    assert event.actor_id == user.pk
    assert user.email in event.actor_label and user.full_name in event.actor_label
    assert event.actor_role == role
    assert event.created_at is not None


@pytest.mark.parametrize(
    ("decision", "action", "state"),
    [
        ("accepted", "participations.application_accepted", "accepted"),
        ("rejected", "participations.application_rejected", "rejected"),
        ("changes_requested", "participations.changes_requested", "changes_requested"),
    ],
)
def test_host_application_decisions(decision, action, state):
    staff = StaffFactory()
    application = SubmittedApplicationFactory(edition=PhasedEditionFactory(in_review=True))

    participation_services.decide_application(
        application, decision=decision, note="Motivo scritto", by=staff
    )

    event = only_event(action)
    assert_by(event, staff, "city_staff")
    assert (event.object_type, event.object_id) == (
        "participations.application",
        str(application.pk),
    )
    assert event.summary == "Motivo scritto"
    assert event.changes == {"state": ["submitted", state]}


def test_host_application_review_and_criterion():
    staff, reviewer = StaffFactory(), ReviewerFactory()
    edition = PhasedEditionFactory(in_review=True)
    criterion = ReviewCriterionFactory(edition=edition)
    participation_services.save_review_criterion(criterion, by=staff)
    application = SubmittedApplicationFactory(edition=edition)

    participation_services.score_application(
        application, reviewer=reviewer, scores={criterion.pk: 4}, comment="Buona"
    )

    assert_by(only_event("participations.criterion_saved"), staff, "city_staff")
    event = only_event("participations.review_saved")
    assert_by(event, reviewer, "reviewer")
    assert event.changes == {"scores": {str(criterion.pk): 4}}


def test_call_evaluation_from_admissibility_to_results():
    now = timezone.now()
    staff, reviewer = StaffFactory(), ReviewerFactory()
    call = CallFactory(
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        results_at=now + datetime.timedelta(days=10),
    )
    criterion = CriterionFactory(call=call, max_points=10)
    CommitteeMemberFactory(call=call, reviewer=reviewer)
    application = CallApplicationFactory(call=call)

    call_services.check_admissibility(application, admissible=True, by=staff)
    call_services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    call_services.score_application(
        application, reviewer=reviewer, points={criterion.pk: 7}, comment="Solida"
    )
    call_services.compute_ranking(call, by=staff)
    call_services.approve_ranking(call, by=staff)
    call_services.publish_results(call, by=staff)

    assert_by(only_event("calls.admissibility_checked"), staff, "city_staff")
    assert_by(only_event("calls.conflict_declared"), reviewer, "reviewer")
    review = only_event("calls.review_saved")
    assert_by(review, reviewer, "reviewer")
    assert review.changes == {"points": {str(criterion.pk): 7}, "comment": "Solida"}
    assert review.object_type == "calls.application"
    ranking = only_event("calls.ranking_computed")
    entry = RankingEntry.objects.get(call=call)
    assert ranking.changes == {
        "ranking": [[1, application.protocol, str(entry.score), entry.outcome]]
    }
    assert (ranking.object_type, ranking.object_id) == ("calls.call", str(call.pk))
    assert_by(only_event("calls.ranking_approved"), staff, "city_staff")
    assert_by(only_event("calls.results_published"), staff, "city_staff")


def test_call_publication_and_committee():
    staff, reviewer = StaffFactory(), ReviewerFactory()
    call = DraftCallFactory()
    CriterionFactory(call=call)

    call_services.publish_call(call, by=staff)
    member = call_services.add_committee_member(call, reviewer=reviewer, by=staff)
    call_services.remove_committee_member(member, by=staff)

    assert_by(only_event("calls.call_published"), staff, "city_staff")
    assert reviewer.email in only_event("calls.committee_added").summary
    assert_by(only_event("calls.committee_removed"), staff, "city_staff")


def test_albo_verification():
    staff = StaffFactory()
    approved, rejected = PendingEntryFactory(), PendingEntryFactory()

    albo_services.approve(approved, by=staff)
    albo_services.reject(rejected, by=staff, reason="Manca la dichiarazione")

    event = only_event("qualifications.entry_approved")
    assert_by(event, staff, "city_staff")
    assert event.changes["state"] == ["submitted", "approved"]
    assert event.changes["expires_on"]
    assert only_event("qualifications.entry_rejected").summary == "Manca la dichiarazione"


def test_ballot_draw_records_the_seed():
    staff = StaffFactory()
    ballot = BallotFactory(closed=True)
    BallotActivityFactory(ballot=ballot)

    ballot_services.run_draw(ballot, by=staff, seed=12345)

    event = only_event("ballots.draw_run")
    assert_by(event, staff, "city_staff")
    assert event.changes == {"seed": 12345, "visitors": 0, "choices": 0, "won": 0}


def test_edition_changes_record_what_changed():
    staff = StaffFactory()
    edition = Edition(
        year=2040,
        title="Manifatture Aperte 2040",
        host_call_opens=timezone.now(),
        host_call_closes=timezone.now() + datetime.timedelta(days=10),
        review_closes=timezone.now() + datetime.timedelta(days=15),
        registration_opens=timezone.now() + datetime.timedelta(days=20),
        registration_closes=timezone.now() + datetime.timedelta(days=29),
        event_start=timezone.localdate(timezone.now() + datetime.timedelta(days=30)),
        event_end=timezone.localdate(timezone.now() + datetime.timedelta(days=31)),
    )
    edition_services.save_edition(edition, by=staff)
    edition.title = "Manifatture Aperte 2040 – Periferie"
    edition_services.save_edition(edition, by=staff)
    edition_services.save_edition(edition, by=staff)  # nothing changed: no event
    edition_services.make_current(edition, by=staff)

    created, changed = AuditEvent.objects.filter(action="editions.edition_saved").order_by("pk")
    assert created.changes["title"] == [None, "Manifatture Aperte 2040"]
    assert changed.changes == {
        "title": ["Manifatture Aperte 2040", "Manifatture Aperte 2040 – Periferie"]
    }
    assert_by(only_event("editions.edition_made_current"), staff, "city_staff")


def test_space_status_change():
    staff = StaffFactory()
    space = SpaceFactory()
    before = space.status
    to = next(s for s in Space.Status if s != before)

    space_services.change_space_status(space, to=to, by=staff, note="Sopralluogo fatto")

    event = only_event("spaces.status_changed")
    assert_by(event, staff, "city_staff")
    assert event.changes == {"status": [before, to]}
    assert event.summary == "Sopralluogo fatto"


def test_cancellations_by_staff_and_hosts_but_not_by_visitors():
    staff = StaffFactory()
    host = MembershipFactory()
    edition = EditionFactory()
    slot = TimeSlotFactory(
        activity=ActivityFactory(edition=edition, organisation=host.organisation)
    )
    visitor = UserFactory(full_name="Maria Visitatrice")
    booking = BookingFactory(slot=slot, visitor=visitor)
    own = BookingFactory(slot=TimeSlotFactory(activity=ActivityFactory(edition=edition)))

    booking_services.cancel_booking(booking, by=host.user, reason="Macchina guasta")
    booking_services.cancel_booking(own, by=own.visitor)  # the visitor's own: not a decision
    booking_services.cancel_slot(slot, by=staff, reason="Sciopero")
    other = ActivityFactory(edition=edition, organisation=host.organisation)
    TimeSlotFactory(activity=other)
    booking_services.cancel_activity_bookings(other, by=host.user, reason="Chiusura")

    cancelled = only_event("bookings.booking_cancelled")
    assert_by(cancelled, host.user, "host")
    assert "Maria Visitatrice" not in cancelled.object_label  # visitors are not named
    assert cancelled.summary == "Macchina guasta"
    assert_by(only_event("bookings.slot_cancelled"), staff, "city_staff")
    activity_event = only_event("bookings.activity_cancelled")
    assert_by(activity_event, host.user, "host")
    assert activity_event.changes == {"slots": 1, "bookings_cancelled": 0}


def test_role_changes_in_the_admin(client):
    admin = User.objects.create_superuser(
        email="admin@esempio.it", password="una-password", full_name="Amministrazione"
    )
    person = UserFactory()
    client.force_login(admin)
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "role": User.Role.CITY_STAFF,
        "is_active": "on",
        "date_joined_0": "2026-10-01",
        "date_joined_1": "10:00:00",
    }

    response = client.post(reverse("admin:accounts_user_change", args=[person.pk]), data)

    assert response.status_code == 302
    event = only_event("accounts.role_changed")
    assert_by(event, admin, "admin")
    assert event.changes == {"role": ["visitor", "city_staff"]}
    assert (event.object_type, event.object_id) == ("accounts.user", str(person.pk))


def test_cancelling_an_activity_nobody_booked(client):
    from manifatture.activities.models import Activity

    staff = StaffFactory()
    activity = ActivityFactory(edition=EditionFactory())
    TimeSlotFactory(activity=activity)
    client.force_login(staff)

    client.post(reverse("activities:activity_cancel", args=[activity.pk]))

    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.CANCELLED
    event = only_event("bookings.activity_cancelled")
    assert_by(event, staff, "city_staff")
    assert event.object_type == "activities.activity"
