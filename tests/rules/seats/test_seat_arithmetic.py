"""One seat arithmetic: the places left that pages, the API and open data, the
programme and the booking service see are one definition
(`activities.models.free_seats`), so a booking is accepted exactly when the
page said there was room, and never reaches the database's last line.

Regression: once groups had booked past the seats set aside for them, the
conditional UPDATE (which wrote its own arithmetic) let individuals past the
capacity, and the check constraint answered with a server error.
"""

import datetime

import pytest
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot, free_seats
from manifatture.activities.queries import with_programme_details
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings import services
from manifatture.bookings.exceptions import BookingError, SlotFull
from manifatture.bookings.models import Booking
from manifatture.bookings.queries import places_left, with_places_left
from manifatture.bookings.tests.conftest import fill, make_slot
from manifatture.bookings.tests.factories import BookingFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.opendata.resources import serialize_slot

pytestmark = pytest.mark.django_db

MAX_PARTY, MAX_GROUP = 4, 6


@pytest.fixture
def school_activity(edition):
    return ActivityFactory(edition=edition, max_party_size=MAX_PARTY, max_group_size=MAX_GROUP)


def book_group(slot, size, visitor=None):
    return services.book_slot(
        slot,
        visitor=visitor or UserFactory(),
        party_size=size,
        kind=Booking.Kind.GROUP,
        group_name="Liceo Beccaria",
    )


def test_an_individual_after_groups_took_more_than_their_seats_is_refused_not_a_500(
    school_activity, visitor
):
    slot = make_slot(school_activity, capacity=10, group_seats=2)
    book_group(slot, 6)  # four seats past the two kept for groups
    book_group(slot, 1)
    assert places_left(slot) == 3
    fill(slot, 3)
    assert places_left(slot) == 0
    with pytest.raises(SlotFull):
        services.book_slot(slot, visitor=visitor, party_size=1)
    slot.refresh_from_db()
    assert (slot.seats_taken, slot.group_seats_taken) == (10, 7)


def test_a_party_larger_than_the_places_left_is_refused_after_groups(school_activity, visitor):
    slot = make_slot(school_activity, capacity=10, group_seats=3)
    book_group(slot, 5)
    assert places_left(slot) == 5
    fill(slot, 2)
    with pytest.raises(SlotFull):  # 3 left, the database would have taken 4
        services.book_slot(slot, visitor=visitor, party_size=4)
    assert services.book_slot(slot, visitor=visitor, party_size=3).party_size == 3


def test_a_cancelled_slot_has_no_places_left_anywhere(school_activity, staff):
    slot = make_slot(school_activity, capacity=10, group_seats=2)
    services.cancel_slot(slot, by=staff)
    slot.refresh_from_db()
    annotated = with_places_left(TimeSlot.objects.filter(pk=slot.pk)).get()
    assert (slot.places_left, slot.group_places_left) == (0, 0)
    assert (annotated.places_left_now, annotated.group_places_left_now) == (0, 0)
    row = serialize_slot(slot, lambda path: path)
    assert (row["places_left"], row["group_places_left"]) == (0, 0)


def test_open_data_counts_the_seats_kept_for_groups(school_activity):
    slot = make_slot(school_activity, capacity=10, group_seats=4)
    row = serialize_slot(slot, lambda path: path)
    assert (row["places_left"], row["group_places_left"]) == (6, 10)


def test_a_resized_slot_keeps_room_for_every_booked_seat_by_the_same_arithmetic():
    # Capacity 10, 2 kept for groups; groups took 7 and individuals 3.
    assert free_seats(10, 10, 2, 7, group=False) == 0
    assert free_seats(9, 10, 2, 7, group=True) == -1  # too small for the booked seats
    assert free_seats(10, 10, 8, 7, group=False) == -1  # the individuals' seats would go


def test_factories_take_counters_through_the_seat_arithmetic(school_activity):
    slot = TimeSlotFactory(
        activity=school_activity, capacity=5, group_seats=2, seats_taken=4, group_seats_taken=1
    )
    assert (slot.seats_taken, slot.group_seats_taken, slot.places_left) == (4, 1, 0)
    with pytest.raises(ValueError):  # individuals cannot take the seat kept for groups
        TimeSlotFactory(activity=school_activity, capacity=5, group_seats=2, seats_taken=4)
    booking = BookingFactory(slot=slot, kind=Booking.Kind.GROUP, party_size=1)
    slot.refresh_from_db()
    assert (booking.group_name, slot.seats_taken, slot.group_places_left) == (
        "Scuola Media Rinaldi",
        5,
        0,
    )
    with pytest.raises(ValueError):
        BookingFactory(slot=slot)


# Random bookings and cancellations ---------------------------------------------------

VISITORS = 6
steps = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.integers(0, VISITORS - 1), st.integers(1, MAX_PARTY)),
        st.tuples(st.just("group"), st.integers(0, VISITORS - 1), st.integers(1, MAX_GROUP)),
        st.tuples(st.just("cancel"), st.integers(0, VISITORS - 1), st.just(0)),
    ),
    min_size=1,
    max_size=20,
)


class _Rollback(Exception):
    pass


@pytest.fixture
def one_slot(db, settings):
    settings.BOOKINGS_PER_VISITOR = 10
    edition = PhasedEditionFactory(registration=True)
    activity = ActivityFactory(edition=edition, max_party_size=MAX_PARTY, max_group_size=MAX_GROUP)
    starts_at = event_time(edition, hour=10)
    slot = TimeSlotFactory(
        activity=activity,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        capacity=10,
        group_seats=3,
    )
    return slot, [UserFactory() for _ in range(VISITORS)]


def shown(slot: TimeSlot) -> tuple[int, int]:
    """The places left as each reader shows them; they must be one answer."""
    fresh = TimeSlot.objects.select_related("activity__edition", "room").get(pk=slot.pk)
    annotated = with_places_left(TimeSlot.objects.filter(pk=slot.pk)).get()
    api = serialize_slot(fresh, lambda path: path)
    card = with_programme_details(type(fresh.activity).objects.filter(pk=fresh.activity_id)).get()
    answers = {
        "slot": (fresh.places_left, fresh.group_places_left),
        "annotation": (annotated.places_left_now, annotated.group_places_left_now),
        "open data": (api["places_left"], api["group_places_left"]),
        "booking service": (places_left(fresh), fresh.group_places_left),
    }
    assert len(set(answers.values())) == 1, answers
    # The programme card sums the places for individuals on upcoming slots.
    assert card.places_left_total == fresh.places_left
    return answers["slot"]


def step(slot, visitors, action, who, size) -> None:
    visitor = visitors[who]
    live = Booking.objects.filter(visitor=visitor, slot=slot, status=Booking.Status.CONFIRMED)
    if action == "cancel":
        booking = live.first()
        if booking is not None:
            services.cancel_booking(booking, by=visitor)
        return
    if live.exists():
        return  # booking again returns the booking already made
    for_individuals, for_groups = shown(slot)
    room = for_groups if action == "group" else for_individuals
    try:
        if action == "group":
            book_group(slot, size, visitor)
        else:
            services.book_slot(slot, visitor=visitor, party_size=size)
    except SlotFull:
        assert size > room, f"refused {size} with {room} places shown"
    except BookingError as error:  # any other refusal would be a test setting error
        raise AssertionError(error) from error
    else:
        assert size <= room, f"booked {size} with {room} places shown"


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=steps)
def test_random_bookings_never_fail_and_agree_with_what_pages_show(one_slot, operations):
    slot, visitors = one_slot
    try:
        with transaction.atomic():
            for action, who, size in operations:
                step(slot, visitors, action, who, size)
                shown(slot)
                fresh = TimeSlot.objects.get(pk=slot.pk)
                confirmed = fresh.bookings.filter(status=Booking.Status.CONFIRMED)
                assert fresh.seats_taken == (confirmed.aggregate(n=Sum("party_size"))["n"] or 0)
            raise _Rollback
    except _Rollback:
        pass


def test_the_booking_page_shows_the_same_places(client, one_slot):
    slot, visitors = one_slot
    book_group(slot, 6)
    services.book_slot(slot, visitor=visitors[0], party_size=2)
    client.force_login(visitors[1])
    page = client.get(reverse("bookings:book", args=[slot.pk]))
    assert page.context["places_left"] == shown(slot)[0] == 2
    assert page.context["slot"].group_places_left == shown(slot)[1] == 2
