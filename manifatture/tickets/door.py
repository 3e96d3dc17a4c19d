"""The door app: devices that admit visitors with no network, and their sync.

A member of the host registers a phone for one day (`register_door_device`)
and gets the door list of the organisation's slots of that day
(`door_list`): for each ticket only what admission needs, with the ticket
code replaced by an HMAC under the device's own key (no e-mail, no phone).
Offline the device admits against that list and writes each admission as
an event with an id it made (a UUID) and its own clock.

`sync_door` receives those events, in any order and as late as they come,
and records each one once (the event id is unique) through the same
admission rule as the online door (`services.admit`, a conditional update).
When two doors admitted the same ticket, the admission with the earlier
device time is kept and the other is recorded as a double admission for the
host. The answer says what happened to each event and what changed since
the device last synced (cancelled and new bookings, admissions at other
doors, double admissions), with a fresh door list.
"""

import datetime
import hashlib
import hmac
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking
from manifatture.directory.models import Organisation

from . import codes, conf, queries, services
from .exceptions import (
    CheckInError,
    CheckInRefused,
    DoorDeviceExpired,
    DoorDeviceRevoked,
    TicketAlreadyUsed,
    WalkInSlotFull,
)
from .models import DoorDevice, DoorEvent

# A device clock ahead of the server by more than this is not believed.
CLOCK_SKEW = datetime.timedelta(minutes=5)
# Events per request: a day at a busy door fits many times over.
MAX_EVENTS = 500


def end_of_day(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)


def ticket_hash(key: str, kind: str, code: str) -> str:
    """The door list's stand-in for a code: HMAC-SHA256 under the device's
    key of "T:<ticket code>" or "S:<short code>", 128 bits in hex. The door
    app (static/js/door.js) computes the same from what it reads."""
    message = f"{kind}:{code}".encode()
    return hmac.new(bytes.fromhex(key), message, hashlib.sha256).hexdigest()[:32]


# Devices --------------------------------------------------------------------------


def register_door_device(
    organisation: Organisation, *, name: str, by: User, now: datetime.datetime | None = None
) -> DoorDevice:
    """A new device for today's door of `organisation`, with its own key,
    valid until the end of the day. The caller has checked that `by` is a
    member of the organisation or city staff."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        return DoorDevice.objects.create(
            organisation=organisation,
            name=name,
            day=day,
            registered_by=by,
            expires_at=end_of_day(day),
        )


def revoke_door_device(
    device: DoorDevice, *, by: User, now: datetime.datetime | None = None
) -> DoorDevice:
    """Stop a device (a lost phone): it can no longer download the list or
    send events, and wipes what it holds the next time it reaches us.
    Revoking twice keeps the first revocation."""
    now = now or timezone.now()
    with transaction.atomic():
        DoorDevice.objects.filter(pk=device.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=by
        )
    device.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return device


def check_device(device: DoorDevice, now: datetime.datetime, *, download: bool) -> None:
    """Refuse a revoked device, and one past its day: for downloading at
    once, for sending events after the grace period."""
    if device.revoked_at is not None:
        raise DoorDeviceRevoked
    limit = device.expires_at if download else device.expires_at + conf.door_sync_grace()
    if now >= limit:
        raise DoorDeviceExpired


# The door list --------------------------------------------------------------------


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _slot_row(slot: TimeSlot) -> dict[str, Any]:
    opens, closes = services.checkin_window(slot)
    starts = timezone.localtime(slot.starts_at)
    ends = timezone.localtime(slot.ends_at)
    walk_in = getattr(slot, "walk_in", None)
    return {
        "id": slot.pk,
        "activity": slot.activity.title,
        "time": f"{starts:%H:%M}–{ends:%H:%M}",
        "starts_at": _iso(slot.starts_at),
        "ends_at": _iso(slot.ends_at),
        "opens": _iso(opens),
        "closes": _iso(closes),
        "drop_in": slot.activity.booking_mode == Activity.BookingMode.DROP_IN,
        "walk_ins": walk_in.count if walk_in else 0,
        # Site rules the door checks: names on named tickets, an identity document.
        "named": slot.activity.named_tickets,
        "id_check": slot.activity.id_required,
    }


def door_list(device: DoorDevice, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The door list of the device's day: its slots and, for each booking of
    them (cancelled ones too, so the door can say so), the hashed codes, the
    slot, the party, the names and whether and when it was admitted."""
    now = now or timezone.now()
    check_device(device, now, download=True)
    slots = list(queries.door_slots(device.organisation, device.day))
    bookings = (
        Booking.objects.filter(slot__in=[slot.pk for slot in slots])
        .select_related("visitor")
        .only(
            "pk",
            "slot_id",
            "ticket_code",
            "party_size",
            "group_name",
            "status",
            "checked_in_at",
            "attendee_names",
            "visitor__full_name",
        )
        .order_by("pk")
    )
    return {
        "device": str(device.pk),
        "day": device.day.isoformat(),
        "expires_at": _iso(device.expires_at),
        "slots": [_slot_row(slot) for slot in slots],
        "tickets": [
            {
                "id": booking.pk,
                "h": ticket_hash(device.key, "T", booking.ticket_code),
                "s": ticket_hash(device.key, "S", codes.short_code(booking.ticket_code)),
                "slot": booking.slot_id,
                "party": booking.party_size,
                "name": booking.visitor.full_name,
                "group": booking.group_name,
                "names": booking.attendee_names,
                "status": booking.status,
                "in": _iso(booking.checked_in_at),
            }
            for booking in bookings
        ],
    }


# Events ---------------------------------------------------------------------------


def _device_label(event: DoorEvent | None) -> str:
    if event is None or event.device is None:
        return _("pagina di accoglienza online")
    return event.device.name


def _time(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "H:i")


def _displace(event: DoorEvent, kept: DoorEvent, booking: Booking, now: datetime.datetime) -> None:
    """`event` came first by the devices' clocks: it becomes the admission and
    the one kept so far becomes the double (the unique constraint allows one
    kept admission per booking, so the old one steps down first)."""
    event.outcome = DoorEvent.Outcome.DOUBLE
    event.save()
    DoorEvent.objects.filter(pk=kept.pk).update(
        outcome=DoorEvent.Outcome.DOUBLE, first=event, changed_at=now
    )
    DoorEvent.objects.filter(first=kept).exclude(pk=kept.pk).update(first=event, changed_at=now)
    event.outcome = DoorEvent.Outcome.ADMITTED
    event.save(update_fields=["outcome"])
    # The row is locked: the booking keeps the earlier time.
    Booking.objects.filter(pk=booking.pk, checked_in_at=booking.checked_in_at).update(
        checked_in_at=event.at
    )


def _record_admission(event: DoorEvent, now: datetime.datetime) -> DoorEvent:
    # The booking's row is locked for the whole decision: two syncs about
    # the same ticket decide one after the other.
    assert event.booking_id is not None  # an admission names its ticket
    booking = Booking.objects.select_for_update().get(pk=event.booking_id)
    try:
        services.admit(booking, event.slot, event.at)
    except TicketAlreadyUsed:
        booking.refresh_from_db(fields=["checked_in_at"])
        admitted_at = booking.checked_in_at
        assert admitted_at is not None  # that is what TicketAlreadyUsed says
        kept = DoorEvent.objects.filter(booking=booking, outcome=DoorEvent.Outcome.ADMITTED).first()
        if kept is None:
            # Admitted on the online door page, which writes no event:
            # record that admission, so the double names both.
            kept = DoorEvent.objects.create(
                event_id=uuid.uuid4(),
                device=None,
                kind=DoorEvent.Kind.ADMIT,
                slot_id=booking.slot_id,
                booking=booking,
                at=admitted_at,
                outcome=DoorEvent.Outcome.ADMITTED,
                changed_at=now,
            )
        if event.at < kept.at:
            _displace(event, kept, booking, now)
        else:
            event.outcome = DoorEvent.Outcome.DOUBLE
            event.first = kept
            event.save()
        return event
    except CheckInRefused as refused:
        event.outcome = DoorEvent.Outcome.REFUSED
        event.reason = refused.code
        event.save()
        return event
    event.outcome = DoorEvent.Outcome.ADMITTED
    event.save()
    return event


def _record_walk_in(event: DoorEvent) -> DoorEvent:
    try:
        services.count_walk_in(event.slot, delta=event.delta)
    except CheckInError as refused:
        event.outcome = DoorEvent.Outcome.REFUSED
        event.reason = "walk_in_full" if isinstance(refused, WalkInSlotFull) else "walk_in"
    else:
        event.outcome = DoorEvent.Outcome.COUNTED
    event.save()
    return event


def record_door_event(
    device: DoorDevice,
    *,
    event_id: uuid.UUID,
    kind: str,
    slot: TimeSlot,
    at: datetime.datetime,
    booking: Booking | None = None,
    delta: int = 0,
    now: datetime.datetime | None = None,
) -> DoorEvent:
    """Record one event of a device, once: the same `event_id` again returns
    the event as first recorded and changes nothing. `at` is the device's
    clock, believed unless it is ahead of ours."""
    now = now or timezone.now()
    if at > now + CLOCK_SKEW:
        at = now
    existing = DoorEvent.objects.filter(event_id=event_id).first()
    if existing is not None:
        return existing
    event = DoorEvent(
        event_id=event_id,
        device=device,
        kind=kind,
        slot=slot,
        booking=booking,
        delta=delta,
        at=at,
        changed_at=now,
    )
    try:
        with transaction.atomic():
            if kind == DoorEvent.Kind.ADMIT:
                return _record_admission(event, now)
            return _record_walk_in(event)
    except IntegrityError:
        # The same event, sent twice at once: the other request recorded it.
        return DoorEvent.objects.get(event_id=event_id)


def event_message(event: DoorEvent) -> str:
    """What the door should tell the host about an event (empty when all is well)."""
    name = event.booking.visitor.full_name if event.booking else ""
    if event.outcome == DoorEvent.Outcome.DOUBLE and event.first is not None:
        return _(
            "Doppio ingresso: %(name)s è entrato alle %(time)s (%(device)s) "
            "e di nuovo alle %(again)s (%(again_device)s)."
        ) % {
            "name": name,
            "time": _time(event.first.at),
            "device": _device_label(event.first),
            "again": _time(event.at),
            "again_device": _device_label(event),
        }
    if event.outcome == DoorEvent.Outcome.REFUSED:
        if event.reason == "cancelled":
            return _(
                "%(name)s è entrato alle %(time)s, ma la prenotazione era stata annullata "
                "mentre la porta era senza rete."
            ) % {"name": name, "time": _time(event.at)}
        if event.reason == "walk_in_full":
            return _("Un ingresso senza prenotazione non è stato contato: i posti erano esauriti.")
        if event.reason == "walk_in":
            return _("Un ingresso senza prenotazione non è stato contato: il conteggio era a zero.")
        return _("L'ingresso di %(name)s alle %(time)s non vale: %(reason)s") % {
            "name": name,
            "time": _time(event.at),
            "reason": _refusal_reason(event.reason),
        }
    return ""


def _refusal_reason(code: str) -> str:
    reasons = {
        "outside_window": _("fuori dall'orario del turno."),
        "wrong_slot": _("il biglietto è per un altro turno."),
        "unknown": _("biglietto sconosciuto."),
    }
    return reasons.get(code, _("biglietto non valido."))


def _result(event: DoorEvent) -> dict[str, Any]:
    return {
        "id": str(event.event_id),
        "outcome": event.outcome,
        "reason": event.reason,
        "message": event_message(event),
    }


def _changes(
    device: DoorDevice, slots: list[int], since: datetime.datetime
) -> list[dict[str, Any]]:
    """What changed at the device's slots since `since` that the device did not do."""
    changes: list[dict[str, Any]] = []
    bookings = Booking.objects.filter(slot__in=slots).select_related("visitor")
    for booking in bookings.filter(
        status=Booking.Status.CANCELLED, cancelled_at__gte=since
    ).order_by("cancelled_at", "pk"):
        changes.append(
            {
                "kind": "cancelled",
                "booking": booking.pk,
                "message": _("Prenotazione annullata: %(name)s (%(count)s).")
                % {"name": booking.visitor.full_name, "count": booking.party_size},
            }
        )
    for booking in bookings.filter(status=Booking.Status.CONFIRMED, created_at__gte=since).order_by(
        "created_at", "pk"
    ):
        changes.append(
            {
                "kind": "new",
                "booking": booking.pk,
                "message": _("Nuova prenotazione: %(name)s (%(count)s).")
                % {"name": booking.visitor.full_name, "count": booking.party_size},
            }
        )
    events = DoorEvent.objects.filter(
        slot__in=slots, kind=DoorEvent.Kind.ADMIT, changed_at__gte=since
    ).select_related("device", "booking__visitor", "first__device")
    for event in events.filter(outcome=DoorEvent.Outcome.ADMITTED).exclude(device=device):
        assert event.booking is not None  # an admission names its ticket
        changes.append(
            {
                "kind": "elsewhere",
                "booking": event.booking_id,
                "message": _("%(name)s è entrato alle %(time)s da un'altra porta (%(device)s).")
                % {
                    "name": event.booking.visitor.full_name,
                    "time": _time(event.at),
                    "device": _device_label(event),
                },
            }
        )
    admitted_online = bookings.filter(checked_in_at__gte=since).exclude(
        door_events__outcome=DoorEvent.Outcome.ADMITTED
    )
    for booking in admitted_online:
        assert booking.checked_in_at is not None  # filtered on it
        changes.append(
            {
                "kind": "elsewhere",
                "booking": booking.pk,
                "message": _("%(name)s è entrato alle %(time)s da un'altra porta (%(device)s).")
                % {
                    "name": booking.visitor.full_name,
                    "time": _time(booking.checked_in_at),
                    "device": _device_label(None),
                },
            }
        )
    for event in events.filter(outcome=DoorEvent.Outcome.DOUBLE).exclude(device=device):
        changes.append(
            {"kind": "double", "booking": event.booking_id, "message": event_message(event)}
        )
    return changes


def sync_door(
    device: DoorDevice,
    *,
    events: list[dict[str, Any]],
    since: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Record a device's events (each a dict with `id`, `kind`, `slot`,
    `booking`, `delta`, `at`, already validated as values) and answer: a
    result per event, what changed since `since`, and a fresh door list
    (none once the device's day is over: events are still taken during the
    grace period)."""
    now = now or timezone.now()
    check_device(device, now, download=False)
    slots = {slot.pk: slot for slot in queries.door_slots(device.organisation, device.day)}
    results = []
    for item in events[:MAX_EVENTS]:
        slot = slots.get(item["slot"])
        booking = None
        if slot is not None and item["kind"] == DoorEvent.Kind.ADMIT and item.get("booking"):
            booking = Booking.objects.filter(pk=item["booking"], slot=slot).first()
        if slot is None or (item["kind"] == DoorEvent.Kind.ADMIT and booking is None):
            # Not a ticket or slot of this door: nothing to record.
            results.append(
                {
                    "id": str(item["id"]),
                    "outcome": DoorEvent.Outcome.REFUSED,
                    "reason": "unknown",
                    "message": _("Evento non riconosciuto: non riguarda i turni di questa porta."),
                }
            )
            continue
        event = record_door_event(
            device,
            event_id=item["id"],
            kind=item["kind"],
            slot=slot,
            booking=booking,
            delta=item.get("delta") or 0,
            at=item["at"],
            now=now,
        )
        if event.device_id not in (None, device.pk):
            # Someone else's event id: refuse rather than answer with theirs.
            results.append(
                {
                    "id": str(item["id"]),
                    "outcome": DoorEvent.Outcome.REFUSED,
                    "reason": "unknown",
                    "message": _("Evento non riconosciuto: non riguarda i turni di questa porta."),
                }
            )
            continue
        results.append(_result(event))
    DoorDevice.objects.filter(pk=device.pk).update(last_synced_at=now)
    # What this request's own events caused is in their results already.
    own = {item.get("booking") for item in events[:MAX_EVENTS] if item.get("booking")}
    changes = _changes(device, list(slots), since) if since else []
    answer: dict[str, Any] = {
        "server_time": _iso(now),
        "results": results,
        "changes": [change for change in changes if change["booking"] not in own],
        "list": None,
    }
    if now < device.expires_at:
        answer["list"] = door_list(device, now=now)
    return answer
