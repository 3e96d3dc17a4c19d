"""Calendar files (RFC 5545, written by bookings.ical): one booking's .ics and
a visitor's private feed of confirmed bookings and "my day" plan items."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from manifatture.accounts.models import User
from manifatture.bookings import ical
from manifatture.bookings.models import Booking
from manifatture.plans.models import PlanItem
from manifatture.plans.queries import place_of, plan_items_of

# The same UID as the event in the confirmation e-mail's .ics
# (bookings.tasks.booking_event), so a calendar holds a booking only once.
BOOKING_UID = "booking-{pk}@manifattureaperte"
PLAN_ITEM_UID = "plan-item-{pk}@manifattureaperte"


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def feed_booking_event(booking: Booking) -> ical.Event:
    """A booking in the feed. Unlike the e-mail's file it leaves out the
    ticket code: a feed URL may end up in more places than an e-mail."""
    slot = booking.slot
    activity = slot.activity
    place = place_of(activity)
    lines = [
        ngettext(
            "Prenotazione confermata per %(count)s persona.",
            "Prenotazione confermata per %(count)s persone.",
            booking.party_size,
        )
        % {"count": booking.party_size},
        _("Biglietto: %(url)s")
        % {"url": _site_url() + reverse("tickets:ticket", kwargs={"pk": booking.pk})},
    ]
    return ical.Event(
        uid=BOOKING_UID.format(pk=booking.pk),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=f"{activity.title} – {activity.organisation.name}",
        description="\n".join(lines),
        location=place.label,
        url=_site_url() + activity.get_absolute_url(),
        latitude=place.latitude,
        longitude=place.longitude,
    )


def plan_item_event(item: PlanItem) -> ical.Event:
    """An activity of "my day" (not a booking: a tentative event), one with a slot."""
    slot = item.slot
    assert slot is not None, item
    activity = item.activity
    place = place_of(activity)
    if activity.booking_mode == activity.BookingMode.DROP_IN:
        note = _("Ingresso libero, senza prenotazione.")
    else:
        note = _("Nella mia giornata, non ancora prenotata.")
    return ical.Event(
        uid=PLAN_ITEM_UID.format(pk=item.pk),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=f"{activity.title} – {activity.organisation.name}",
        description=note,
        location=place.label,
        url=_site_url() + activity.get_absolute_url(),
        latitude=place.latitude,
        longitude=place.longitude,
        status="TENTATIVE",
    )


def feed_bookings(user: User):
    return (
        Booking.objects.filter(visitor=user, status=Booking.Status.CONFIRMED)
        .select_related(
            "slot__activity__organisation",
            "slot__activity__site__comune",
            "slot__activity__edition__hub_venue",
        )
        .order_by("slot__starts_at", "pk")
    )


def feed_calendar(user: User) -> str:
    """The visitor's feed: every confirmed booking, and every timed plan item
    whose slot is not booked, in two queries."""
    bookings = list(feed_bookings(user))
    booked_slots = {booking.slot_id for booking in bookings}
    events = [feed_booking_event(booking) for booking in bookings]
    events += [
        plan_item_event(item)
        for item in plan_items_of(user).filter(slot__isnull=False)
        if item.slot_id not in booked_slots
    ]
    events.sort(key=lambda event: (event.starts_at, event.uid))
    return ical.calendar(events, name=_("Manifatture Aperte – la mia giornata"), method="")
