"""Time slots added, moved or resized, their booking allowance set, removed;
and the steps other apps add when a slot is added or gets more places."""

import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import AuditEvent, User

from ..exceptions import (
    InvalidSlot,
    SlotHasBookings,
)
from ..models import (
    Activity,
    HubRoom,
    TimeSlot,
)
from ..queries import released_percent
from .slot_rules import (
    _check_allowance,
    _check_seats_taken,
    _check_slot,
    _overlapping_slot,
    _room_occupied,
    room_error_from_integrity,
)

# Steps other apps add when a slot gets more places than it had (a larger
# capacity or allowance), run in the same transaction with the slot: bookings
# registers the one that offers them to the waiting list first, in order
# (activities may not import bookings).
SeatsHook = Callable[[TimeSlot], object]
_MORE_SEATS_HOOKS: list[SeatsHook] = []


def on_more_seats(hook: SeatsHook) -> SeatsHook:
    """Register `hook(slot)` to run when a slot's bookable seats grow."""
    if hook not in _MORE_SEATS_HOOKS:
        _MORE_SEATS_HOOKS.append(hook)
    return hook


def _more_seats(slot: TimeSlot) -> None:
    for hook in _MORE_SEATS_HOOKS:
        hook(slot)


# Steps other apps add when a host adds a slot, run in its transaction with the
# new slot: bookings registers the one that marks the activity's demand nudges
# as answered (activities may not import bookings).
SlotAddedHook = Callable[[TimeSlot], object]
_SLOT_ADDED_HOOKS: list[SlotAddedHook] = []


def on_slot_added(hook: SlotAddedHook) -> SlotAddedHook:
    """Register `hook(slot)` to run when a slot is added to an activity."""
    if hook not in _SLOT_ADDED_HOOKS:
        _SLOT_ADDED_HOOKS.append(hook)
    return hook


def _save_slot(
    slot: TimeSlot,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> TimeSlot:
    if room is not None and safety_limit is None:
        # A hub room holds its seats, no more (a bigger slot is refused below).
        safety_limit = max(room.seats, capacity)
    _check_slot(
        slot.activity,
        starts_at,
        ends_at,
        capacity,
        room,
        group_seats,
        safety_limit,
        booking_allowance,
    )
    try:
        with transaction.atomic():
            if room is not None:
                # The lock queues concurrent writers of the same room, so the
                # check below sees every slot committed before this one.
                room = HubRoom.objects.select_for_update().get(pk=room.pk)
                if capacity > room.seats:
                    raise InvalidSlot(
                        _("La sala %(room)s ha %(seats)s posti: il turno non può averne di più.")
                        % {"room": room.name, "seats": room.seats},
                        field="capacity",
                    )
                if safety_limit is not None and safety_limit > room.seats:
                    raise InvalidSlot(
                        _(
                            "La sala %(room)s ha %(seats)s posti: il limite di sicurezza non "
                            "può essere più alto."
                        )
                        % {"room": room.name, "seats": room.seats},
                        field="safety_limit",
                    )
                conflict = _overlapping_slot(room, starts_at, ends_at, exclude=slot.pk)
                if conflict is not None:
                    raise _room_occupied(room, conflict)
            grew = False
            if slot.pk is not None:
                # The seat counters belong to bookings: read them under the
                # row's lock and never write them from here.
                taken = TimeSlot.objects.select_for_update().get(pk=slot.pk)
                _check_seats_taken(taken, capacity + booking_allowance, group_seats)
                grew = capacity + booking_allowance > taken.bookable_seats
            else:
                slot.released_percent = released_percent(slot.activity)
            slot.starts_at, slot.ends_at = starts_at, ends_at
            slot.capacity, slot.room, slot.group_seats = capacity, room, group_seats
            slot.safety_limit, slot.booking_allowance = safety_limit, booking_allowance
            if slot.pk is None:
                slot.save()
            else:
                slot.save(
                    update_fields=[
                        "starts_at",
                        "ends_at",
                        "capacity",
                        "room",
                        "group_seats",
                        "safety_limit",
                        "booking_allowance",
                    ]
                )
                if grew:
                    _more_seats(slot)
    except IntegrityError as error:
        # The database has the last word (a writer that skipped this service).
        domain_error = room_error_from_integrity(error, room, starts_at, ends_at, exclude=slot.pk)
        if domain_error is None:
            raise
        raise domain_error from error
    return slot


def add_slot(
    activity: Activity,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None = None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> TimeSlot:
    """A new time slot of the activity. Hub activities need a free room big
    enough. Bookings past `capacity` (`booking_allowance`) only up to the
    site's `safety_limit`. The slot starts with the share of places the
    activity's waves have released (`released_percent`). Other apps' steps
    (`on_slot_added`) run in the same transaction."""
    with transaction.atomic():
        slot = _save_slot(
            TimeSlot(activity=activity),
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            room=room,
            group_seats=group_seats,
            safety_limit=safety_limit,
            booking_allowance=booking_allowance,
        )
        for hook in _SLOT_ADDED_HOOKS:
            hook(slot)
    return slot


def update_slot(
    slot: TimeSlot,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None = None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> TimeSlot:
    """Move or resize a slot, with the same rules as `add_slot`; never below
    the seats already booked."""
    slot = TimeSlot.objects.select_related("activity__edition").get(pk=slot.pk)
    return _save_slot(
        slot,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        room=room,
        group_seats=group_seats,
        safety_limit=safety_limit,
        booking_allowance=booking_allowance,
    )


def set_booking_allowance(slot: TimeSlot, *, booking_allowance: int, by: User) -> TimeSlot:
    """Accept `booking_allowance` bookings past the slot's tour size (a
    suggestion from past no-shows, or the host's own figure), within the
    site's safety limit and never below the seats already booked. Audited."""
    with transaction.atomic():
        locked = TimeSlot.objects.select_for_update().get(pk=slot.pk)
        _check_allowance(locked.capacity, locked.safety_limit, booking_allowance)
        _check_seats_taken(locked, locked.capacity + booking_allowance, locked.group_seats)
        before = locked.booking_allowance
        TimeSlot.objects.filter(pk=slot.pk).update(booking_allowance=booking_allowance)
        if booking_allowance > before:
            _more_seats(locked)
        record_audit_event(
            actor=by,
            actor_role=AuditEvent.ActorRole.CITY_STAFF
            if by.is_city_staff
            else AuditEvent.ActorRole.HOST,
            action="activities.booking_allowance_set",
            target=locked,
            changes={"booking_allowance": [before, booking_allowance]},
        )
    slot.booking_allowance = booking_allowance
    return slot


def remove_slot(slot: TimeSlot) -> None:
    """Delete a slot nobody has booked. A slot with bookings (even cancelled
    ones, which are its history) is cancelled instead, by
    bookings.services.cancel_slot, which tells the visitors."""
    with transaction.atomic():
        locked = TimeSlot.objects.select_for_update().filter(pk=slot.pk).first()
        if locked is None:
            return
        # `bookings` is the reverse relation of bookings.Booking.slot.
        if locked.seats_taken > 0 or locked.bookings.exists():
            raise SlotHasBookings
        locked.delete()
