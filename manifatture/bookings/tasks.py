"""Background work of bookings, run by the task worker: the confirmation
e-mail (its QR code and calendar file are made there, not in the request that
booked) and the expiry of waiting-list offers."""

from django.conf import settings
from django.tasks import task

from manifatture.activities.models import HubVenue
from manifatture.mail import attachment, send_templated_email

from . import ical
from .models import Booking
from .services import expire_offers
from .tickets import ticket_qr_png


def booking_event(booking: Booking) -> ical.Event:
    """The calendar event of a booking (for its .ics file and feeds)."""
    slot = booking.slot
    activity = slot.activity
    site_url = settings.SITE_URL.rstrip("/")
    site = activity.site
    latitude: float | None
    longitude: float | None
    if site is not None:
        location = f"{site.name}, {site.address}, {site.comune.name}"
        latitude, longitude = float(site.latitude), float(site.longitude)
    else:
        edition = activity.edition
        location = ", ".join(part for part in [edition.hub_name, edition.hub_address] if part)
        venue = HubVenue.objects.filter(edition_id=edition.pk).first()
        latitude = float(venue.latitude) if venue else None
        longitude = float(venue.longitude) if venue else None
    return ical.Event(
        uid=f"booking-{booking.pk}@manifattureaperte",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=f"{activity.title} – {activity.organisation.name}",
        description=f"{booking.ticket_code}\n{site_url}{activity.get_absolute_url()}",
        location=location,
        url=f"{site_url}{activity.get_absolute_url()}",
        latitude=latitude,
        longitude=longitude,
        status="CONFIRMED" if booking.is_confirmed else "CANCELLED",
    )


@task(queue_name="default")
def send_booking_confirmation(booking_id: int) -> None:
    booking = (
        Booking.objects.select_related(
            "visitor",
            "slot__activity__organisation",
            "slot__activity__edition",
            "slot__activity__site__comune",
        )
        .filter(pk=booking_id, status=Booking.Status.CONFIRMED)
        .first()
    )
    if booking is None:
        return  # cancelled before the worker got to it
    slot = booking.slot
    calendar = ical.calendar([booking_event(booking)], method="PUBLISH")
    send_templated_email(
        [booking.visitor.email],
        "bookings/email/confirmed",
        {"booking": booking, "slot": slot, "activity": slot.activity},
        booking.visitor.language,
        attachments=[
            attachment(f"biglietto-{booking.ticket_code}.png", ticket_qr_png(booking), "image/png"),
            attachment("manifatture-aperte.ics", calendar, "text/calendar"),
        ],
    )


@task(queue_name="default")
def expire_offers_task() -> int:
    return expire_offers()


@task(queue_name="default")
def release_waves_task() -> int:
    from .waves import release_due_waves

    return release_due_waves()
