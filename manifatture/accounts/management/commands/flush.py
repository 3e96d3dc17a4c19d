"""Django's `flush`, able to empty the append-only audit trail on SQLite.

SQLite empties tables with DELETE, which the trail's triggers refuse; they are
lifted for the flush and put back right after (PostgreSQL empties with
TRUNCATE, which the row triggers do not see). Test runs flush between
transactional tests; in production nobody should flush at all.
"""

from django.core.management.commands import flush
from django.db import connections

from manifatture.accounts.apps import ensure_audit_triggers
from manifatture.accounts.migrations import _audit_append_only


class Command(flush.Command):
    def handle(self, **options) -> None:
        using = options["database"]
        connection = connections[using]
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for statement in _audit_append_only.SQLITE_DOWN:
                    cursor.execute(statement)
        try:
            super().handle(**options)
        finally:
            ensure_audit_triggers(using=using)
