"""Tickets' settings that are read converted (into durations), each converted
here only (the pattern: docs/architecture.md, "Settings"). Their defaults are
in config/settings.py."""

import datetime

from django.conf import settings


def checkin_tolerance() -> datetime.timedelta:
    """How long before a slot starts its visitors may be admitted."""
    return datetime.timedelta(minutes=settings.CHECKIN_TOLERANCE_MINUTES)


def door_sync_grace() -> datetime.timedelta:
    """How long after its day a device may still send what it admitted
    (a phone that only finds a network the next morning)."""
    return datetime.timedelta(hours=settings.DOOR_SYNC_GRACE_HOURS)
