"""Operations' settings that are read converted (seconds into durations), each
converted here only (the pattern: docs/architecture.md, "Settings"). Their
defaults, and what each means, are in config/settings.py."""

import datetime

from django.conf import settings


def _seconds(value: float) -> datetime.timedelta:
    return datetime.timedelta(seconds=float(value))


def mail_send_lease() -> datetime.timedelta:
    """How long a message being sent is left to the task sending it."""
    return _seconds(settings.MAIL_SEND_LEASE_SECONDS)


def worker_dead_after() -> datetime.timedelta:
    """A worker silent this long is dead: its tasks are queued again."""
    return _seconds(settings.WORKER_DEAD_AFTER_SECONDS)


def task_stuck_after() -> datetime.timedelta:
    """A task of a worker that never beat is queued again after this long."""
    return _seconds(settings.TASK_STUCK_AFTER_SECONDS)
