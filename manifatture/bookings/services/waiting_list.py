"""The waiting list: joining and leaving it, the all-or-nothing rule that offers
freed seats to whole parties in order, accepting an offer, and offers that
expire."""

import datetime
import logging
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot
from manifatture.mail import send_templated_email
from manifatture.operations.services import queue_after_commit

from .. import demand, queries
from ..conf import offer_duration
from ..exceptions import (
    AlreadyBooked,
    NotAllowed,
    NotBookable,
    OfferNotAvailable,
    SeatsStillAvailable,
)
from ..models import Booking, WaitingListEntry
from .attendees import clean_attendee_names
from .rules import (
    _ballot_refusal,
    _booking_of_activity,
    _check_bookable,
    _check_one_per_activity,
    _check_party,
    _check_site_rules,
    _check_visitor_limits,
    _check_visitor_rules,
    _load_slot,
    _may_act_for,
    visitor_bookings,
)
from .seats import _free_seats, _lock_visitor, _queue_confirmation, _take_seats

# Task (bookings.tasks), named by path: the tasks call these services, not the other way.
EXPIRE_OFFERS_TASK = "manifatture.bookings.tasks.expire_offers_task"

logger = logging.getLogger(__name__)

# An offer shorter than this is not worth making: nobody could accept it.
MIN_OFFER_MINUTES = 10


def _offer_deadline(slot: TimeSlot, now: datetime.datetime) -> datetime.datetime | None:
    """Until when an offer made now stays open: the usual time, never past
    the booking cut-off nor the end of registration; None if too short."""
    deadline = min(
        now + offer_duration(),
        slot.bookings_close_at,
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
        booked = queries.booked_slots(entry.visitor_id, activity.edition_id)
        if any(b.slot_id == slot.pk for b in booked) or _booking_of_activity(slot, booked):
            # Booked this slot directly in the meantime, or another of the
            # activity (one booking per activity): no longer waiting.
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
            others = visitor_bookings(visitor, slot.activity.edition)
            _check_one_per_activity(slot, others)
            _check_visitor_limits(
                slot.activity.edition,
                others,
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
        expires_at = entry.offer_expires_at
        if entry.status != WaitingListEntry.Status.OFFERED or not expires_at or expires_at <= now:
            raise OfferNotAvailable
        if slot.is_cancelled or slot.activity.is_cancelled:
            raise NotBookable(_("Questo turno è stato annullato."))
        others = visitor_bookings(by, slot.activity.edition)
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
            expires_at = entry.offer_expires_at
            if (
                entry.status != WaitingListEntry.Status.OFFERED
                or not expires_at
                or expires_at > now
            ):
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
