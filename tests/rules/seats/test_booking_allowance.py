"""Bookings past the tour size, expecting no-shows, never past the site's
safety limit: the allowance is part of the one seat arithmetic (pages and
bookings agree) and the database refuses an allowance above the limit."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from manifatture.activities import services as activity_services
from manifatture.activities.exceptions import InvalidSlot
from manifatture.activities.models import TimeSlot
from manifatture.bookings import services
from manifatture.bookings.exceptions import SlotFull
from manifatture.bookings.queries import places_left
from manifatture.bookings.tests.conftest import fill, make_slot
from manifatture.participations.tests.factories import AcceptedApplicationFactory

pytestmark = pytest.mark.django_db


def test_an_allowance_takes_bookings_past_the_tour_size_up_to_its_number(activity, staff, visitor):
    slot = make_slot(activity, capacity=10, safety_limit=14)
    activity_services.set_booking_allowance(slot, booking_allowance=3, by=staff)
    assert places_left(slot) == 13
    fill(slot, 13)
    with pytest.raises(SlotFull):
        services.book_slot(slot, visitor=visitor, party_size=1)
    slot.refresh_from_db()
    assert (slot.seats_taken, slot.capacity, slot.booking_allowance) == (13, 10, 3)


def test_an_allowance_past_the_safety_limit_is_refused_with_the_most_allowed(activity, staff):
    slot = make_slot(activity, capacity=10, safety_limit=12)
    with pytest.raises(InvalidSlot) as caught:
        activity_services.set_booking_allowance(slot, booking_allowance=3, by=staff)
    assert "al massimo 2" in str(caught.value.message)
    assert caught.value.field == "booking_allowance"
    slot.refresh_from_db()
    assert slot.booking_allowance == 0


def test_no_allowance_without_a_safety_limit(activity, staff):
    slot = make_slot(activity, capacity=10)
    with pytest.raises(InvalidSlot) as caught:
        activity_services.set_booking_allowance(slot, booking_allowance=1, by=staff)
    assert caught.value.field == "safety_limit"


def test_the_allowance_cannot_drop_below_the_seats_booked(activity, staff):
    slot = make_slot(activity, capacity=10, safety_limit=14)
    activity_services.set_booking_allowance(slot, booking_allowance=4, by=staff)
    fill(slot, 12)
    with pytest.raises(InvalidSlot):
        activity_services.set_booking_allowance(slot, booking_allowance=1, by=staff)
    activity_services.set_booking_allowance(slot, booking_allowance=2, by=staff)
    assert places_left(slot) == 0


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"booking_allowance": 5}, "slot_allowance_within_safety_limit"),  # limit 14
        ({"safety_limit": None, "booking_allowance": 1}, "slot_allowance_within_safety_limit"),
        ({"safety_limit": 9}, "slot_capacity_within_safety_limit"),
        # past capacity plus allowance: both seat checks refuse it
        ({"seats_taken": 11}, "slot_never_overbooked|slot_group_seats_kept_for_groups"),
    ],
)
def test_the_database_keeps_the_allowance_within_the_safety_limit(activity, changes, constraint):
    slot = make_slot(activity, capacity=10, safety_limit=14)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        TimeSlot.objects.filter(pk=slot.pk).update(**changes)
    assert any(name in str(caught.value) for name in constraint.split("|"))


def test_the_hosts_slot_form_sets_the_safety_limit_and_allowance(client, activity, host):
    AcceptedApplicationFactory(edition=activity.edition, organisation=activity.organisation)
    slot = make_slot(activity, capacity=10)
    client.force_login(host)
    local = slot.starts_at.astimezone()
    data = {
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": slot.ends_at.astimezone().strftime("%Y-%m-%dT%H:%M"),
        "capacity": 10,
        "group_seats": 0,
        "safety_limit": 12,
        "booking_allowance": 3,
    }
    page = client.post(reverse("activities:slot_edit", kwargs={"pk": slot.pk}), data)
    assert page.status_code == 200
    assert "al massimo 2" in page.content.decode()
    data["booking_allowance"] = 2
    assert (
        client.post(reverse("activities:slot_edit", kwargs={"pk": slot.pk}), data).status_code
        == 302
    )
    slot.refresh_from_db()
    assert (slot.safety_limit, slot.booking_allowance, slot.places_left) == (12, 2, 12)


def test_more_places_go_to_the_waiting_list_first(activity, staff, visitor):
    from manifatture.accounts.tests.factories import UserFactory
    from manifatture.bookings.models import WaitingListEntry

    slot = make_slot(activity, capacity=4, safety_limit=8)
    fill(slot, 4)
    first = services.join_waiting_list(slot, visitor=UserFactory(), party_size=2)
    second = services.join_waiting_list(slot, visitor=UserFactory(), party_size=1)
    # A larger allowance: two seats, offered to the first in line.
    activity_services.set_booking_allowance(slot, booking_allowance=2, by=staff)
    assert WaitingListEntry.objects.get(pk=first.pk).status == "offered"
    assert WaitingListEntry.objects.get(pk=second.pk).status == "waiting"
    assert places_left(slot) == 0
    # A larger tour size on the slot's form: the next in line, then everyone.
    activity_services.update_slot(
        slot,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        capacity=6,
        safety_limit=8,
        booking_allowance=2,
    )
    assert WaitingListEntry.objects.get(pk=second.pk).status == "offered"
    assert places_left(slot) == 1
    assert services.book_slot(slot, visitor=visitor, party_size=1).party_size == 1
