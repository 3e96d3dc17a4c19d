"""Taking and freeing a slot's seats (one conditional UPDATE of its counters),
the lock on the visitor's row that queues one person's transactions, and the
confirmation e-mail queued in the booking's own transaction."""

import functools

from manifatture.accounts.models import User
from manifatture.activities.models import TimeSlot
from manifatture.operations.services import QueuedRow, queue_after_commit, queue_in_statement
from manifatture.statements import Statement

from .. import queries

# Task (bookings.tasks), named by path: the tasks call these services, not the other way.
CONFIRMATION_TASK = "manifatture.bookings.tasks.send_booking_confirmation"


def _lock_visitor(visitor: User) -> None:
    # Queues the transactions of one person, so the limit and overlap checks
    # see every booking committed before this one.
    queries.lock_visitor(visitor.pk)


def _take_seats_sql(*, group: bool, direct: bool, slot_id: int, seats: int):
    slots = TimeSlot.objects.filter(pk=slot_id)
    if direct:
        slots = queries.outside_undrawn_ballots(slots)
    return slots.take_seats_sql(seats, group=group)


# The conditional UPDATE of every booking, composed once per process for each
# kind: composing it cost the ORM more than running it costs the database.
_TAKE_SEATS = {
    (group, direct): Statement(
        functools.partial(_take_seats_sql, group=group, direct=direct), "slot_id", "seats"
    )
    for group in (False, True)
    for direct in (False, True)
}


def _take_seats(slot_id: int, seats: int, *, group: bool, direct: bool = False) -> bool:
    """Take `seats` on the slot if they are free (`TimeSlot.places_left`, or
    `group_places_left`, as every page shows them): one conditional UPDATE,
    which also locks the slot's row until the transaction ends. A cancelled
    slot never takes seats, whatever the caller believed; nor does a `direct`
    booking on an activity in a ballot still to be drawn, whatever its booking
    mode says (the draw's own bookings and offers are not direct)."""
    return bool(_TAKE_SEATS[group, direct].execute(slot_id=slot_id, seats=seats))


def _take_seats_in_statement(
    slot_id: int, seats: int, *, group: bool, direct: bool = False
) -> tuple[str, list]:
    """The UPDATE of `_take_seats`, not run: for a statement that writes it with
    other rows (`RETURNING` one row if it took them)."""
    sql, params = _TAKE_SEATS[group, direct].sql(slot_id=slot_id, seats=seats)
    return f"{sql} RETURNING 1", params


def _free_seats(slot_id: int, seats: int, *, group: bool) -> None:
    TimeSlot.objects.filter(pk=slot_id).free_taken_seats(seats, group=group)


def _confirmation_in_statement() -> QueuedRow | None:
    """The confirmation e-mail of a booking written by the same statement (a
    WITH whose `booking` inserts it), where the queue is this database's
    table; else None, and `_queue_confirmation` after the booking's row."""
    return queue_in_statement(CONFIRMATION_TASK, argument="booking_id", returned_by="booking")


def _queue_confirmation(booking_id: int) -> None:
    """Queue the confirmation e-mail of a booking being saved, in the booking's own
    transaction (the task queue's outbox, operations.services.queue_after_commit):
    it leaves only if the booking was saved, and is not lost if the process stops
    right after the commit."""
    queue_after_commit(CONFIRMATION_TASK, booking_id=booking_id)
