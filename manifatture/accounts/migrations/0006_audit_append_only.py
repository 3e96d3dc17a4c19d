"""The audit trail cannot be changed or deleted, whatever writes to the database:
a trigger refuses UPDATE and DELETE on PostgreSQL and on SQLite."""

from django.db import migrations

from ._audit_append_only import POSTGRES_DOWN, POSTGRES_UP, SQLITE_DOWN, SQLITE_UP


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_privacy_consents_audit")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
