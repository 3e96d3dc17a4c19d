"""Bookings' settings, read as typed values (the pattern: docs/architecture.md,
"Settings"). Each setting's default is written once, in config/settings.py."""

import datetime

from django.conf import settings


def booking_cutoff() -> datetime.timedelta:
    """How long before a slot starts its bookings close."""
    return datetime.timedelta(minutes=settings.BOOKING_CUTOFF_MINUTES)


def cancellation_cutoff() -> datetime.timedelta:
    """How long before a slot starts visitors can no longer cancel; the
    deadline itself is `Booking.cancel_deadline`."""
    return datetime.timedelta(minutes=settings.CANCELLATION_CUTOFF_MINUTES)


def bookings_per_visitor() -> int:
    """How many bookings a visitor may hold in an edition without a limit of its own."""
    return settings.BOOKINGS_PER_VISITOR


def groups_per_visitor() -> int:
    """How many of a visitor's bookings in an edition may be for groups."""
    return settings.GROUP_BOOKINGS_PER_VISITOR


def offer_duration() -> datetime.timedelta:
    """How long a seat offered from the waiting list stays offered."""
    return datetime.timedelta(hours=settings.WAITING_OFFER_HOURS)
