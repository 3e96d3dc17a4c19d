"""Bookings' settings that are read converted (minutes and hours into
durations), each converted here only (the pattern: docs/architecture.md,
"Settings"). Their defaults are in config/settings.py."""

import datetime

from django.conf import settings

# How long before a slot starts its bookings close: the slot's own rule
# (TimeSlot.bookings_close_at), converted there.
from manifatture.activities.models import booking_cutoff as booking_cutoff


def cancellation_cutoff() -> datetime.timedelta:
    """How long before a slot starts visitors can no longer cancel; the
    deadline itself is `Booking.cancel_deadline`."""
    return datetime.timedelta(minutes=settings.CANCELLATION_CUTOFF_MINUTES)


def offer_duration() -> datetime.timedelta:
    """How long a seat offered from the waiting list stays offered."""
    return datetime.timedelta(hours=settings.WAITING_OFFER_HOURS)
