"""Property-based tests of the booking service: random sequences of booking,
cancelling, joining and leaving waiting lists and accepting offers, by a few
visitors on a few small slots (some overlapping, some with seats kept for
groups), with random party sizes.

After every step, whatever the service answered (a booking, or one of its
domain errors — anything else fails the test):
- the seats booked on each slot, counted from the Booking rows, never exceed
  its capacity, and individuals never take the seats kept for groups;
- each slot's counters equal what the rows say: seats_taken is the confirmed
  bookings plus the seats held by open offers, group_seats_taken the confirmed
  group bookings;
- no visitor has more live bookings in the edition than the per-visitor limit,
  two live bookings on one slot, or two live bookings that overlap in time;
- no visitor is twice on one slot's waiting list;
- no seat stays idle while someone waits for it: no waiting entry's party
  fits in the seats a slot has left (freed seats are offered at once).

The ballot draw has its own properties (ballots/tests/test_draw_properties.py).
"""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings import services
from manifatture.bookings.exceptions import (
    ActivityAlreadyBooked,
    BookingError,
    BookingLimitReached,
    OverlappingBooking,
)
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory

LIMIT = 2  # bookings per visitor, low so that the limit is reached
VISITORS = 3
# (day, start hour, minutes, capacity, seats kept for groups): slots 0 and 1
# overlap, 2 follows 1 at once, 3 is on the second day. Slots 0 and 3 are of
# one activity (one booking per activity), 1 and 2 of one each.
SLOTS = [(0, 10, 60, 3, 0), (0, 10, 90, 2, 0), (0, 11, 60, 4, 2), (1, 10, 60, 1, 0)]

visitor_index = st.integers(0, VISITORS - 1)
slot_index = st.integers(0, len(SLOTS) - 1)
party = st.integers(1, 4)  # up to one more than the activity allows
operations = st.lists(
    st.one_of(
        st.tuples(st.just("book"), visitor_index, slot_index, party),
        st.tuples(st.just("book_group"), visitor_index, slot_index, party),
        st.tuples(st.just("cancel"), visitor_index, slot_index, st.booleans()),
        st.tuples(st.just("join"), visitor_index, slot_index, party),
        st.tuples(st.just("leave"), visitor_index, slot_index, st.just(0)),
        st.tuples(st.just("accept"), visitor_index, slot_index, st.just(0)),
    ),
    min_size=1,
    max_size=15,
)


class _Rollback(Exception):
    pass


@pytest.fixture
def programme(db, settings):
    settings.BOOKINGS_PER_VISITOR = LIMIT
    edition = PhasedEditionFactory(registration=True)
    host = MembershipFactory()
    site = SiteFactory(organisation=host.organisation)
    activity = ActivityFactory(
        edition=edition,
        organisation=host.organisation,
        site=site,
        max_party_size=3,
        max_group_size=3,
    )
    other = ActivityFactory(edition=edition, organisation=host.organisation, site=site)
    third = ActivityFactory(
        edition=edition,
        organisation=host.organisation,
        site=site,
        max_party_size=3,
        max_group_size=3,
    )
    activities = [activity, other, third, activity]
    slots = []
    for number, (day, hour, minutes, capacity, group_seats) in enumerate(SLOTS):
        starts_at = event_time(edition, day=day, hour=hour)
        slots.append(
            TimeSlotFactory(
                activity=activities[number],
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=minutes),
                capacity=capacity,
                group_seats=group_seats,
            )
        )
    visitors = [UserFactory() for _ in range(VISITORS)]
    return edition, host.user, slots, visitors


def run(step, *, host, slots, visitors) -> None:
    action, v, s, argument = step
    visitor, slot = visitors[v], TimeSlot.objects.get(pk=slots[s].pk)
    booking = Booking.objects.filter(
        visitor=visitor, slot=slot, status=Booking.Status.CONFIRMED
    ).first()
    entry = WaitingListEntry.objects.filter(
        visitor=visitor, slot=slot, status__in=["waiting", "offered"]
    ).first()
    try:
        if action == "book":
            services.book_slot(slot, visitor=visitor, party_size=argument)
        elif action == "book_group":
            services.book_slot(
                slot,
                visitor=visitor,
                party_size=argument,
                kind=Booking.Kind.GROUP,
                group_name="Scuola media Pascoli",
            )
        elif action == "cancel" and booking is not None:
            services.cancel_booking(booking, by=host if argument else visitor)
        elif action == "join":
            services.join_waiting_list(slot, visitor=visitor, party_size=argument)
        elif action == "leave" and entry is not None:
            services.leave_waiting_list(entry, by=visitor)
        elif action == "accept" and entry is not None:
            services.accept_offer(entry, by=visitor)
    except BookingError:
        pass  # a refusal with its message: the invariants must hold all the same


def check_invariants(edition, slots) -> None:
    for slot in TimeSlot.objects.filter(pk__in=[s.pk for s in slots]):
        confirmed = slot.bookings.filter(status=Booking.Status.CONFIRMED)
        booked = confirmed.aggregate(n=Sum("party_size"))["n"] or 0
        by_groups = confirmed.filter(kind=Booking.Kind.GROUP).aggregate(n=Sum("party_size"))["n"]
        held = (
            slot.waiting_list.filter(status=WaitingListEntry.Status.OFFERED).aggregate(
                n=Sum("party_size")
            )["n"]
            or 0
        )
        assert booked <= slot.capacity, f"{slot}: {booked} booked, {slot.capacity} seats"
        assert booked - (by_groups or 0) <= slot.capacity - slot.group_seats
        assert slot.seats_taken == booked + held, f"{slot}: counter {slot.seats_taken}"
        assert slot.group_seats_taken == (by_groups or 0)
        waiting = slot.waiting_list.filter(status=WaitingListEntry.Status.WAITING)
        assert not waiting.filter(party_size__lte=slot.places_left).exists(), (
            f"{slot}: {slot.places_left} seats idle while someone waits"
        )
        assert not (
            slot.waiting_list.filter(status__in=["waiting", "offered"])
            .values("visitor")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .exists()
        )
    live = Booking.objects.filter(
        slot__activity__edition=edition, status=Booking.Status.CONFIRMED
    ).select_related("slot")
    by_visitor: dict[int, list[Booking]] = {}
    for booking in live:
        by_visitor.setdefault(booking.visitor_id, []).append(booking)
    for mine in by_visitor.values():
        assert len(mine) <= LIMIT
        assert len({booking.slot_id for booking in mine}) == len(mine)
        assert len({booking.slot.activity_id for booking in mine}) == len(mine)
        for a in mine:
            for b in mine:
                if a.pk < b.pk:
                    assert not (
                        a.slot.starts_at < b.slot.ends_at and b.slot.starts_at < a.slot.ends_at
                    ), f"overlapping bookings {a} and {b}"


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations)
def test_random_sequences_keep_every_booking_invariant(programme, steps):
    edition, host, slots, visitors = programme
    # Each example starts from the same programme: its writes are rolled back.
    try:
        with transaction.atomic():
            for step in steps:
                run(step, host=host, slots=slots, visitors=visitors)
                check_invariants(edition, slots)
            raise _Rollback
    except _Rollback:
        pass


def test_the_programme_lets_each_rule_be_reached(programme):
    """The setting of the properties above is not vacuous: seats run out, the
    limit, the overlap and the one-per-activity rules refuse, waiting lists
    fill and offers are made."""
    edition, host, slots, visitors = programme
    a, b, c = visitors
    services.book_slot(slots[3], visitor=a, party_size=1)  # the only seat
    with pytest.raises(BookingError):  # full
        services.book_slot(slots[3], visitor=b, party_size=1)
    entry = services.join_waiting_list(slots[3], visitor=b, party_size=1)
    services.book_slot(slots[2], visitor=a, party_size=1)
    with pytest.raises(BookingLimitReached):  # limit of two
        services.book_slot(slots[1], visitor=a, party_size=1)
    services.book_slot(slots[0], visitor=c, party_size=1)
    with pytest.raises(OverlappingBooking):  # overlaps slot 0
        services.book_slot(slots[1], visitor=c, party_size=1)
    with pytest.raises(ActivityAlreadyBooked):  # slot 0's activity
        services.book_slot(slots[3], visitor=c, party_size=1)
    services.cancel_booking(Booking.objects.get(visitor=a, slot=slots[3]), by=a)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert services.accept_offer(entry, by=b).slot_id == slots[3].pk
    check_invariants(edition, slots)
    assert Booking.objects.filter(Q(visitor=b) & Q(slot=slots[3])).exists()
