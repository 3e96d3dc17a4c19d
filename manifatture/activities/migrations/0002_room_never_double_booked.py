"""A hub room is never booked twice at the same time, whatever writes the rows.

PostgreSQL: an exclusion constraint over (room, [starts_at, ends_at)).
SQLite: triggers that abort an insert or update overlapping another slot.
"""

from django.db import migrations

from ._room_overlap import POSTGRES_DOWN, POSTGRES_UP, SQLITE_DOWN, SQLITE_UP


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
