"""A hub room is never booked twice at the same time, whatever writes the rows.

PostgreSQL: an exclusion constraint over (room, [starts_at, ends_at)).
SQLite: triggers that abort an insert or update overlapping another slot.
"""

from django.db import migrations

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE activities_timeslot ADD CONSTRAINT slot_room_no_overlap
       EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
       WHERE (room_id IS NOT NULL)""",
]
POSTGRES_DOWN = ["ALTER TABLE activities_timeslot DROP CONSTRAINT slot_room_no_overlap"]

SQLITE_CHECK = """
    WHEN NEW.room_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM activities_timeslot other
        WHERE other.room_id = NEW.room_id AND other.id IS NOT NEW.id
          AND other.starts_at < NEW.ends_at AND NEW.starts_at < other.ends_at)
    BEGIN SELECT RAISE(ABORT, 'slot_room_no_overlap'); END
"""
SQLITE_UP = [
    f"CREATE TRIGGER slot_room_no_overlap_insert BEFORE INSERT ON activities_timeslot {SQLITE_CHECK}",
    f"CREATE TRIGGER slot_room_no_overlap_update BEFORE UPDATE ON activities_timeslot {SQLITE_CHECK}",
]
SQLITE_DOWN = [
    "DROP TRIGGER slot_room_no_overlap_insert",
    "DROP TRIGGER slot_room_no_overlap_update",
]


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
