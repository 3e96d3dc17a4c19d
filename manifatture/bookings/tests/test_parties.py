"""Households and classes, all or nothing: a party on a waiting list is offered
seats for all its people or none; the first party keeps its place when the
seats freed are too few for it; limits per edition count parties and people."""

import pytest

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services
from manifatture.bookings.exceptions import BookingLimitReached
from manifatture.bookings.models import Booking, WaitingListEntry

from .conftest import fill, make_slot, sibling

pytestmark = pytest.mark.django_db


def status(entry) -> str:
    entry.refresh_from_db()
    return entry.status


def test_the_first_party_keeps_its_place_and_a_smaller_one_behind_is_offered(activity):
    slot = make_slot(activity, capacity=6)
    bookings = fill(slot, 6)
    family = services.join_waiting_list(slot, visitor=UserFactory(), party_size=4)
    couple = services.join_waiting_list(slot, visitor=UserFactory(), party_size=2)
    later_family = services.join_waiting_list(slot, visitor=UserFactory(), party_size=4)

    # Two seats free: too few for the family of four, so they go to the couple.
    services.cancel_booking(bookings[0], by=bookings[0].visitor)
    services.cancel_booking(bookings[1], by=bookings[1].visitor)
    assert status(family) == WaitingListEntry.Status.WAITING
    assert status(couple) == WaitingListEntry.Status.OFFERED
    slot.refresh_from_db()
    assert slot.seats_taken == 6  # the couple's two seats are held for them

    # Four seats free: the first family, not the one that joined later.
    for booking in bookings[2:6]:
        services.cancel_booking(booking, by=booking.visitor)
    assert status(family) == WaitingListEntry.Status.OFFERED
    assert status(later_family) == WaitingListEntry.Status.WAITING
    booking = services.accept_offer(family, by=family.visitor)
    assert booking.party_size == 4
    slot.refresh_from_db()
    assert slot.seats_taken == 6


def test_a_party_is_never_offered_part_of_its_seats(activity):
    slot = make_slot(activity, capacity=5)
    bookings = fill(slot, 5)
    family = services.join_waiting_list(slot, visitor=UserFactory(), party_size=3)
    for booking in bookings[:2]:
        services.cancel_booking(booking, by=booking.visitor)
    assert status(family) == WaitingListEntry.Status.WAITING
    slot.refresh_from_db()
    assert slot.seats_taken == 3  # two seats free, none held for a part of the family
    services.cancel_booking(bookings[2], by=bookings[2].visitor)
    assert status(family) == WaitingListEntry.Status.OFFERED
    family.refresh_from_db()
    assert family.party_size == 3


def test_a_class_waits_and_is_offered_the_seats_set_aside_for_groups(edition):
    activity = ActivityFactory(edition=edition, max_group_size=25)
    slot = make_slot(activity, capacity=30, group_seats=20)
    teacher = UserFactory()
    services.book_slot(
        slot, visitor=UserFactory(), party_size=20, kind=Booking.Kind.GROUP, group_name="4B"
    )
    individuals = fill(slot, 10)
    # A class of 22 waits; a family of 2 waits behind it.
    school = services.join_waiting_list(
        slot,
        visitor=teacher,
        party_size=22,
        kind=Booking.Kind.GROUP,
        group_name="Scuola Rinnovata Pizzigoni, 3A",
    )
    family = services.join_waiting_list(slot, visitor=UserFactory(), party_size=2)
    assert school.kind == Booking.Kind.GROUP

    for booking in individuals[:2]:
        services.cancel_booking(booking, by=booking.visitor)
    # Two seats: the class keeps its place, the family behind it is offered them.
    assert status(school) == WaitingListEntry.Status.WAITING
    assert status(family) == WaitingListEntry.Status.OFFERED

    first_class = Booking.objects.get(slot=slot, kind=Booking.Kind.GROUP)
    services.cancel_booking(first_class, by=first_class.visitor)
    # Twenty seats freed, all kept for groups: still too few for 22, nobody is split.
    assert status(school) == WaitingListEntry.Status.WAITING
    for booking in individuals[2:4]:
        services.cancel_booking(booking, by=booking.visitor)
    assert status(school) == WaitingListEntry.Status.OFFERED
    booking = services.accept_offer(school, by=teacher)
    assert (booking.kind, booking.party_size, booking.group_name) == (
        Booking.Kind.GROUP,
        22,
        "Scuola Rinnovata Pizzigoni, 3A",
    )
    slot.refresh_from_db()
    assert slot.group_seats_taken == 22
    assert slot.seats_taken <= slot.capacity


def test_the_edition_limits_people_as_well_as_bookings(edition, visitor):
    edition.seat_limit = 6
    edition.party_limit = 3
    edition.save()
    activity = ActivityFactory(edition=edition, max_party_size=5, max_group_size=25)
    first = make_slot(activity, hour=9, capacity=10)
    second = make_slot(sibling(activity), hour=11, capacity=10)
    third = make_slot(sibling(activity), hour=14, capacity=30)
    fourth = make_slot(sibling(activity), hour=16, capacity=10)
    services.book_slot(first, visitor=visitor, party_size=4)
    with pytest.raises(BookingLimitReached) as refused:
        services.book_slot(second, visitor=visitor, party_size=3)
    assert "6 persone" in refused.value.message
    assert refused.value.field == "party_size"
    services.book_slot(second, visitor=visitor, party_size=2)
    # A class does not count in the household's people, but is one more booking.
    services.book_slot(
        third, visitor=visitor, party_size=20, kind=Booking.Kind.GROUP, group_name="5C"
    )
    with pytest.raises(BookingLimitReached):
        services.book_slot(fourth, visitor=visitor, party_size=1)
    assert Booking.objects.filter(visitor=visitor).count() == 3


def test_a_party_past_the_limit_cannot_wait_nor_accept(edition, visitor):
    edition.seat_limit = 4
    edition.save()
    activity = ActivityFactory(edition=edition, max_party_size=4)
    booked = make_slot(activity, hour=9, capacity=10)
    full = make_slot(sibling(activity), hour=14, capacity=3)
    services.book_slot(booked, visitor=visitor, party_size=2)
    bookings = fill(full, 3)
    with pytest.raises(BookingLimitReached):
        services.join_waiting_list(full, visitor=visitor, party_size=3)
    entry = services.join_waiting_list(full, visitor=visitor, party_size=2)
    # The visitor books more people elsewhere meanwhile, then is offered the seats.
    edition.seat_limit = 3
    edition.save()
    services.cancel_booking(bookings[0], by=bookings[0].visitor)
    services.cancel_booking(bookings[1], by=bookings[1].visitor)
    assert status(entry) == WaitingListEntry.Status.OFFERED
    with pytest.raises(BookingLimitReached):
        services.accept_offer(entry, by=visitor)
    assert status(entry) == WaitingListEntry.Status.OFFERED  # nothing taken, nothing split


def test_a_class_that_waited_keeps_no_name_once_its_leader_leaves(edition):
    activity = ActivityFactory(edition=edition, max_group_size=25)
    slot = make_slot(activity, capacity=20)
    fill(slot, 20)
    teacher = UserFactory()
    entry = services.join_waiting_list(
        slot, visitor=teacher, party_size=18, kind=Booking.Kind.GROUP, group_name="Liceo Volta, 2D"
    )
    services.erase_personal_data(teacher)
    entry.refresh_from_db()
    assert (entry.status, entry.group_name) == (WaitingListEntry.Status.LEFT, "—")
