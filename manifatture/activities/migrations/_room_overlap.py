"""SQL for the hub-room double-booking guard (see 0002 and apps.py)."""

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
