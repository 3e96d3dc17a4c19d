"""Directory settings, read as typed values (the pattern: docs/architecture.md,
"Settings"). Their defaults, and what each means, are in config/settings.py."""

import datetime

from django.conf import settings


def periphery_nil_ids() -> list[int] | None:
    """The NIL numbers that are the periphery, when given explicitly."""
    return settings.PERIPHERY_NIL_IDS


def periphery_centre() -> tuple[float, float]:
    """The centre (latitude, longitude) from which the periphery is measured."""
    latitude, longitude = settings.PERIPHERY_CENTRE
    return float(latitude), float(longitude)


def periphery_min_distance_km() -> float:
    return float(settings.PERIPHERY_MIN_DISTANCE_KM)


def confirm_after() -> datetime.timedelta:
    """How long after its last confirmation a profile's owners are asked to confirm it."""
    return datetime.timedelta(days=settings.DIRECTORY_CONFIRM_AFTER_DAYS)


def stale_after() -> datetime.timedelta:
    """How long after its last confirmation a profile is shown as perhaps out of date."""
    return datetime.timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)


def archive_after() -> datetime.timedelta:
    """How long after its last confirmation a profile leaves search and map."""
    return datetime.timedelta(days=settings.DIRECTORY_ARCHIVE_AFTER_DAYS)


def confirm_link_max_age() -> datetime.timedelta:
    """How long the link in the confirmation e-mail works."""
    return datetime.timedelta(days=settings.DIRECTORY_CONFIRM_LINK_MAX_AGE_DAYS)


def invitation_validity() -> datetime.timedelta:
    """How long an invitation to join an organisation can be accepted."""
    return datetime.timedelta(days=settings.DIRECTORY_INVITATION_DAYS)


def invitation_keep() -> datetime.timedelta:
    """How long answered or expired invitations are kept."""
    return datetime.timedelta(days=settings.DIRECTORY_INVITATION_KEEP_DAYS)
