"""Settings of the qualified list, read as typed values (the pattern:
docs/architecture.md, "Settings"). Their defaults are in config/settings.py."""

import datetime

from django.conf import settings


def validity() -> datetime.timedelta:
    """How long an approved entry is valid."""
    return datetime.timedelta(days=settings.QUALIFIED_LIST_VALIDITY_DAYS)


def renewal_window() -> datetime.timedelta:
    """How long before the expiry renewal can be asked."""
    return datetime.timedelta(days=settings.QUALIFIED_LIST_RENEWAL_WINDOW_DAYS)


def reminder_days() -> tuple[int, ...]:
    """How many days before the expiry reminders go out (each once), nearest first."""
    return tuple(sorted(settings.QUALIFIED_LIST_REMINDER_DAYS))
