"""Booking a slot: directly (`book_slot`), or a place won in a ballot draw and
the waiting-list place of a choice the draw could not give."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.activities.models import TimeSlot
from manifatture.statements import cursor, insert, insert_sql, inserted

from .. import queries
from ..exceptions import BookingError, OfferPending, SlotFull
from ..models import Booking, WaitingListEntry
from .attendees import clean_attendee_names
from .rules import (
    _ballot_refusal,
    _check_bookable,
    _check_party,
    _check_site_rules,
    _check_visitor_rules,
    _load_slot,
    visitor_bookings,
)
from .seats import (
    _confirmation_in_statement,
    _lock_visitor,
    _queue_confirmation,
    _take_seats,
    _take_seats_in_statement,
)


def book_slot(
    slot: TimeSlot,
    *,
    visitor: User,
    party_size: int,
    kind: str = Booking.Kind.INDIVIDUAL,
    group_name: str = "",
    rules_acknowledged: bool = False,
    attendee_names: Sequence[str] = (),
) -> Booking:
    """Book seats on the slot for the visitor's party (or, with kind GROUP,
    for a group they lead, naming its school or organisation). Booking the
    same slot again returns the booking already made (a double submit books
    once). An activity with site rules needs `rules_acknowledged` (recorded
    with its time); one with named tickets the name of each person. A
    confirmation e-mail with the ticket follows."""
    slot = _load_slot(slot)
    activity = slot.activity
    now = timezone.now()
    _check_bookable(slot, now)
    group = kind == Booking.Kind.GROUP
    _check_party(activity, kind, party_size, group_name)
    acknowledged_at = _check_site_rules(activity, rules_acknowledged=rules_acknowledged)
    names = clean_attendee_names(activity, attendee_names, party_size)
    if slot.seats_left(group=group) < party_size:
        # Full as this request read the slot (as every page shows it):
        # answered with one query, locking nothing and writing nothing; the
        # visitor's own booking of it if this is a second submit.
        full = queries.no_seats(slot, visitor.pk)
        if full.booking_id is not None:
            return Booking.objects.get(pk=full.booking_id)
        raise _refusal(full)
    try:
        with transaction.atomic():
            _lock_visitor(visitor)
            others = visitor_bookings(visitor, activity.edition)
            existing = next((b for b in others if b.slot_id == slot.pk), None)
            if existing is not None:
                return Booking.objects.get(pk=existing.booking_id)
            _check_visitor_rules(slot, others, kind=kind, party_size=party_size)
            return _save_booking(
                Booking(
                    slot=slot,
                    visitor=visitor,
                    party_size=party_size,
                    kind=kind,
                    group_name=group_name.strip() if group else "",
                    rules_acknowledged_at=acknowledged_at,
                    attendee_names=names,
                )
            )
    except IntegrityError:
        # Only a writer that skipped the visitor lock gets here; the database
        # kept one live booking per visitor and slot: that one is the answer.
        kept = Booking.objects.filter(
            visitor=visitor, slot_id=slot.pk, status=Booking.Status.CONFIRMED
        ).first()
        if kept is None:
            raise
        return kept


def _save_booking(booking: Booking) -> Booking:
    """The booking, its confirmation e-mail and its seats, in the caller's
    transaction; refused (all three rolled back) if the seats are gone.

    With the production queue (a table of this database) the three are one
    statement, a WITH of two INSERTs and the conditional UPDATE: on the
    busiest request, each statement fewer is a round trip and its CPU fewer
    (bench/booking). The slot's row, which every booking of it waits for, stays
    locked from that statement to the commit, as with the UPDATE alone."""
    group = booking.kind == Booking.Kind.GROUP
    confirmation = _confirmation_in_statement()
    if confirmation is None:
        insert(booking)  # as booking.save(), composed once
        _queue_confirmation(booking.pk)
        # The seats last: the slot's row stays locked only from this UPDATE to the commit.
        if not _take_seats(booking.slot_id, booking.party_size, group=group, direct=True):
            raise _refusal(queries.no_seats(booking.slot, booking.visitor_id))
        return booking
    booking_sql, booking_params = insert_sql(booking)
    seats_sql, seats_params = _take_seats_in_statement(
        booking.slot_id, booking.party_size, group=group, direct=True
    )
    with cursor() as statement:
        statement.execute(
            f"WITH booking AS ({booking_sql}), confirmation AS ({confirmation.sql}), "
            f"seats AS ({seats_sql}) "
            "SELECT (SELECT id FROM booking), EXISTS (SELECT 1 FROM seats)",
            [*booking_params, *confirmation.params, *seats_params],
        )
        pk, taken = statement.fetchone()
    if not taken:
        # Refused: the booking and its e-mail roll back with the transaction.
        raise _refusal(queries.no_seats(booking.slot, booking.visitor_id))
    inserted(booking, pk)
    confirmation.written(pk)
    return booking


def _refusal(full: queries.NoSeats) -> BookingError:
    """Why a direct booking found no seats: the activity's places are a ballot's
    still to be drawn, the visitor has an offer of this slot to answer, or it is full."""
    if full.in_undrawn_ballot:
        return _ballot_refusal()
    if full.offered:
        return OfferPending()
    return SlotFull()


def book_drawn_place(
    slot: TimeSlot,
    *,
    visitor: User,
    party_size: int,
    kind: str = Booking.Kind.INDIVIDUAL,
    group_name: str = "",
) -> Booking:
    """Book a place won in a ballot draw.

    The draw (`ballots.services.run_draw`) runs after the ballot window, while
    the activity is still in ballot mode and possibly outside the registration
    window, so the checks of `book_slot` on the booking window do not apply;
    the per-visitor rules (limit, no overlaps) were applied by the draw under
    the lock on the visitors' rows. The seats are taken exactly as `book_slot`
    takes them: one conditional UPDATE that refuses a cancelled or full slot,
    in the same transaction as the booking row."""
    group = kind == Booking.Kind.GROUP
    with transaction.atomic():
        if not _take_seats(slot.pk, party_size, group=group):
            raise SlotFull
        booking = Booking.objects.create(
            slot=slot,
            visitor=visitor,
            party_size=party_size,
            kind=kind,
            group_name=group_name.strip() if group else "",
        )
        _queue_confirmation(booking.pk)
    return booking


def wait_for_drawn_place(
    slot: TimeSlot,
    *,
    visitor: User,
    party_size: int,
    kind: str = Booking.Kind.INDIVIDUAL,
    group_name: str = "",
) -> WaitingListEntry:
    """Put a ballot choice that the draw could not give on the slot's waiting
    list (the draw creates entries in its own order, so the list keeps it).
    Returns the live entry already there, if any."""
    live = WaitingListEntry.objects.filter(
        slot=slot,
        visitor=visitor,
        status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
    ).first()
    if live is not None:
        return live
    return WaitingListEntry.objects.create(
        slot=slot,
        visitor=visitor,
        party_size=party_size,
        kind=kind,
        group_name=group_name.strip() if kind == Booking.Kind.GROUP else "",
    )
