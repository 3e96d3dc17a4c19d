"""Releasing a live booking's seats to others, through the cancellation's path:
the visitor did not reconfirm by the deadline (the reconfirmation's hook), or
nobody of the booking arrived at the door by the grace time (a no-show)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.activities.models import TimeSlot
from manifatture.activities.queries import may_manage_programme
from manifatture.mail import send_templated_email

from ..exceptions import NotAllowed, ReleaseTooEarly
from ..models import Booking
from .cancellation import _audit_role, _cancel_locked
from .rules import _local


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
            if booking.reconfirm_by is None or not booking.awaits_reconfirmation:
                return False
            if now < booking.reconfirm_by:
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
