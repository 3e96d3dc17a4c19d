"""SQL for the hub-room double-booking guard (migration 0002)."""

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE activities_timeslot ADD CONSTRAINT slot_room_no_overlap
       EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
       WHERE (room_id IS NOT NULL)""",
]
POSTGRES_DOWN = ["ALTER TABLE activities_timeslot DROP CONSTRAINT slot_room_no_overlap"]
