from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_room_overlap_triggers(using: str = "default", **kwargs) -> None:
    """SQLite rebuilds a table for most ALTERs, dropping its triggers; put the
    room double-booking triggers of migration 0002 back after every migrate."""
    from django.db import connections

    from .migrations import _room_overlap

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in _room_overlap.SQLITE_UP:
            cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


class ActivitiesConfig(AppConfig):
    name = "manifatture.activities"
    verbose_name = _("Attività")

    def ready(self) -> None:
        post_migrate.connect(ensure_room_overlap_triggers, sender=self)
