"""Writes of bookings and waiting lists. Each function owns its transaction and
raises a `BookingError` with a message for the person when a rule says no.

How seats stay within capacity, under any concurrency:

* a booking takes its seats with ONE conditional UPDATE of the slot's counter
  (`TimeSlotQuerySet.take_seats`: the places left that pages show, from
  `activities.models.free_seats`, must be at least the party), late, in the
  same transaction as the INSERT of the booking row; the slot's check
  constraints are the last line;
* the per-visitor rules (limit per edition, no overlaps) are checked under a
  lock on the visitor's own row, so two requests of one person queue;
* seats offered to the waiting list are held in the same counter until the
  offer is accepted (they become the booking's) or expires (they are offered
  to the next entry, or freed).

Lock order, the same everywhere, so transactions never wait on each other in
a circle: visitor row, slot row, then booking and waiting-list rows.
"""

import datetime
import logging
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import AuditEvent, Consent, User
from manifatture.accounts.privacy import record_consent
from manifatture.activities import services as activity_services
from manifatture.activities import travel
from manifatture.activities.models import Activity, HubVenue, TimeSlot
from manifatture.activities.queries import may_manage_programme
from manifatture.directory.models import Comune, Municipio
from manifatture.editions.models import Edition
from manifatture.mail import send_templated_email
from manifatture.operations.services import queue_after_commit

from . import demand, queries
from .exceptions import (
    AccessNeedsConsentMissing,
    AlreadyBooked,
    BookingClosed,
    BookingLimitReached,
    CancellationClosed,
    InvalidAttendeeNames,
    InvalidParty,
    NotAllowed,
    NotBookable,
    OfferNotAvailable,
    OfferPending,
    OverlappingBooking,
    RegistrationClosed,
    ReleaseTooEarly,
    RulesNotAcknowledged,
    SeatsStillAvailable,
    SlotFull,
)
from .models import (
    ATTENDEE_NAME_MAX_LENGTH,
    AccessNeeds,
    Booking,
    VisitorProfile,
    WaitingListEntry,
    new_ticket_code,
)

# Tasks (bookings.tasks), named by path: the tasks call these services, not the other way.
CONFIRMATION_TASK = "manifatture.bookings.tasks.send_booking_confirmation"
EXPIRE_OFFERS_TASK = "manifatture.bookings.tasks.expire_offers_task"

logger = logging.getLogger(__name__)

# An offer shorter than this is not worth making: nobody could accept it.
MIN_OFFER_MINUTES = 10


# Settings --------------------------------------------------------------------------


def booking_cutoff() -> datetime.timedelta:
    """How long before a slot starts its bookings close."""
    return datetime.timedelta(minutes=getattr(settings, "BOOKING_CUTOFF_MINUTES", 60))


def cancellation_cutoff() -> datetime.timedelta:
    """How long before a slot starts visitors can no longer cancel."""
    return datetime.timedelta(minutes=getattr(settings, "CANCELLATION_CUTOFF_MINUTES", 60))


def bookings_per_visitor(edition: Edition | None = None) -> int:
    """How many bookings (parties: a household or a group, each whole) a
    visitor may hold in the edition: the edition's own limit, or the setting."""
    if edition is not None and edition.party_limit is not None:
        return edition.party_limit
    return getattr(settings, "BOOKINGS_PER_VISITOR", 6)


def seats_per_visitor(edition: Edition) -> int | None:
    """How many people in all a visitor may book for their household in the
    edition, summing their individual bookings (groups and classes have their
    own limits: `groups_per_visitor` and the activity's group size); None: no
    limit beyond the number of bookings."""
    return edition.seat_limit


def seat_limit_refusal(limit: int, held: int) -> BookingLimitReached:
    """The one sentence for a party that would take the visitor past the seat limit."""
    return BookingLimitReached(
        ngettext(
            "Potete prenotare al massimo %(n)s persona in tutto per questa edizione (già "
            "prenotate: %(held)s), e ogni gruppo entra tutto insieme o per niente.",
            "Potete prenotare al massimo %(n)s persone in tutto per questa edizione (già "
            "prenotate: %(held)s), e ogni gruppo entra tutto insieme o per niente.",
            limit,
        )
        % {"n": limit, "held": held},
        field="party_size",
    )


def household_seats(others: list[queries.BookedSlot]) -> int:
    """Seats the visitor holds for themselves and their household (not groups)."""
    return sum(b.party_size for b in others if b.kind != Booking.Kind.GROUP)


def groups_per_visitor() -> int:
    """How many of a visitor's bookings in an edition may be for groups: one
    account does not hold a slot's seats through group after group."""
    return settings.GROUP_BOOKINGS_PER_VISITOR


def offer_duration() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "WAITING_OFFER_HOURS", 12))


# Helpers ---------------------------------------------------------------------------


def _local(moment: datetime.datetime, fmt: str) -> str:
    return date_format(timezone.localtime(moment), fmt)


def _load_slot(slot: TimeSlot) -> TimeSlot:
    """The slot with its activity, site and edition, read once: a slot the
    view already loaded with them is used as it is (they are not scarce; the
    seats are taken later by the conditional update)."""
    if (
        TimeSlot.activity.is_cached(slot)
        and Activity.edition.is_cached(slot.activity)
        and (slot.activity.site_id is None or Activity.site.is_cached(slot.activity))
    ):
        return slot
    return TimeSlot.objects.select_related("activity__edition", "activity__site").get(pk=slot.pk)


def _check_bookable(slot: TimeSlot, now: datetime.datetime) -> None:
    """The slot takes bookings now: bookable activity, registration open,
    before the cut-off."""
    activity = slot.activity
    if activity.is_cancelled or slot.is_cancelled:
        raise NotBookable(_("Questo turno è stato annullato."))
    if activity.is_draft:
        raise NotBookable(_("Questa attività non è ancora nel programma."))
    if activity.booking_mode == Activity.BookingMode.DROP_IN:
        raise NotBookable(_("L'ingresso è libero: non serve prenotare."))
    if activity.booking_mode == Activity.BookingMode.BALLOT:
        raise _ballot_refusal()
    window = activity.edition.booking_window_at(now)
    if not window.is_open:
        raise RegistrationClosed(window.reason)
    cutoff = booking_cutoff()
    if now >= slot.starts_at - cutoff:
        raise BookingClosed(
            _("Le prenotazioni di questo turno chiudono %(minutes)s minuti prima dell'inizio.")
            % {"minutes": int(cutoff.total_seconds() // 60)}
        )


def _check_party(activity: Activity, kind: str, party_size: int, group_name: str) -> None:
    if kind == Booking.Kind.GROUP:
        if activity.max_group_size < 1:
            raise InvalidParty(_("Questa attività non accoglie gruppi."), field=None)
        if not group_name.strip():
            raise InvalidParty(
                _("Indicate la scuola o l'organizzazione del gruppo."), field="group_name"
            )
        if not 1 <= party_size <= activity.max_group_size:
            raise InvalidParty(
                _("Un gruppo può essere di 1–%(max)s persone.") % {"max": activity.max_group_size}
            )
    elif not 1 <= party_size <= activity.max_party_size:
        raise InvalidParty(
            _("Potete prenotare per 1–%(max)s persone.") % {"max": activity.max_party_size}
        )


def clean_attendee_names(activity: Activity, names, party_size: int) -> list[str]:
    """The names on a named-ticket booking (`Activity.named_tickets`): one per
    person, each a real name (two characters at least, at most
    ATTENDEE_NAME_MAX_LENGTH), no blank ones; `[]` for other activities, whatever
    was sent. Raises InvalidAttendeeNames with the reason."""
    if not activity.named_tickets:
        return []
    cleaned = [" ".join(str(name).split()) for name in names or ()]
    cleaned = [name for name in cleaned if name]
    if len(cleaned) != party_size:
        raise InvalidAttendeeNames(
            ngettext(
                "Scrivete il nome e cognome della persona, uno per riga (ne avete scritti "
                "%(given)s).",
                "Scrivete il nome e cognome di ciascuna delle %(count)s persone, uno per riga "
                "(ne avete scritti %(given)s).",
                party_size,
            )
            % {"count": party_size, "given": len(cleaned)}
        )
    for name in cleaned:
        if len(name) < 2 or len(name) > ATTENDEE_NAME_MAX_LENGTH:
            raise InvalidAttendeeNames(
                _("Ogni nome va da 2 a %(max)s caratteri: controllate «%(name)s».")
                % {"max": ATTENDEE_NAME_MAX_LENGTH, "name": name[:40]}
            )
    return cleaned


def _check_site_rules(activity: Activity, *, rules_acknowledged: bool) -> datetime.datetime | None:
    """An activity with site rules is booked only once the visitor has accepted
    them: the moment it was accepted (None for an activity without rules)."""
    if not activity.site_rules:
        return None
    if not rules_acknowledged:
        raise RulesNotAcknowledged
    return timezone.now()


def _may_act_for(user: User, visitor_id: int, activity: Activity) -> bool:
    """The visitor themselves, city staff, or a member of the host."""
    return user.pk == visitor_id or may_manage_programme(user, activity)


class _Places:
    """Where activities take place (a host's site or the edition's hub), as
    `travel.Point`s, with the hub looked up at most once."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self._hub: travel.Point | None = None
        self._hub_loaded = False

    def of(self, activity: Activity) -> travel.Point | None:
        if activity.site_id is not None:
            site = activity.site
            return float(site.latitude), float(site.longitude)
        return self.hub()

    def of_booked(self, booked: queries.BookedSlot) -> travel.Point | None:
        if booked.site_id is not None:
            return float(booked.latitude), float(booked.longitude)
        return self.hub()

    def hub(self) -> travel.Point | None:
        if not self._hub_loaded:
            venue = HubVenue.objects.filter(edition_id=self.edition.pk).first()
            if venue is not None:
                self._hub = float(venue.latitude), float(venue.longitude)
            self._hub_loaded = True
        return self._hub


def _visitor_bookings(visitor: User, edition: Edition) -> list[queries.BookedSlot]:
    """The visitor's live bookings in the edition, with what the overlap
    check needs. Call under the lock on the visitor's row."""
    return queries.booked_slots(visitor.pk, edition.pk)


def _check_visitor_rules(
    slot: TimeSlot,
    others: list[queries.BookedSlot],
    *,
    kind: str = Booking.Kind.INDIVIDUAL,
    party_size: int = 1,
) -> None:
    """The visitor's limits per edition, counted in parties (bookings, and
    groups for a group booking) and in seats (the household's people, for an
    individual booking), and no overlap with their other bookings (`others`,
    from `_visitor_bookings`), counting the travel time between places."""
    _check_visitor_limits(
        slot.activity.edition, others, kind=kind, party_size=party_size, exclude_slot=slot.pk
    )
    others = [booking for booking in others if booking.slot_id != slot.pk]
    if not others:
        return
    places = _Places(slot.activity.edition)
    here = places.of(slot.activity)
    for other in others:
        buffer = travel.travel_minutes(here, places.of_booked(other)) or 0
        if travel.visits_clash(
            (slot.starts_at, slot.ends_at), (other.starts_at, other.ends_at), buffer
        ):
            values = {
                "title": other.title,
                "day": _local(other.starts_at, "j F"),
                "start": _local(other.starts_at, "H:i"),
                "end": _local(other.ends_at, "H:i"),
                "minutes": buffer,
            }
            if buffer:
                message = _(
                    "Avete già prenotato «%(title)s» il %(day)s dalle %(start)s alle %(end)s: "
                    "contando %(minutes)s minuti per spostarsi da un luogo all'altro, "
                    "i due turni si sovrappongono."
                )
            else:
                message = _(
                    "Avete già prenotato «%(title)s» il %(day)s dalle %(start)s alle %(end)s: "
                    "i due turni si sovrappongono."
                )
            raise OverlappingBooking(message % values)


def _check_visitor_limits(
    edition: Edition,
    others: list[queries.BookedSlot],
    *,
    kind: str,
    party_size: int,
    exclude_slot: int | None = None,
) -> None:
    """The visitor's limits per edition for one more party, counted in parties
    (bookings; and groups, for a group) and in seats (their household's people,
    for an individual booking). A party's seats are all or nothing, so a party
    that does not fit whole is refused whole."""
    others = [booking for booking in others if booking.slot_id != exclude_slot]
    parties = bookings_per_visitor(edition)
    if len(others) >= parties:
        raise BookingLimitReached(
            _("Potete avere al massimo %(n)s prenotazioni per questa edizione.") % {"n": parties}
        )
    seat_limit = seats_per_visitor(edition)
    if kind != Booking.Kind.GROUP and seat_limit is not None:
        held = household_seats(others)
        if held + party_size > seat_limit:
            raise seat_limit_refusal(seat_limit, held)
    if kind == Booking.Kind.GROUP:
        groups = sum(1 for booking in others if booking.kind == Booking.Kind.GROUP)
        if groups >= groups_per_visitor():
            raise BookingLimitReached(
                ngettext(
                    "Potete prenotare al massimo %(n)s gruppo per questa edizione: per altri "
                    "gruppi scrivete all'organizzazione dell'evento.",
                    "Potete prenotare al massimo %(n)s gruppi per questa edizione: per altri "
                    "gruppi scrivete all'organizzazione dell'evento.",
                    groups_per_visitor(),
                )
                % {"n": groups_per_visitor()}
            )


def _lock_visitor(visitor: User) -> None:
    # Queues the transactions of one person, so the limit and overlap checks
    # see every booking committed before this one.
    queries.lock_visitor(visitor.pk)


def _take_seats(slot_id: int, seats: int, *, group: bool, direct: bool = False) -> bool:
    """Take `seats` on the slot if they are free (`TimeSlot.places_left`, or
    `group_places_left`, as every page shows them): one conditional UPDATE,
    which also locks the slot's row until the transaction ends. A cancelled
    slot never takes seats, whatever the caller believed; nor does a `direct`
    booking on an activity in a ballot still to be drawn, whatever its booking
    mode says (the draw's own bookings and offers are not direct)."""
    slots = TimeSlot.objects.filter(pk=slot_id)
    if direct:
        slots = queries.outside_undrawn_ballots(slots)
    return bool(slots.take_seats(seats, group=group))


def _ballot_refusal() -> NotBookable:
    return NotBookable(
        _("I posti di questa attività si assegnano per sorteggio: partecipate al sorteggio.")
    )


def _free_seats(slot_id: int, seats: int, *, group: bool) -> None:
    TimeSlot.objects.filter(pk=slot_id).free_taken_seats(seats, group=group)


def _queue_confirmation(booking_id: int) -> None:
    """Queue the confirmation e-mail of a booking being saved, in the booking's own
    transaction (the task queue's outbox, operations.services.queue_after_commit):
    it leaves only if the booking was saved, and is not lost if the process stops
    right after the commit."""
    queue_after_commit(CONFIRMATION_TASK, booking_id=booking_id)


# Booking ---------------------------------------------------------------------------


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
    try:
        with transaction.atomic():
            _lock_visitor(visitor)
            others = _visitor_bookings(visitor, activity.edition)
            existing = next((b for b in others if b.slot_id == slot.pk), None)
            if existing is not None:
                return Booking.objects.get(pk=existing.booking_id)
            _check_visitor_rules(slot, others, kind=kind, party_size=party_size)
            if not _take_seats(slot.pk, party_size, group=group, direct=True):
                if queries.in_undrawn_ballot(activity.pk):
                    raise _ballot_refusal()
                if WaitingListEntry.objects.filter(
                    visitor=visitor, slot_id=slot.pk, status=WaitingListEntry.Status.OFFERED
                ).exists():
                    raise OfferPending
                raise SlotFull
            booking = Booking.objects.create(
                slot=slot,
                visitor=visitor,
                party_size=party_size,
                kind=kind,
                group_name=group_name.strip() if group else "",
                rules_acknowledged_at=acknowledged_at,
                attendee_names=names,
            )
            _queue_confirmation(booking.pk)
    except IntegrityError:
        # Only a writer that skipped the visitor lock gets here; the database
        # kept one live booking per visitor and slot: that one is the answer.
        existing = Booking.objects.filter(
            visitor=visitor, slot_id=slot.pk, status=Booking.Status.CONFIRMED
        ).first()
        if existing is None:
            raise
        return existing
    return booking


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


def cancel_booking(
    booking: Booking, *, by: User, reason: str = "", enforce_deadline: bool = True
) -> None:
    """Cancel the booking: its seats are free at once and offered to the
    waiting list. The visitor may cancel until the cancellation deadline (not
    enforced when they delete their account); the host and city staff at any
    time, and the visitor is told by e-mail."""
    now = timezone.now()
    with transaction.atomic():
        # Lock order: the slot's row, then the booking's (as cancel_slot does).
        slot = (
            TimeSlot.objects.select_for_update(of=("self",))
            .select_related("activity__edition")
            .get(pk=booking.slot_id)
        )
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("visitor")
            .get(pk=booking.pk)
        )
        booking.slot = slot
        if not _may_act_for(by, booking.visitor_id, slot.activity):
            raise NotAllowed
        if booking.status == Booking.Status.CANCELLED:
            return
        by_visitor = by.pk == booking.visitor_id
        if by_visitor and enforce_deadline and now >= slot.starts_at - cancellation_cutoff():
            raise CancellationClosed(
                _(
                    "Le prenotazioni si possono annullare fino a %(minutes)s minuti prima "
                    "dell'inizio del turno."
                )
                % {"minutes": int(cancellation_cutoff().total_seconds() // 60)}
            )
        _cancel_locked(booking, slot, now=now)
        if not by_visitor:
            _notify_cancelled([booking], slot=slot, reason=reason)
            record_audit_event(
                actor=by,
                actor_role=_audit_role(by),
                action="bookings.booking_cancelled",
                target=booking,
                target_label=f"#{booking.pk} – {slot}",
                summary=reason,
                changes={"party_size": booking.party_size},
            )


def _cancel_locked(
    booking: Booking, slot: TimeSlot, *, now: datetime.datetime, **marks: object
) -> None:
    """The one way a live booking gives its seats back: cancelled, its seats
    free at once and offered to the waiting list in order. The caller holds
    the slot's and the booking's rows; `marks` are more fields to set (why it
    was released, a no-show)."""
    fields = {"status": Booking.Status.CANCELLED, "cancelled_at": now, **marks}
    Booking.objects.filter(pk=booking.pk).update(**fields)
    for name, value in fields.items():
        setattr(booking, name, value)
    _free_seats(slot.pk, booking.party_size, group=booking.kind == Booking.Kind.GROUP)
    _offer_freed_seats(slot, now=now)


def release_booking(
    booking: Booking,
    *,
    reason: str,
    by: User | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """Give a live booking's seats to others, through the same path as a
    cancellation: the platform when the visitor did not confirm by the
    deadline (`Booking.Release.UNCONFIRMED`, `by` None), or whoever receives
    at the door when nobody of the booking has arrived by the edition's grace
    time (`Booking.Release.ABSENT`, a no-show). The visitor is told by e-mail
    and the release is audited. Returns False, changing nothing, when there
    is nothing to release any more (confirmed, admitted or cancelled
    meanwhile); raises when the rule says no."""
    now = now or timezone.now()
    with transaction.atomic():
        slot = (
            TimeSlot.objects.select_for_update(of=("self",))
            .select_related("activity__edition")
            .get(pk=booking.slot_id)
        )
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("visitor")
            .get(pk=booking.pk)
        )
        booking.slot = slot
        edition = slot.activity.edition
        marks: dict[str, object] = {"released": reason}
        if reason == Booking.Release.UNCONFIRMED:
            if by is not None:
                raise NotAllowed
            if not booking.awaits_reconfirmation or now < booking.reconfirm_by:
                return False
        elif reason == Booking.Release.ABSENT:
            if by is None or not may_manage_programme(by, slot.activity):
                raise NotAllowed
            release_from = edition.door_release_at(slot.starts_at)
            if now < release_from:
                raise ReleaseTooEarly(
                    _("I posti di chi non è arrivato si possono dare ad altri dalle %(time)s.")
                    % {"time": _local(release_from, "H:i")}
                )
            if now >= slot.ends_at:
                raise ReleaseTooEarly(_("Il turno è finito: non ci sono più posti da dare."))
            marks["no_show"] = True
        else:
            raise ValueError(f"Unknown release reason {reason!r}")
        if booking.status != Booking.Status.CONFIRMED or booking.checked_in_at is not None:
            return False
        _cancel_locked(booking, slot, now=now, **marks)
        _notify_released(booking, slot=slot)
        record_audit_event(
            actor=by,
            actor_role=_audit_role(by) if by is not None else "",
            action="bookings.booking_released",
            target=booking,
            target_label=f"#{booking.pk} – {slot}",
            summary=str(Booking.Release(reason).label),
            changes={"party_size": booking.party_size, "reason": reason},
        )
    return True


def _notify_released(booking: Booking, *, slot: TimeSlot) -> None:
    def send():
        send_templated_email(
            [booking.visitor.email],
            "bookings/email/released",
            {"booking": booking, "slot": slot, "activity": slot.activity},
            booking.visitor.language,
        )

    transaction.on_commit(send)


def _notify_cancelled(bookings: list[Booking], *, slot: TimeSlot, reason: str) -> None:
    """Tell each visitor that the host or the staff cancelled their booking."""

    def send():
        for booking in bookings:
            send_templated_email(
                [booking.visitor.email],
                "bookings/email/cancelled_by_host",
                {"booking": booking, "slot": slot, "activity": slot.activity, "reason": reason},
                booking.visitor.language,
            )

    transaction.on_commit(send)


def _cancel_slot_locked(slot: TimeSlot, *, now: datetime.datetime, reason: str) -> int:
    """Cancel every booking and waiting-list entry of a slot whose row the
    caller has locked; mark the slot cancelled. Returns the bookings cancelled."""
    bookings = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(slot=slot, status=Booking.Status.CONFIRMED)
        .select_related("visitor")
    )
    Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
        status=Booking.Status.CANCELLED, cancelled_at=now
    )
    WaitingListEntry.objects.filter(
        slot=slot, status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
    ).update(status=WaitingListEntry.Status.CANCELLED)
    TimeSlot.objects.filter(pk=slot.pk).update(seats_taken=0, group_seats_taken=0, cancelled_at=now)
    for booking in bookings:
        booking.status, booking.cancelled_at = Booking.Status.CANCELLED, now
    if bookings:
        _notify_cancelled(bookings, slot=slot, reason=reason)
    return len(bookings)


def _audit_role(by: User) -> str:
    """Staff act as staff; anyone else cancelling others' bookings is a host member."""
    return AuditEvent.ActorRole.CITY_STAFF if by.is_city_staff else AuditEvent.ActorRole.HOST


def cancel_slot(slot: TimeSlot, *, by: User, reason: str = "") -> int:
    """The host or city staff cancel a slot: every booking on it is cancelled
    and its visitor told by e-mail; the waiting list closes; the slot takes no
    more bookings. Returns how many bookings were cancelled."""
    slot = _load_slot(slot)
    if not may_manage_programme(by, slot.activity):
        raise NotAllowed
    now = timezone.now()
    with transaction.atomic():
        slot = TimeSlot.objects.select_for_update().select_related("activity").get(pk=slot.pk)
        if slot.is_cancelled:
            return 0
        cancelled = _cancel_slot_locked(slot, now=now, reason=reason)
        record_audit_event(
            actor=by,
            actor_role=_audit_role(by),
            action="bookings.slot_cancelled",
            target=slot,
            summary=reason,
            changes={"bookings_cancelled": cancelled},
        )
        return cancelled


def cancel_activity_bookings(activity: Activity, *, by: User, reason: str = "") -> int:
    """The host or city staff cancel an activity: all its slots as in
    `cancel_slot`, then the activity leaves the programme. Returns how many
    bookings were cancelled."""
    if not may_manage_programme(by, activity):
        raise NotAllowed
    now = timezone.now()
    cancelled = 0
    with transaction.atomic():
        slots = list(
            TimeSlot.objects.select_for_update()
            .filter(activity_id=activity.pk)
            .select_related("activity")
            .order_by("pk")
        )
        for slot in slots:
            if not slot.is_cancelled:
                cancelled += _cancel_slot_locked(slot, now=now, reason=reason)
        activity_services.cancel_activity(activity)
        record_audit_event(
            actor=by,
            actor_role=_audit_role(by),
            action="bookings.activity_cancelled",
            target=activity,
            summary=reason,
            changes={"slots": len(slots), "bookings_cancelled": cancelled},
        )
    return cancelled


# Waiting list ----------------------------------------------------------------------


def _offer_deadline(slot: TimeSlot, now: datetime.datetime) -> datetime.datetime | None:
    """Until when an offer made now stays open: the usual time, never past
    the booking cut-off nor the end of registration; None if too short."""
    deadline = min(
        now + offer_duration(),
        slot.starts_at - booking_cutoff(),
        slot.activity.edition.registration_closes,
    )
    if deadline - now < datetime.timedelta(minutes=MIN_OFFER_MINUTES):
        return None
    return deadline


def _offer_freed_seats(slot: TimeSlot, *, now: datetime.datetime) -> list[WaitingListEntry]:
    """Offer the slot's free seats to the waiting list. Call with the slot's row locked.

    The rule, all or nothing for every party (a household, a group or a class):

    * parties are served in order of joining, and a party is only ever offered
      seats for all its people together, never some of them;
    * when the first party waiting needs more seats than are free, it keeps its
      place at the head of the list and is offered seats as soon as enough are
      free; meanwhile the free seats go to the first party behind it that they
      fit, since nobody ahead of that party could use them (left free, they
      would go to someone who never waited, or to nobody);
    * a group or class fits in the seats free for groups (`group_places_left`,
      which include the seats set aside for groups), a household in those
      free for individuals (`places_left`), exactly as for a booking.

    The offered seats are held in the slot's counter until the offer is
    accepted (they become the booking's) or expires (offered again by this
    rule)."""
    activity = slot.activity
    if slot.is_cancelled or activity.is_cancelled:
        return []
    if activity.booking_mode != Activity.BookingMode.BOOKING:
        return []
    deadline = _offer_deadline(slot, now)
    if deadline is None:
        return []
    offered = []
    while True:
        seats = TimeSlot.objects.only(*TimeSlot.SEAT_FIELDS).get(pk=slot.pk)
        free, group_free = seats.places_left, seats.group_places_left
        if group_free < 1:
            break
        entry = (
            WaitingListEntry.objects.select_for_update()
            .filter(slot_id=slot.pk, status=WaitingListEntry.Status.WAITING)
            .filter(
                Q(kind=Booking.Kind.INDIVIDUAL, party_size__lte=free)
                | Q(kind=Booking.Kind.GROUP, party_size__lte=group_free)
            )
            .select_related("visitor")
            .order_by("joined_at", "pk")
            .first()
        )
        if entry is None:
            break
        if Booking.objects.filter(
            slot_id=slot.pk, visitor_id=entry.visitor_id, status=Booking.Status.CONFIRMED
        ).exists():
            # Booked directly in the meantime: no longer waiting.
            WaitingListEntry.objects.filter(pk=entry.pk).update(status=WaitingListEntry.Status.LEFT)
            continue
        if not _take_seats(slot.pk, entry.party_size, group=entry.is_group):
            break
        WaitingListEntry.objects.filter(pk=entry.pk).update(
            status=WaitingListEntry.Status.OFFERED, offered_at=now, offer_expires_at=deadline
        )
        entry.status = WaitingListEntry.Status.OFFERED
        entry.offered_at, entry.offer_expires_at = now, deadline
        offered.append(entry)
    if offered:
        _notify_offers(offered, slot=slot, deadline=deadline)
        demand.review_demand(slot, now=now)
    return offered


def _notify_offers(
    entries: list[WaitingListEntry], *, slot: TimeSlot, deadline: datetime.datetime
) -> None:
    def send():
        for entry in entries:
            send_templated_email(
                [entry.visitor.email],
                "bookings/email/offer",
                {"entry": entry, "slot": slot, "activity": slot.activity},
                entry.visitor.language,
            )

    transaction.on_commit(send)
    # Check the offers when they expire (the scheduled expire_offers is the safety net).
    queue_after_commit(EXPIRE_OFFERS_TASK, run_after=deadline)


def join_waiting_list(
    slot: TimeSlot,
    *,
    visitor: User,
    party_size: int,
    kind: str = Booking.Kind.INDIVIDUAL,
    group_name: str = "",
) -> WaitingListEntry:
    """Join the waiting list of a full slot with a whole party: the visitor's
    household or (kind GROUP) a group or class they lead. It is offered seats
    for all its people or none (`_offer_freed_seats`). Joining again returns
    the entry already there."""
    slot = _load_slot(slot)
    now = timezone.now()
    _check_bookable(slot, now)
    group = kind == Booking.Kind.GROUP
    _check_party(slot.activity, kind, party_size, group_name)
    if queries.in_undrawn_ballot(slot.activity_id):
        raise _ballot_refusal()
    try:
        with transaction.atomic():
            _lock_visitor(visitor)
            # Under the slot's lock no seat is freed (and not offered) while we look.
            locked = TimeSlot.objects.select_for_update().get(pk=slot.pk)
            live = WaitingListEntry.objects.filter(
                slot_id=slot.pk,
                visitor=visitor,
                status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
            ).first()
            if live is not None:
                return live
            if Booking.objects.filter(
                slot_id=slot.pk, visitor=visitor, status=Booking.Status.CONFIRMED
            ).exists():
                raise AlreadyBooked
            if locked.seats_left(group=group) >= party_size:
                raise SeatsStillAvailable
            # A party the visitor's limits could never accept would wait for nothing.
            _check_visitor_limits(
                slot.activity.edition,
                _visitor_bookings(visitor, slot.activity.edition),
                kind=kind,
                party_size=party_size,
                exclude_slot=slot.pk,
            )
            entry = WaitingListEntry.objects.create(
                slot_id=slot.pk,
                visitor=visitor,
                party_size=party_size,
                kind=kind,
                group_name=group_name.strip() if group else "",
            )
            demand.review_demand(slot, now=now)
            return entry
    except IntegrityError:
        live = WaitingListEntry.objects.filter(
            slot_id=slot.pk,
            visitor=visitor,
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
        ).first()
        if live is None:
            raise
        return live


def leave_waiting_list(entry: WaitingListEntry, *, by: User) -> None:
    """Leave the waiting list at any time; seats held for an offer go to the
    next entry."""
    with transaction.atomic():
        slot = (
            TimeSlot.objects.select_for_update(of=("self",))
            .select_related("activity__edition")
            .get(pk=entry.slot_id)
        )
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if not _may_act_for(by, entry.visitor_id, slot.activity):
            raise NotAllowed
        if not entry.is_live:
            return
        was_offered = entry.status == WaitingListEntry.Status.OFFERED
        WaitingListEntry.objects.filter(pk=entry.pk).update(status=WaitingListEntry.Status.LEFT)
        if not was_offered:
            demand.review_demand(slot)
        if was_offered:
            _free_seats(slot.pk, entry.party_size, group=entry.is_group)
            _offer_freed_seats(slot, now=timezone.now())


def accept_offer(
    entry: WaitingListEntry,
    *,
    by: User,
    rules_acknowledged: bool = False,
    attendee_names: Sequence[str] = (),
) -> Booking:
    """Accept the seats offered from the waiting list: they become a booking
    (they were held for it, so nobody else can take them meanwhile). Site rules
    and named tickets as in `book_slot`."""
    now = timezone.now()
    activity = Activity.objects.get(slots__pk=entry.slot_id)
    acknowledged_at = _check_site_rules(activity, rules_acknowledged=rules_acknowledged)
    names = clean_attendee_names(activity, attendee_names, entry.party_size)
    with transaction.atomic():
        _lock_visitor(by)
        slot = (
            TimeSlot.objects.select_for_update(of=("self",))
            .select_related("activity__edition", "activity__site")
            .get(pk=entry.slot_id)
        )
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.visitor_id != by.pk:
            raise NotAllowed
        if entry.status != WaitingListEntry.Status.OFFERED or entry.offer_expires_at <= now:
            raise OfferNotAvailable
        if slot.is_cancelled or slot.activity.is_cancelled:
            raise NotBookable(_("Questo turno è stato annullato."))
        others = _visitor_bookings(by, slot.activity.edition)
        existing = next((b for b in others if b.slot_id == slot.pk), None)
        if existing is not None:
            # Booked directly meanwhile: the held seats go to the next in line.
            WaitingListEntry.objects.filter(pk=entry.pk).update(status=WaitingListEntry.Status.LEFT)
            _free_seats(slot.pk, entry.party_size, group=entry.is_group)
            _offer_freed_seats(slot, now=now)
            return Booking.objects.get(pk=existing.booking_id)
        _check_visitor_rules(slot, others, kind=entry.kind, party_size=entry.party_size)
        booking = Booking.objects.create(
            slot=slot,
            visitor=by,
            party_size=entry.party_size,
            kind=entry.kind,
            group_name=entry.group_name,
            rules_acknowledged_at=acknowledged_at,
            attendee_names=names,
        )
        WaitingListEntry.objects.filter(pk=entry.pk).update(
            status=WaitingListEntry.Status.ACCEPTED, booking=booking
        )
        _queue_confirmation(booking.pk)
    return booking


def expire_offers(now: datetime.datetime | None = None) -> int:
    """Close the offers whose time is up and pass their seats to the next
    entries. Returns how many offers expired. Run by a task at each offer's
    deadline and by the `expire_offers` command (cron)."""
    now = now or timezone.now()
    due = list(
        WaitingListEntry.objects.filter(
            status=WaitingListEntry.Status.OFFERED, offer_expires_at__lte=now
        )
        .order_by("offer_expires_at", "pk")
        .values_list("pk", "slot_id")
    )
    expired = 0
    for entry_id, slot_id in due:
        with transaction.atomic():
            slot = (
                TimeSlot.objects.select_for_update(of=("self",))
                .select_related("activity__edition")
                .get(pk=slot_id)
            )
            entry = WaitingListEntry.objects.select_for_update().get(pk=entry_id)
            if entry.status != WaitingListEntry.Status.OFFERED or entry.offer_expires_at > now:
                continue  # accepted or left meanwhile
            WaitingListEntry.objects.filter(pk=entry.pk).update(
                status=WaitingListEntry.Status.EXPIRED
            )
            _free_seats(slot.pk, entry.party_size, group=entry.is_group)
            _offer_freed_seats(slot, now=now)
            expired += 1
    if expired:
        logger.info("Expired %s waiting-list offers", expired)
    return expired


# Visitor profile -------------------------------------------------------------------


def update_visitor_profile(
    user: User,
    *,
    comune: Comune | None,
    lives_elsewhere: bool,
    age_band: str,
    consent: bool,
    municipio: Municipio | None = None,
) -> VisitorProfile:
    """Save what the visitor tells us for statistics. Nothing is kept without
    their consent: without it the profile is emptied. The consent's time is
    recorded when first given. A Municipio only goes with Milan (a database
    constraint refuses it with any other comune)."""
    if comune is not None:
        lives_elsewhere = False
    with transaction.atomic():
        profile, _created = VisitorProfile.objects.select_for_update().get_or_create(user=user)
        had_consent = profile.statistics_consent_at is not None
        if had_consent != consent:
            record_consent(
                user=user,
                purpose=Consent.Purpose.STATISTICS,
                given=consent,
                source=Consent.Source.PROFILE,
            )
        if consent:
            profile.comune, profile.lives_elsewhere, profile.age_band = (
                comune,
                lives_elsewhere,
                age_band,
            )
            profile.municipio = municipio
            profile.statistics_consent_at = profile.statistics_consent_at or timezone.now()
        else:
            profile.comune, profile.lives_elsewhere, profile.age_band = None, False, ""
            profile.municipio = None
            profile.statistics_consent_at = None
        profile.save()
    return profile


def erase_visitor_profile(user: User) -> None:
    """Delete what the visitor told us for statistics, and their consent."""
    with transaction.atomic():
        if VisitorProfile.objects.filter(user=user, statistics_consent_at__isnull=False).exists():
            record_consent(
                user=user,
                purpose=Consent.Purpose.STATISTICS,
                given=False,
                source=Consent.Source.PROFILE,
            )
        VisitorProfile.objects.filter(user=user).delete()


def delete_visitor_profile(user: User) -> None:
    """The statistics consent was withdrawn elsewhere (the consents page): the
    data it allowed goes."""
    VisitorProfile.objects.filter(user=user).delete()


def name_attendees(
    booking: Booking, *, by: User, names: Sequence[str], rules_acknowledged: bool
) -> Booking:
    """Give (or correct) the names on a live named-ticket booking of a slot still
    to come, with the site rules accepted: for bookings made by the ballot's
    draw, or to fix a typo. Only the visitor who booked."""
    activity = booking.slot.activity
    if booking.visitor_id != by.pk:
        raise NotAllowed
    if not activity.named_tickets:
        raise NotAllowed(_("I biglietti di questa attività non sono nominativi."))
    if not booking.is_confirmed or booking.slot.starts_at <= timezone.now():
        raise NotAllowed(_("I nomi si possono cambiare solo prima della visita."))
    acknowledged_at = _check_site_rules(activity, rules_acknowledged=rules_acknowledged)
    cleaned = clean_attendee_names(activity, names, booking.party_size)
    Booking.objects.filter(pk=booking.pk).update(
        attendee_names=cleaned,
        rules_acknowledged_at=booking.rules_acknowledged_at or acknowledged_at,
    )
    booking.refresh_from_db(fields=["attendee_names", "rules_acknowledged_at"])
    return booking


# Access needs (health data: kept only with explicit consent) -----------------------


def save_access_needs(user: User, *, needs: Sequence[str], consent: bool) -> AccessNeeds:
    """Keep the visitor's access needs (AccessNeeds.NEEDS) in their profile.
    Only with their explicit consent, recorded in the consent history the first
    time: without it nothing is written (AccessNeedsConsentMissing)."""
    if not consent:
        raise AccessNeedsConsentMissing
    chosen = set(needs)
    values = {need: need in chosen for need in AccessNeeds.NEEDS}
    with transaction.atomic():
        _lock_visitor(user)
        current = AccessNeeds.objects.filter(user=user).first()
        if current is None:
            record_consent(
                user=user,
                purpose=Consent.Purpose.ACCESS_NEEDS,
                given=True,
                source=Consent.Source.PROFILE,
            )
            return AccessNeeds.objects.create(user=user, consent_at=timezone.now(), **values)
        for need, value in values.items():
            setattr(current, need, value)
        current.save()
        return current


def delete_access_needs(user: User) -> None:
    """The consent to keep access needs was withdrawn (here or on the consents
    page, accounts.privacy.set_consent): they are deleted, not kept anywhere."""
    AccessNeeds.objects.filter(user=user).delete()


# Personal data (accounts.personal_data) --------------------------------------------

# Group bookings keep a name (the database requires one); an anonymised one says nothing.
ANONYMISED_GROUP_NAME = "—"


def erase_personal_data(user: User) -> None:
    """The person deletes their account: bookings of visits still to come are
    cancelled (seats go to the waiting lists), they leave live waiting lists of
    slots still to come. Past bookings and entries stay with the anonymised
    account, for the statistics, without group names and with new ticket codes
    (the old ones are in the person's e-mails). The statistics profile stays:
    it was given for statistics, and the account no longer names anyone."""
    now = timezone.now()
    for booking in Booking.objects.filter(
        visitor=user, status=Booking.Status.CONFIRMED, slot__starts_at__gt=now
    ).order_by("pk"):
        cancel_booking(booking, by=user, enforce_deadline=False)
    for entry in WaitingListEntry.objects.filter(
        visitor=user,
        status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
        slot__starts_at__gt=now,
    ).order_by("pk"):
        leave_waiting_list(entry, by=user)
    _anonymise_bookings(Booking.objects.filter(visitor=user))
    _anonymise_waiting_groups(WaitingListEntry.objects.filter(visitor=user))
    # Health data: nothing of it stays, not even for statistics.
    delete_access_needs(user)


def _anonymise_bookings(bookings) -> None:
    for booking in bookings.only("pk", "kind", "group_name"):
        Booking.objects.filter(pk=booking.pk).update(
            ticket_code=new_ticket_code(),
            group_name=ANONYMISED_GROUP_NAME if booking.kind == Booking.Kind.GROUP else "",
            attendee_names=[],
        )


def _anonymise_waiting_groups(entries) -> None:
    # The groups and classes that waited keep no name either.
    entries.filter(kind=Booking.Kind.GROUP).update(group_name=ANONYMISED_GROUP_NAME)


def detach_expired_bookings(visitor: User, placeholder: User, cutoff: datetime.date) -> None:
    """Retention: the visitor's bookings and waiting-list entries of editions
    ended before `cutoff` pass to the anonymous `placeholder`, with a copy of
    their statistics profile, so the editions' figures stay the same."""
    expired = {"slot__activity__edition__event_end__lt": cutoff}
    profile = VisitorProfile.objects.filter(user=visitor).first()
    if profile is not None and not VisitorProfile.objects.filter(user=placeholder).exists():
        profile.pk = None
        profile.user = placeholder
        profile.save(force_insert=True)
    Booking.objects.filter(visitor=visitor, **expired).update(visitor=placeholder)
    WaitingListEntry.objects.filter(visitor=visitor, **expired).update(visitor=placeholder)
    _anonymise_bookings(Booking.objects.filter(visitor=placeholder))
    _anonymise_waiting_groups(WaitingListEntry.objects.filter(visitor=placeholder))
