"""Writes of tickets and check-in: admitting a ticket at the door (once, for
its slot, in its time window), no-shows, walk-in counts, the private calendar
feed's token and the reminders sent the day before."""

import datetime
import re
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.services import set_booking_allowance
from manifatture.bookings import services as booking_services
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import unsign_ticket_token
from manifatture.mail import send_templated_email

from . import codes, conf, links
from .exceptions import (
    NoShowsTooEarly,
    OutsideCheckInWindow,
    TicketAlreadyUsed,
    TicketCancelled,
    TicketForAnotherSlot,
    UnknownTicket,
    WalkInCountNegative,
    WalkInSlotCancelled,
    WalkInSlotFull,
)
from .models import CalendarFeed, ReminderSent, WalkIn, new_feed_token

# Check-in ------------------------------------------------------------------------

# What the door may receive: the code as printed on the ticket (hex, perhaps
# typed in groups, lower case) or the signed token the QR code carries.
TICKET_CODE = re.compile(r"^[0-9A-F]{20}$")
CODE_SEPARATORS = re.compile(r"[\s\-.]+")


def checkin_window(slot: TimeSlot) -> tuple[datetime.datetime, datetime.datetime]:
    """From the tolerance before the start until the slot ends."""
    return slot.starts_at - conf.checkin_tolerance(), slot.ends_at


def ticket_code_from(text: str) -> str:
    """The ticket code in what was typed or scanned, or "" if it can't be one."""
    text = (text or "").strip()
    if not text:
        return ""
    code = CODE_SEPARATORS.sub("", text).upper()
    if TICKET_CODE.match(code):
        return code
    try:
        return unsign_ticket_token(text)
    except signing.BadSignature:  # a forged or truncated token is simply unknown
        return ""


def booking_for_code(text: str) -> Booking | None:
    """The booking of the ticket in what was typed or scanned: its code, the
    QR code's signed token, or its short code (tickets.codes). None if there
    is none, or if a short code fits two tickets (then the full code decides)."""
    bookings = Booking.objects.select_related("visitor", "slot__activity")
    ticket_code = ticket_code_from(text)
    if ticket_code:
        return bookings.filter(ticket_code=ticket_code).first()
    short = codes.parse_short_code(text)
    if not short:
        return None
    prefix = codes.hex_prefix(short)
    # Every code beginning with the prefix sorts between it and prefix + "G"
    # (the codes are upper-case hexadecimal): a range the unique index serves.
    candidates = bookings.filter(ticket_code__gte=prefix, ticket_code__lt=prefix + "G")
    matches = [b for b in candidates[:3] if codes.short_code(b.ticket_code) == short]
    return matches[0] if len(matches) == 1 else None


def _check_window(slot: TimeSlot, at: datetime.datetime) -> None:
    opens, closes = checkin_window(slot)
    if at < opens:
        raise OutsideCheckInWindow(
            _("Troppo presto: gli ingressi per questo turno si aprono alle %(time)s.")
            % {"time": date_format(timezone.localtime(opens), "H:i")}
        )
    if at > closes:
        raise OutsideCheckInWindow(
            _("Il turno è finito alle %(time)s: il biglietto non vale più.")
            % {"time": date_format(timezone.localtime(closes), "H:i")}
        )


def wrong_slot(booking_slot: TimeSlot) -> TicketForAnotherSlot:
    """The refusal of a ticket shown at the wrong door or time: it says which
    activity and which slot the ticket is for (the programme's public facts)."""
    starts = timezone.localtime(booking_slot.starts_at)
    return TicketForAnotherSlot(
        _("Il biglietto è per «%(activity)s», %(day)s alle %(time)s.")
        % {
            "activity": booking_slot.activity.title,
            "day": date_format(starts, "l j F"),
            "time": date_format(starts, "H:i"),
        }
    )


def admit(booking: Booking, slot: TimeSlot, at: datetime.datetime | None) -> Booking:
    """The one admission rule, for every door (the online page and the door
    app's events, tickets.door): its slot, confirmed, not yet used, in the
    window at `at`. The caller holds the transaction."""
    if booking.slot_id != slot.pk:
        raise wrong_slot(booking.slot)
    if booking.status != Booking.Status.CONFIRMED:
        raise TicketCancelled
    if booking.checked_in_at is not None:
        raise TicketAlreadyUsed(booking.checked_in_at)
    at = at or timezone.now()
    _check_window(slot, at)
    # Only once, even from two doors at the same moment: the row changes only
    # if nobody has admitted it yet, and the database says which of two won.
    admitted = Booking.objects.filter(
        pk=booking.pk, status=Booking.Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=at, no_show=False)
    if not admitted:
        booking.refresh_from_db(fields=["status", "checked_in_at"])
        if booking.checked_in_at is not None:
            raise TicketAlreadyUsed(booking.checked_in_at)
        raise TicketCancelled
    booking.checked_in_at = at
    booking.no_show = False
    return booking


def check_in_ticket(slot: TimeSlot, *, code: str, at: datetime.datetime | None = None) -> Booking:
    """Admit the ticket with this code (typed, or the QR's signed token) to
    the slot. Refuses unknown codes, tickets for another slot, cancelled
    bookings, tickets already used and arrivals outside the check-in window."""
    booking = booking_for_code(code)
    if booking is None:
        raise UnknownTicket
    with transaction.atomic():
        return admit(booking, slot, at)


def check_in_booking(
    slot: TimeSlot, *, booking_id: int, at: datetime.datetime | None = None
) -> Booking:
    """Admit a booking picked from the list of those expected (a visitor
    without the ticket at hand, found by name)."""
    booking = Booking.objects.select_related("visitor").filter(pk=booking_id, slot=slot).first()
    if booking is None:
        raise UnknownTicket
    with transaction.atomic():
        return admit(booking, slot, at)


def mark_no_shows(slot: TimeSlot, *, at: datetime.datetime | None = None) -> int:
    """Mark every confirmed booking of the slot not checked in as a no-show,
    once the slot has started; returns how many. A visitor who turns up late
    can still be checked in, which clears the mark."""
    at = at or timezone.now()
    if at < slot.starts_at:
        raise NoShowsTooEarly
    with transaction.atomic():
        return Booking.objects.filter(
            slot=slot,
            status=Booking.Status.CONFIRMED,
            checked_in_at__isnull=True,
            no_show=False,
        ).update(no_show=True)


def release_absent(slot: TimeSlot, *, by: User, at: datetime.datetime | None = None) -> int:
    """At the door, once the edition's grace time after the start has passed:
    the seats of every booking nobody has come for yet go to people waiting
    at the door (walk-ins and waiting-list people present, counted with
    `count_walk_in`). Each booking is released through the booking engine
    (`bookings.services.release_booking`: a no-show, its visitor told, the
    release audited with who did it). Returns the seats freed."""
    at = at or timezone.now()
    absent = list(
        Booking.objects.filter(
            slot=slot, status=Booking.Status.CONFIRMED, checked_in_at__isnull=True
        ).order_by("pk")
    )
    freed = 0
    for booking in absent:
        if booking_services.release_booking(booking, reason=Booking.Release.ABSENT, by=by, now=at):
            freed += booking.party_size
    return freed


def count_walk_in(slot: TimeSlot, *, delta: int) -> int:
    """Add `delta` (+1 or -1) people to the slot's walk-in count, never below
    zero; returns the new count. Each walk-in takes a seat through the seat
    rule (`TimeSlotQuerySet.take_seats`, as a booking for one person would),
    so a walk-in is counted while places are free and never overbooks; taking
    one back frees its seat. For every kind of activity: drop-in ones and
    booked ones whose visitors did not all come."""
    if delta not in (1, -1):
        raise ValueError("delta must be +1 or -1")
    if slot.is_cancelled:
        raise WalkInSlotCancelled
    seats = TimeSlot.objects.filter(pk=slot.pk)
    with transaction.atomic():
        WalkIn.objects.get_or_create(slot=slot)
        walk_ins = WalkIn.objects.filter(slot=slot)
        if delta > 0 and not seats.take_seats(1, group=False):
            raise WalkInSlotFull
        if delta < 0:
            walk_ins = walk_ins.filter(count__gte=1)
        if not walk_ins.update(count=F("count") + delta, updated_at=timezone.now()):
            raise WalkInCountNegative
        if delta < 0:
            # Its seat back (walk-ins counted before they took seats have none).
            seats.filter(seats_taken__gt=F("group_seats_taken")).free_taken_seats(1, group=False)
        return WalkIn.objects.values_list("count", flat=True).get(slot=slot)


# Calendar feed -------------------------------------------------------------------


def get_or_create_calendar_feed(user: User) -> CalendarFeed:
    """The visitor's private feed, created on first use."""
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.get_or_create(user=user)
        return feed


def regenerate_calendar_feed(user: User) -> CalendarFeed:
    """A new secret URL for the visitor's feed; the old one stops working."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_feed_token()
            feed.regenerated_at = timezone.now()
            feed.save(update_fields=["token", "regenerated_at"])
        return feed


# Reminders -----------------------------------------------------------------------


def bookings_due_a_reminder(now: datetime.datetime) -> QuerySet[Booking]:
    """Confirmed bookings for a slot starting tomorrow (local time) that have
    had no reminder yet."""
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    return (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
            slot__cancelled_at__isnull=True,
            slot__activity__status=Activity.Status.PUBLISHED,
            reminder_sent__isnull=True,
        )
        .select_related(
            "visitor",
            "slot__activity__organisation",
            "slot__activity__site__comune",
            "slot__activity__edition",
        )
        .order_by("slot__starts_at", "pk")
    )


def reminder_context(booking: Booking, now: datetime.datetime) -> dict[str, object]:
    """What the reminder e-mail says: the one-click cancel link only while the
    visitor may still cancel, and until when (`Booking.cancel_deadline`)."""
    site_url = settings.SITE_URL.rstrip("/")
    cancel_url = ""
    if booking.visitor_may_cancel(now):
        cancel_url = site_url + reverse(
            "tickets:cancel", kwargs={"token": links.cancel_token(booking)}
        )
    return {
        "booking": booking,
        "slot": booking.slot,
        "activity": booking.slot.activity,
        "ticket_url": site_url + reverse("tickets:ticket", kwargs={"pk": booking.pk}),
        "cancel_url": cancel_url,
        "cancel_deadline": booking.cancel_deadline,
    }


def _email_reminder(booking: Booking, now: datetime.datetime) -> None:
    send_templated_email(
        [booking.visitor.email],
        "tickets/email/reminder",
        reminder_context(booking, now),
        booking.visitor.language,
    )


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """E-mail a reminder, with a one-click cancel link, to every booking for
    tomorrow that has not had one; returns how many were sent. Safe to run
    again, and from two places at once: each reminder is recorded first (the
    record's primary key is the booking) and sent only by the run that
    recorded it, after its transaction commits."""
    now = now or timezone.now()
    # From this local hour on: nobody wants a reminder at 1 a.m.
    if timezone.localtime(now).hour < settings.REMINDER_FROM_HOUR:
        return 0
    sent = 0
    for booking in bookings_due_a_reminder(now).iterator(chunk_size=500):
        with transaction.atomic():
            _record, created = ReminderSent.objects.get_or_create(booking=booking)
            if not created:
                continue
            transaction.on_commit(partial(_email_reminder, booking, now))
        sent += 1
    return sent


def cancel_by_link(token: str) -> Booking:
    """Cancel the booking of a reminder's one-click link, as its visitor
    (the bookings' own deadline and rules apply)."""
    booking = links.booking_for_cancel_token(token)
    booking_services.cancel_booking(booking, by=booking.visitor)
    booking.refresh_from_db(fields=["status", "cancelled_at"])
    return booking


# Personal data (accounts.personal_data) --------------------------------------------


def erase_personal_data(user: User) -> None:
    """The private calendar feed goes (its address is a key to the person's visits)."""
    CalendarFeed.objects.filter(user=user).delete()


# Bookings past the tour size -------------------------------------------------------


def apply_booking_allowance(slot: TimeSlot, *, booking_allowance: int, by: User) -> TimeSlot:
    """Accept `booking_allowance` bookings past the slot's tour size (the
    suggestion of `tickets.attendance`, or none), within the site's safety
    limit (`activities.services.set_booking_allowance`); seats it adds go to
    the waiting list first (bookings' hook `on_more_seats`)."""
    return set_booking_allowance(slot, booking_allowance=booking_allowance, by=by)
