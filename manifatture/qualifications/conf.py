"""Settings of the qualified list, with their defaults (override in config/settings.py)."""

from django.conf import settings

DEFAULTS = {
    # An approved entry is valid for two years.
    "QUALIFIED_LIST_VALIDITY_DAYS": 730,
    # Renewal can be asked from this many days before the expiry.
    "QUALIFIED_LIST_RENEWAL_WINDOW_DAYS": 90,
    # Reminders go out this many days before the expiry (each once).
    "QUALIFIED_LIST_REMINDER_DAYS": (60, 14),
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
