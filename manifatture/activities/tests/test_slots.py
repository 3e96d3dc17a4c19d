import datetime
import threading

import pytest
from django.db import IntegrityError, connections, transaction

from manifatture.activities import services
from manifatture.activities.exceptions import ActivityCancelled, InvalidSlot, RoomOccupied
from manifatture.activities.models import Activity, TimeSlot
from manifatture.participations.models import ActivityKind

from .factories import ActivityFactory, HubRoomFactory, TimeSlotFactory, event_time

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def hub_talk(edition, **kwargs) -> Activity:
    return ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None, **kwargs)


def day_label(moment: datetime.datetime) -> str:
    return moment.strftime("%d/%m/%Y")


# A hub room is never double-booked ----------------------------------------------


def test_add_slot_refuses_an_overlapping_slot_in_the_same_room(edition):
    room = HubRoomFactory(edition=edition, name="Sala Tortona")
    start = event_time(edition, hour=10)
    services.add_slot(
        hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=50, room=room
    )
    other = hub_talk(edition)

    with pytest.raises(RoomOccupied) as caught:
        services.add_slot(
            other,
            starts_at=start + HOUR / 2,
            ends_at=start + 2 * HOUR,
            capacity=50,
            room=room,
        )

    assert str(caught.value.message) == (
        f"La sala Sala Tortona è già occupata dalle 10:00 alle 11:00 del {day_label(start)}."
    )
    assert caught.value.field == "room"
    assert other.slots.count() == 0


def test_add_slot_refuses_a_slot_containing_another(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    services.add_slot(
        hub_talk(edition), starts_at=start + HOUR, ends_at=start + 2 * HOUR, capacity=5, room=room
    )
    with pytest.raises(RoomOccupied):
        services.add_slot(
            hub_talk(edition), starts_at=start, ends_at=start + 3 * HOUR, capacity=5, room=room
        )


def test_back_to_back_slots_in_a_room_are_allowed(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    services.add_slot(
        hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )

    slot = services.add_slot(
        hub_talk(edition), starts_at=start + HOUR, ends_at=start + 2 * HOUR, capacity=5, room=room
    )

    assert slot.pk is not None
    assert TimeSlot.objects.filter(room=room).count() == 2


def test_same_time_in_different_rooms_is_allowed(edition):
    start = event_time(edition, hour=10)
    for room in HubRoomFactory.create_batch(2, edition=edition):
        services.add_slot(
            hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
        )
    assert TimeSlot.objects.count() == 2


def test_update_slot_refuses_moving_onto_another_slot_in_the_room(edition):
    room = HubRoomFactory(edition=edition, name="Sala A")
    start = event_time(edition, hour=10)
    services.add_slot(
        hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )
    later = services.add_slot(
        hub_talk(edition),
        starts_at=start + 2 * HOUR,
        ends_at=start + 3 * HOUR,
        capacity=5,
        room=room,
    )

    with pytest.raises(RoomOccupied):
        services.update_slot(
            later, starts_at=start + HOUR / 2, ends_at=start + 2 * HOUR, capacity=5, room=room
        )

    later.refresh_from_db()
    assert later.starts_at == start + 2 * HOUR


def test_update_slot_may_overlap_its_own_old_time(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    slot = services.add_slot(
        hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )

    services.update_slot(
        slot, starts_at=start + HOUR / 2, ends_at=start + 2 * HOUR, capacity=8, room=room
    )

    slot.refresh_from_db()
    assert (slot.starts_at, slot.ends_at, slot.capacity) == (
        start + HOUR / 2,
        start + 2 * HOUR,
        8,
    )


def test_database_refuses_overlapping_slots_in_a_room(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    TimeSlot.objects.create(
        activity=hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        TimeSlot.objects.create(
            activity=hub_talk(edition),
            starts_at=start + HOUR / 2,
            ends_at=start + 2 * HOUR,
            capacity=5,
            room=room,
        )

    assert services.ROOM_OVERLAP_CONSTRAINT in str(caught.value)
    assert TimeSlot.objects.count() == 1


def test_database_refuses_an_update_that_overlaps(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    TimeSlot.objects.create(
        activity=hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )
    later = TimeSlot.objects.create(
        activity=hub_talk(edition),
        starts_at=start + 2 * HOUR,
        ends_at=start + 3 * HOUR,
        capacity=5,
        room=room,
    )

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        TimeSlot.objects.filter(pk=later.pk).update(starts_at=start + HOUR / 2)

    assert services.ROOM_OVERLAP_CONSTRAINT in str(caught.value)


def test_database_allows_back_to_back_and_roomless_overlaps(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    TimeSlot.objects.create(
        activity=hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )
    TimeSlot.objects.create(
        activity=hub_talk(edition),
        starts_at=start + HOUR,
        ends_at=start + 2 * HOUR,
        capacity=5,
        room=room,
    )
    # Slots at hosts' own sites have no room: they may overlap freely.
    TimeSlotFactory.create_batch(2, activity__edition=edition, starts_at=start)

    assert TimeSlot.objects.count() == 4


def test_database_refusal_becomes_the_domain_error(edition):
    room = HubRoomFactory(edition=edition, name="Sala B")
    start = event_time(edition, hour=15)
    TimeSlot.objects.create(
        activity=hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        TimeSlot.objects.create(
            activity=hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
        )

    error = services.room_error_from_integrity(caught.value, room, start, start + HOUR)

    assert isinstance(error, RoomOccupied)
    assert str(error.message) == (
        f"La sala Sala B è già occupata dalle 15:00 alle 16:00 del {day_label(start)}."
    )


def test_other_integrity_errors_are_not_taken_for_a_busy_room(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=15)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        TimeSlot.objects.create(
            activity=hub_talk(edition), starts_at=start, ends_at=start, capacity=5, room=room
        )

    assert services.room_error_from_integrity(caught.value, room, start, start) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_a_room_let_exactly_one_through(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    talks = [hub_talk(edition), hub_talk(edition)]
    barrier = threading.Barrier(len(talks))
    outcomes: list[str] = []

    def book(activity):
        try:
            barrier.wait()
            services.add_slot(
                activity, starts_at=start, ends_at=start + HOUR, capacity=5, room=room
            )
            outcomes.append("ok")
        except RoomOccupied:
            outcomes.append("occupied")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(talk,)) for talk in talks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["occupied", "ok"]
    assert TimeSlot.objects.filter(room=room).count() == 1


# The other slot rules ---------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start_hour", "hours", "field"),
    [
        (-1, 10, 1, "starts_at"),  # the day before the event
        (2, 10, 1, "starts_at"),  # the day after the last event day
        (1, 23, 2, "ends_at"),  # starts on the last day, ends after midnight
    ],
)
def test_slot_outside_the_event_days_is_refused(edition, day, start_hour, hours, field):
    activity = ActivityFactory(edition=edition)
    start = event_time(edition, day=day, hour=start_hour)

    with pytest.raises(InvalidSlot) as caught:
        services.add_slot(activity, starts_at=start, ends_at=start + hours * HOUR, capacity=10)

    first = edition.event_start.strftime("%d/%m/%Y")
    last = edition.event_end.strftime("%d/%m/%Y")
    assert str(caught.value.message) == (
        f"I turni devono svolgersi nei giorni dell'evento, dal {first} al {last}."
    )
    assert caught.value.field == field
    assert activity.slots.count() == 0


def test_slot_filling_the_last_evening_is_allowed(edition):
    activity = ActivityFactory(edition=edition)
    start = event_time(edition, day=1, hour=22)
    slot = services.add_slot(activity, starts_at=start, ends_at=start + 2 * HOUR, capacity=10)
    assert slot.ends_at == edition.event_bounds()[1]


def test_slot_must_end_after_it_starts(edition):
    activity = ActivityFactory(edition=edition)
    start = event_time(edition, hour=10)
    with pytest.raises(InvalidSlot) as caught:
        services.add_slot(activity, starts_at=start, ends_at=start, capacity=10)
    assert caught.value.field == "ends_at"
    assert str(caught.value.message) == "La fine del turno deve essere dopo l'inizio."


def test_slot_needs_at_least_one_place(edition):
    activity = ActivityFactory(edition=edition)
    start = event_time(edition, hour=10)
    with pytest.raises(InvalidSlot) as caught:
        services.add_slot(activity, starts_at=start, ends_at=start + HOUR, capacity=0)
    assert caught.value.field == "capacity"


def test_capacity_above_the_room_seats_is_refused(edition):
    room = HubRoomFactory(edition=edition, name="Sala piccola", seats=30)
    start = event_time(edition, hour=10)
    talk = hub_talk(edition)

    with pytest.raises(InvalidSlot) as caught:
        services.add_slot(talk, starts_at=start, ends_at=start + HOUR, capacity=31, room=room)

    assert str(caught.value.message) == (
        "La sala Sala piccola ha 30 posti: il turno non può averne di più."
    )
    assert caught.value.field == "capacity"
    assert (
        services.add_slot(
            talk, starts_at=start, ends_at=start + HOUR, capacity=30, room=room
        ).capacity
        == 30
    )


def test_hub_activity_needs_a_room_and_site_activity_refuses_one(edition):
    start = event_time(edition, hour=10)
    with pytest.raises(InvalidSlot) as caught:
        services.add_slot(hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5)
    assert caught.value.field == "room"

    with pytest.raises(InvalidSlot) as caught:
        services.add_slot(
            ActivityFactory(edition=edition),
            starts_at=start,
            ends_at=start + HOUR,
            capacity=5,
            room=HubRoomFactory(edition=edition),
        )
    assert caught.value.field == "room"


def test_room_of_another_edition_is_refused(edition):
    other_room = HubRoomFactory(edition__is_current=False)
    start = event_time(edition, hour=10)
    with pytest.raises(InvalidSlot) as caught:
        services.add_slot(
            hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=other_room
        )
    assert str(caught.value.message) == "La sala non appartiene a questa edizione."


def test_cancelled_activity_takes_no_new_slots(edition):
    activity = services.cancel_activity(ActivityFactory(edition=edition))
    start = event_time(edition, hour=10)
    with pytest.raises(ActivityCancelled):
        services.add_slot(activity, starts_at=start, ends_at=start + HOUR, capacity=5)


def test_remove_slot_frees_the_room(edition):
    room = HubRoomFactory(edition=edition)
    start = event_time(edition, hour=10)
    slot = services.add_slot(
        hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    )
    services.remove_slot(slot)
    assert services.add_slot(
        hub_talk(edition), starts_at=start, ends_at=start + HOUR, capacity=5, room=room
    ).pk
