from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_audit_triggers(using: str = "default", **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it, and our
    `flush` lifts them to empty the table: put the append-only triggers of
    migration 0006 back after every migrate and flush."""
    from django.db import connections

    from .migrations import _audit_append_only

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if "accounts_auditevent" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in _audit_append_only.SQLITE_UP:
            cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


class AccountsConfig(AppConfig):
    name = "manifatture.accounts"
    verbose_name = _("Account")

    def ready(self) -> None:
        from django.core import checks

        from manifatture import lookups  # noqa: F401 (registers `in` for integer columns)
        from manifatture.ratelimit import check_shared_cache

        from . import personal_data, queries

        # Project-wide (rate limits need a shared cache in production), here
        # as accounts is the root of the import graph.
        checks.register(check_shared_cache, checks.Tags.caches, deploy=True)

        post_migrate.connect(ensure_audit_triggers, sender=self)
        personal_data.register(self.label, export=queries.export_account)
