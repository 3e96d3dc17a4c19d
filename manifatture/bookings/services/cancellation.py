"""Cancelling: a visitor's booking, or (the host or city staff) every booking
of a slot or an activity; seats go back at once and to the waiting list."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import AuditEvent, User
from manifatture.activities import services as activity_services
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.queries import may_manage_programme
from manifatture.mail import send_templated_email

from ..exceptions import CancellationClosed, NotAllowed
from ..models import Booking, WaitingListEntry
from .rules import _load_slot, _may_act_for
from .seats import _free_seats
from .waiting_list import _offer_freed_seats


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
        if by_visitor and enforce_deadline and not booking.visitor_may_cancel(now):
            raise CancellationClosed(
                _(
                    "Le prenotazioni si possono annullare fino a %(minutes)s minuti prima "
                    "dell'inizio del turno."
                )
                % {"minutes": int((slot.starts_at - booking.cancel_deadline).total_seconds() // 60)}
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
