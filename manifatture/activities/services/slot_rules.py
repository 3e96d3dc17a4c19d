"""The rules of a time slot: within the event days, at least one place,
group seats within the places, a hub room for hub activities (never double
booked), bookings past the places only within the site's safety limit, never
below the seats already booked. Also read by `activities.extra_slots`."""

import datetime

from django.db import IntegrityError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..exceptions import (
    ActivityCancelled,
    InvalidSlot,
    RoomOccupied,
)
from ..models import (
    Activity,
    HubRoom,
    TimeSlot,
    free_seats,
)

# Name of the database rule against double-booked rooms: the exclusion
# constraint of migration 0002.
ROOM_OVERLAP_CONSTRAINT = "slot_room_no_overlap"


def _local(moment: datetime.datetime, fmt: str) -> str:
    return date_format(timezone.localtime(moment), fmt)


def _overlapping_slot(
    room: HubRoom, starts_at: datetime.datetime, ends_at: datetime.datetime, exclude: int | None
) -> TimeSlot | None:
    # Half-open intervals: a slot ending at 11:00 and one starting at 11:00 don't overlap.
    slots = TimeSlot.objects.filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude is not None:
        slots = slots.exclude(pk=exclude)
    return slots.order_by("starts_at").first()


def _room_occupied(room: HubRoom, conflict: TimeSlot | None) -> RoomOccupied:
    if conflict is None:
        return RoomOccupied(
            _("La sala %(room)s è già occupata in quell'orario.") % {"room": room.name}
        )
    return RoomOccupied(
        _("La sala %(room)s è già occupata dalle %(start)s alle %(end)s del %(day)s.")
        % {
            "room": room.name,
            "start": _local(conflict.starts_at, "H:i"),
            "end": _local(conflict.ends_at, "H:i"),
            "day": _local(conflict.starts_at, "SHORT_DATE_FORMAT"),
        }
    )


def room_error_from_integrity(
    error: IntegrityError,
    room: HubRoom | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    exclude: int | None = None,
) -> RoomOccupied | None:
    """The domain error for a database refusal of a double-booked room, or
    None when the IntegrityError is about something else. Call it after the
    failed transaction (or savepoint) has been rolled back."""
    if room is None or ROOM_OVERLAP_CONSTRAINT not in str(error):
        return None
    return _room_occupied(room, _overlapping_slot(room, starts_at, ends_at, exclude))


def _check_slot(
    activity: Activity,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> None:
    if activity.is_cancelled:
        raise ActivityCancelled
    if ends_at <= starts_at:
        raise InvalidSlot(_("La fine del turno deve essere dopo l'inizio."), field="ends_at")
    first, after_last = activity.edition.event_bounds()
    if starts_at < first or ends_at > after_last:
        raise InvalidSlot(
            _("I turni devono svolgersi nei giorni dell'evento, dal %(first)s al %(last)s.")
            % {
                "first": date_format(activity.edition.event_start, "SHORT_DATE_FORMAT"),
                "last": date_format(activity.edition.event_end, "SHORT_DATE_FORMAT"),
            },
            field="starts_at" if starts_at < first or starts_at >= after_last else "ends_at",
        )
    if capacity < 1:
        raise InvalidSlot(_("Il turno deve avere almeno un posto."), field="capacity")
    if not 0 <= group_seats <= capacity:
        raise InvalidSlot(
            _("I posti riservati ai gruppi non possono superare i posti del turno."),
            field="group_seats",
        )
    _check_allowance(capacity, safety_limit, booking_allowance)
    if activity.at_hub and room is None:
        raise InvalidSlot(_("Scegliete la sala dell'hub."), field="room")
    if not activity.at_hub and room is not None:
        raise InvalidSlot(
            _("Le sale sono solo per le attività all'hub: lasciate vuoto il campo."),
            field="room",
        )
    if room is not None and room.edition_id != activity.edition_id:
        raise InvalidSlot(_("La sala non appartiene a questa edizione."), field="room")


def _check_allowance(capacity: int, safety_limit: int | None, booking_allowance: int) -> None:
    """The booking allowance never takes the slot past the site's safety
    limit (the database's `slot_allowance_within_safety_limit` is the last line)."""
    if booking_allowance < 0:
        raise InvalidSlot(
            _("Le prenotazioni oltre i posti non possono essere negative."),
            field="booking_allowance",
        )
    if safety_limit is not None and safety_limit < capacity:
        raise InvalidSlot(
            _("Il limite di sicurezza del luogo non può essere inferiore ai posti del turno."),
            field="safety_limit",
        )
    if booking_allowance and safety_limit is None:
        raise InvalidSlot(
            _(
                "Per accettare prenotazioni oltre i posti indicate il limite di sicurezza "
                "del luogo: quante persone può accogliere insieme."
            ),
            field="safety_limit",
        )
    if (
        booking_allowance
        and safety_limit is not None
        and capacity + booking_allowance > safety_limit
    ):
        raise InvalidSlot(
            _(
                "Con %(extra)s prenotazioni oltre i %(capacity)s posti si supererebbe il limite "
                "di sicurezza del luogo (%(limit)s persone): al massimo %(most)s."
            )
            % {
                "extra": booking_allowance,
                "capacity": capacity,
                "limit": safety_limit,
                "most": safety_limit - capacity,
            },
            field="booking_allowance",
        )


def _check_seats_taken(slot: TimeSlot, capacity: int, group_seats: int) -> None:
    """The new bookable seats (`capacity`: tour size plus allowance) and group
    seats leave no booked seat without room (the one seat arithmetic,
    `free_seats`, never below 0)."""
    taken, group_taken = slot.seats_taken, slot.group_seats_taken
    if free_seats(capacity, taken, group_seats, group_taken, group=True) < 0:
        raise InvalidSlot(
            _("Sono già prenotati %(n)s posti: il turno non può averne di meno.")
            % {"n": slot.seats_taken},
            field="capacity",
        )
    individuals = slot.seats_taken - slot.group_seats_taken
    if free_seats(capacity, taken, group_seats, group_taken, group=False) < 0:
        raise InvalidSlot(
            _(
                "Con questi posti riservati ai gruppi non resterebbero abbastanza posti per "
                "chi ha già prenotato da solo o in famiglia (%(n)s)."
            )
            % {"n": individuals},
            field="group_seats",
        )
