"""The day's plan: order, bookings and chosen activities, travel and conflicts."""

import math

import pytest
from django.utils import timezone

from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import HubVenueFactory
from manifatture.bookings.models import Booking
from manifatture.directory.geo import distance_km
from manifatture.plans import services
from manifatture.plans.exceptions import (
    ActivityNotPlannable,
    AlreadyPlanned,
    InvalidDay,
    InvalidSlotChoice,
    SlotRequired,
)
from manifatture.plans.models import PlanItem
from manifatture.plans.queries import plan_for_day, plans_for
from manifatture.tickets.tests.factories import BookingFactory

from .conftest import activity_at, day_of, slot_at

pytestmark = pytest.mark.django_db

LAMBRATE_TO_DUOMO_KM = distance_km(45.4842, 9.2399, 45.4642, 9.19)


def plan(slot, visitor):
    return services.add_to_plan(visitor, activity=slot.activity, slot=slot)


# What the plan holds ---------------------------------------------------------------


def test_bookings_and_chosen_activities_come_in_time_order(edition, visitor, lambrate, duomo):
    afternoon = slot_at(edition, duomo, (14, 0), (15, 0), title_it="Visita pomeridiana")
    morning = slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Laboratorio del mattino")
    BookingFactory(slot=afternoon, visitor=visitor)
    plan(morning, visitor)
    untimed = activity_at(edition, lambrate, title_it="Porte aperte")
    services.add_to_plan(visitor, activity=untimed, day=day_of(edition))

    day = plan_for_day(visitor, day_of(edition))

    assert [e.activity.title_it for e in day.entries] == [
        "Laboratorio del mattino",
        "Visita pomeridiana",
    ]
    assert [e.is_booked for e in day.entries] == [False, True]
    assert [e.activity.title_it for e in day.untimed] == ["Porte aperte"]
    assert [e.number for e in day.all_entries] == [1, 2, 3]
    assert len(day) == 3


def test_a_chosen_slot_that_is_also_booked_shows_once_as_booked(edition, visitor, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))
    plan(slot, visitor)
    BookingFactory(slot=slot, visitor=visitor)

    day = plan_for_day(visitor, day_of(edition))

    assert len(day.entries) == 1
    assert day.entries[0].is_booked


def test_cancelled_bookings_other_days_and_other_visitors_stay_out(edition, visitor, lambrate):
    BookingFactory(
        slot=slot_at(edition, lambrate, (10, 0), (11, 0)),
        visitor=visitor,
        status=Booking.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    BookingFactory(slot=slot_at(edition, lambrate, (12, 0), (13, 0), day=1), visitor=visitor)
    BookingFactory(slot=slot_at(edition, lambrate, (14, 0), (15, 0)))

    first, second = plans_for(visitor, [day_of(edition), day_of(edition, 1)])

    assert len(first) == 0
    assert len(second) == 1


def test_a_hub_activity_is_placed_at_the_hub(edition, visitor):
    HubVenueFactory(edition=edition)
    plan(slot_at(edition, None, (10, 0), (11, 0)), visitor)

    entry = plan_for_day(visitor, day_of(edition)).entries[0]

    assert entry.place.at_hub
    assert entry.place.name == "BASE Milano"
    assert (entry.place.latitude, entry.place.longitude) == (45.4525, 9.1622)


def test_a_hub_without_coordinates_has_no_travel_time(edition, visitor, lambrate):
    plan(slot_at(edition, None, (10, 0), (11, 0)), visitor)
    plan(slot_at(edition, lambrate, (11, 5), (12, 0)), visitor)

    day = plan_for_day(visitor, day_of(edition))

    assert day.legs[0].distance_km is None
    assert day.legs[0].travel_minutes is None
    assert day.conflicts == []
    assert [p["label"] for p in day.map_points()] == [day.entries[1].activity.title]


# Travel and conflicts ------------------------------------------------------------------


def test_the_travel_time_between_places_follows_the_distance_and_speed(
    edition, visitor, lambrate, duomo, settings
):
    settings.TRAVEL_SPEED_KMH = 15
    plan(slot_at(edition, lambrate, (10, 0), (11, 0)), visitor)
    plan(slot_at(edition, duomo, (12, 0), (13, 0)), visitor)

    day = plan_for_day(visitor, day_of(edition))

    (leg,) = day.legs
    assert leg.distance_km == pytest.approx(LAMBRATE_TO_DUOMO_KM)
    assert leg.travel_minutes == math.ceil(LAMBRATE_TO_DUOMO_KM / 15 * 60) == 18
    assert leg.gap_minutes == 60
    assert leg.problem == ""
    assert day.conflicts == []


def test_the_speed_is_the_bookings_travel_setting(edition, visitor, lambrate, duomo, settings):
    settings.TRAVEL_SPEED_KMH = 30
    plan(slot_at(edition, lambrate, (10, 0), (11, 0)), visitor)
    plan(slot_at(edition, duomo, (12, 0), (13, 0)), visitor)

    assert plan_for_day(visitor, day_of(edition)).legs[0].travel_minutes == 9


def test_too_little_time_to_get_there_is_a_conflict(edition, visitor, lambrate, duomo, settings):
    settings.TRAVEL_SPEED_KMH = 15
    plan(slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Fonderia"), visitor)
    plan(slot_at(edition, duomo, (11, 10), (12, 0), title_it="Sartoria"), visitor)

    day = plan_for_day(visitor, day_of(edition))

    assert day.legs[0].problem == "travel"
    (conflict,) = day.conflicts
    assert conflict.kind == "travel"
    assert conflict.message == (
        "Tra Fonderia (10:00–11:00) e Sartoria (11:10–12:00) avete 10 minuti, "
        "ma per spostarvi ne servono circa 18."
    )


def test_the_same_place_needs_no_travel_time(edition, visitor, lambrate):
    plan(slot_at(edition, lambrate, (10, 0), (11, 0)), visitor)
    plan(slot_at(edition, lambrate, (11, 0), (12, 0)), visitor)

    day = plan_for_day(visitor, day_of(edition))

    assert day.legs[0].travel_minutes == 0
    assert day.legs[0].same_place
    assert day.conflicts == []


def test_overlapping_activities_are_a_conflict(edition, visitor, lambrate):
    plan(slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Fonderia"), visitor)
    plan(slot_at(edition, lambrate, (10, 30), (11, 30), title_it="Sartoria"), visitor)

    day = plan_for_day(visitor, day_of(edition))

    assert day.legs[0].problem == "overlap"
    assert [(c.kind, c.message) for c in day.conflicts] == [
        ("overlap", "Fonderia (10:00–11:00) e Sartoria (10:30–11:30) si sovrappongono.")
    ]


def test_overlaps_are_found_between_entries_that_are_not_next_to_each_other(
    edition, visitor, lambrate
):
    plan(slot_at(edition, lambrate, (10, 0), (13, 0), title_it="Lungo"), visitor)
    plan(slot_at(edition, lambrate, (11, 0), (12, 0), title_it="Breve"), visitor)
    plan(slot_at(edition, lambrate, (12, 30), (13, 30), title_it="Tardi"), visitor)

    day = plan_for_day(visitor, day_of(edition))

    pairs = [(c.first.activity.title_it, c.second.activity.title_it) for c in day.conflicts]
    assert pairs == [("Lungo", "Breve"), ("Lungo", "Tardi")]


def test_a_booking_and_a_chosen_activity_can_conflict(edition, visitor, lambrate, duomo):
    BookingFactory(slot=slot_at(edition, lambrate, (10, 0), (11, 0)), visitor=visitor)
    plan(slot_at(edition, duomo, (11, 0), (12, 0)), visitor)

    (conflict,) = plan_for_day(visitor, day_of(edition)).conflicts

    assert conflict.kind == "travel"
    assert conflict.first.is_booked


# Adding and removing ----------------------------------------------------------------------


def test_an_activity_with_one_slot_ahead_is_added_at_that_slot(edition, visitor, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))

    item = services.add_to_plan(visitor, activity=slot.activity)

    assert (item.slot, item.day) == (slot, day_of(edition))


def test_an_activity_with_several_slots_needs_a_choice(edition, visitor, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))
    slot_at(edition, lambrate, (14, 0), (15, 0), activity=slot.activity)

    with pytest.raises(SlotRequired):
        services.add_to_plan(visitor, activity=slot.activity)
    assert not PlanItem.objects.exists()


def test_another_activitys_slot_is_refused(edition, visitor, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))
    other = activity_at(edition, lambrate)
    with pytest.raises(InvalidSlotChoice):
        services.add_to_plan(visitor, activity=other, slot=slot)


def test_a_cancelled_slot_or_activity_is_refused(edition, visitor, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))
    slot.cancelled_at = timezone.now()
    slot.save()
    with pytest.raises(InvalidSlotChoice):
        services.add_to_plan(visitor, activity=slot.activity, slot=slot)

    cancelled = activity_at(edition, lambrate, status=Activity.Status.CANCELLED)
    with pytest.raises(ActivityNotPlannable):
        services.add_to_plan(visitor, activity=cancelled, day=day_of(edition))


def test_an_activity_without_slots_goes_on_an_event_day(edition, visitor, lambrate):
    activity = activity_at(edition, lambrate, booking_mode=Activity.BookingMode.DROP_IN)

    with pytest.raises(InvalidDay):
        services.add_to_plan(visitor, activity=activity)
    with pytest.raises(InvalidDay):
        services.add_to_plan(visitor, activity=activity, day=day_of(edition, 2))

    item = services.add_to_plan(visitor, activity=activity, day=day_of(edition, 1))
    assert (item.slot, item.day) == (None, day_of(edition, 1))


def test_the_same_activity_is_planned_once(edition, visitor, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))
    plan(slot, visitor)
    with pytest.raises(AlreadyPlanned) as caught:
        plan(slot, visitor)
    assert str(caught.value.message) == "Questa attività è già nella vostra giornata."

    open_doors = activity_at(edition, lambrate)
    services.add_to_plan(visitor, activity=open_doors, day=day_of(edition))
    with pytest.raises(AlreadyPlanned):
        services.add_to_plan(visitor, activity=open_doors, day=day_of(edition))
    assert PlanItem.objects.count() == 2


def test_removing_an_item_takes_it_off_the_plan(edition, visitor, lambrate):
    item = plan(slot_at(edition, lambrate, (10, 0), (11, 0)), visitor)
    services.remove_from_plan(item)
    assert len(plan_for_day(visitor, day_of(edition))) == 0


def test_plans_for_takes_two_queries_whatever_the_size(
    edition, visitor, lambrate, duomo, django_assert_num_queries
):
    HubVenueFactory(edition=edition)
    for hour in (9, 11, 13):
        BookingFactory(slot=slot_at(edition, lambrate, (hour, 0), (hour, 30)), visitor=visitor)
        plan(slot_at(edition, duomo, (hour + 1, 0), (hour + 1, 30)), visitor)
    plan(slot_at(edition, None, (16, 0), (17, 0)), visitor)

    with django_assert_num_queries(2):
        day_plans = plans_for(visitor, [day_of(edition), day_of(edition, 1)])
        points = [p for day in day_plans for p in day.map_points()]
    assert len(points) == 7
