"""Demand nudges: a slot's waiting list past the edition's threshold tells the
host once per crossing, in their area and by e-mail, with the next free time
for one more slot, added in one click through the slot form and service."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.extra_slots import next_free_slot
from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, HubRoomFactory, event_time
from manifatture.bookings import demand, services
from manifatture.bookings.models import DemandNudge, WaitingListEntry
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory

from .conftest import fill, make_slot

pytestmark = pytest.mark.django_db


def wait(slot, party_size: int):
    return services.join_waiting_list(slot, visitor=UserFactory(), party_size=party_size)


@pytest.fixture
def full_slot(activity):
    slot = make_slot(activity, hour=10, capacity=10)
    fill(slot, 10)
    return slot


def test_the_threshold_rule():
    assert demand.in_demand(5, 10, 50)
    assert not demand.in_demand(4, 10, 50)
    assert demand.in_demand(10, 10, 100)
    assert not demand.in_demand(3, 0, 50)


def test_crossing_the_threshold_tells_the_host_once(full_slot, django_capture_on_commit_callbacks):
    owner = MembershipFactory(organisation=full_slot.activity.organisation).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wait(full_slot, 2)
        wait(full_slot, 2)
    assert not DemandNudge.objects.exists()  # 4 people for 10 places: under 50%
    with django_capture_on_commit_callbacks(execute=True):
        wait(full_slot, 1)  # 5 of 10: the threshold
        wait(full_slot, 3)  # still over it: no second message
    nudge = DemandNudge.objects.get()
    assert (nudge.waiting_seats, nudge.waiting_parties, nudge.capacity) == (5, 3, 10)
    host_mail = [m for m in mail.outbox if owner.email in m.to]
    assert len(host_mail) == 1
    assert full_slot.activity.title_it in host_mail[0].subject
    assert f"/programma/gestione/attivita/{full_slot.activity.pk}/" in host_mail[0].body


def test_a_new_crossing_after_the_list_shrinks_tells_the_host_again(
    full_slot, django_capture_on_commit_callbacks
):
    MembershipFactory(organisation=full_slot.activity.organisation)
    entries = [wait(full_slot, 3), wait(full_slot, 3)]
    first = DemandNudge.objects.get()
    services.leave_waiting_list(entries[0], by=entries[0].visitor)  # 3 of 10: back below
    first.refresh_from_db()
    assert first.closed_at is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        wait(full_slot, 2)  # 5 of 10 again
    assert DemandNudge.objects.count() == 2
    assert DemandNudge.objects.filter(closed_at__isnull=True).count() == 1
    assert callbacks  # the e-mail of the second crossing


def test_no_nudge_while_another_slot_of_the_activity_has_room(full_slot):
    """The people waiting can book the activity's other slot: no extra slot
    is asked for until that one is full too."""
    organisation = full_slot.activity.organisation
    MembershipFactory(organisation=organisation)
    other = make_slot(full_slot.activity, hour=14, capacity=4)
    wait(full_slot, 3)
    wait(full_slot, 3)  # 6 of 10 waiting, past the threshold
    assert not DemandNudge.objects.exists()
    booked = fill(other, 4)
    wait(full_slot, 1)  # the other slot is full now: the list asks for a slot
    nudge = DemandNudge.objects.get(closed_at__isnull=True)
    assert [n.nudge for n in demand.open_nudges([organisation.pk])] == [nudge]
    # A seat frees up in the other slot: the nudge is no longer shown.
    services.cancel_booking(booked[0], by=booked[0].visitor)
    assert demand.open_nudges([organisation.pk]) == []


def test_the_next_free_time_keeps_to_the_event_days_and_the_hosts_own_slots(activity):
    morning = make_slot(activity, day=0, hour=10, capacity=10, group_seats=2)
    make_slot(activity, day=0, hour=11, capacity=10)
    make_slot(activity, day=0, hour=14, capacity=10)
    proposal = next_free_slot(morning)
    # 10:00 and 11:00 are taken: 12:00 is the first hour free (nothing before 9:00).
    assert proposal.starts_at == event_time(activity.edition, day=0, hour=12)
    assert proposal.ends_at - proposal.starts_at == datetime.timedelta(hours=1)
    assert (proposal.capacity, proposal.group_seats, proposal.room) == (10, 2, None)
    first_day, after_last = activity.edition.event_bounds()
    assert first_day <= proposal.starts_at and proposal.ends_at <= after_last


def test_the_next_free_time_at_the_hub_keeps_rooms_free(edition):
    talk = ActivityFactory(edition=edition, kind="talk", site=None)
    other = ActivityFactory(edition=edition, kind="talk", site=None)
    room = HubRoomFactory(edition=edition, seats=40)
    full = make_slot(talk, day=0, hour=10, capacity=30, room=room)
    make_slot(talk, day=0, hour=16, capacity=30, room=room)
    # Another talk holds the room from 11:00 to 13:00.
    make_slot(other, day=0, hour=11, minutes=120, capacity=30, room=room)
    proposal = next_free_slot(full)
    assert proposal.room == room
    assert proposal.starts_at == event_time(edition, day=0, hour=13)


def test_a_host_adds_the_proposed_slot_in_one_click(client, full_slot):
    activity = full_slot.activity
    host = MembershipFactory(organisation=activity.organisation).user
    AcceptedApplicationFactory(edition=activity.edition, organisation=activity.organisation)
    for size in (3, 3):
        wait(full_slot, size)
    nudge = DemandNudge.objects.get()
    client.force_login(host)
    page = client.get(reverse("activities:manage"))
    assert page.status_code == 200
    item = page.context["nudges"][0]
    assert item.nudge == nudge
    response = client.post(
        reverse("activities:slot_add", args=[full_slot.activity.pk]), item.proposal.as_form_data()
    )
    assert response.status_code == 302
    added = TimeSlot.objects.exclude(pk=full_slot.pk).get(activity=full_slot.activity)
    assert (added.starts_at, added.capacity) == (item.proposal.starts_at, 10)
    nudge.refresh_from_db()
    assert nudge.answered_at is not None and nudge.added_slot == added
    assert client.get(reverse("activities:manage")).context["nudges"] == []


def test_staff_see_demand_by_activity_kind_and_municipio(client, full_slot):
    quiet = make_slot(full_slot.activity, hour=15, capacity=20)
    fill(quiet, 2)
    wait(full_slot, 4)
    wait(full_slot, 2)
    client.force_login(StaffFactory())
    page = client.get(reverse("insights:demand"))
    assert page.status_code == 200
    total = page.context["demand"].total
    assert (total.slots, total.capacity, total.booked) == (2, 30, 12)
    assert (total.waiting_seats, total.waiting_parties, total.waiting_percent) == (6, 2, 20)
    assert total.in_demand == 1
    [activity_row] = page.context["demand"].by_activity
    assert activity_row.waiting_seats == 6
    assert full_slot.activity.title_it in page.content.decode()
    csv = client.get(reverse("insights:demand_csv")).content.decode()
    assert csv.splitlines()[1].split(",")[2:9] == ["2", "30", "12", "6", "2", "20", "1"]


def test_nothing_nudges_for_a_slot_already_started(activity):
    slot = make_slot(activity, capacity=2)
    fill(slot, 2)
    TimeSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    slot.refresh_from_db()
    WaitingListEntry.objects.create(slot=slot, visitor=UserFactory(), party_size=2)
    assert demand.review_demand(slot) is None


def test_an_evening_event_is_proposed_in_its_own_hours(edition):
    evening = ActivityFactory(edition=edition, kind="evening")
    full = make_slot(evening, day=0, hour=20, minutes=90, capacity=30)
    make_slot(evening, day=0, hour=21, minute=30, minutes=90, capacity=30)
    proposal = next_free_slot(full)
    # 20:00-23:00 on the first day is taken: the next evening, at 20:00.
    assert proposal.starts_at == event_time(edition, day=1, hour=20)
