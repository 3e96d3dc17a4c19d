-- The database ceiling: the floor's booking transaction in raw SQL.
-- One conditional UPDATE of the slot's counter and the INSERT of the booking
-- row, in one transaction. Variables: min_slot, max_slot, min_user, max_user.
\set slot random(:min_slot, :max_slot)
\set visitor random(:min_user, :max_user)
BEGIN;
WITH taken AS (
  UPDATE activities_timeslot SET seats_taken = seats_taken + 1
  WHERE id = :slot AND seats_taken + 1 <= capacity - group_seats + group_seats_taken
  RETURNING id
)
INSERT INTO bookings_booking
  (slot_id, visitor_id, status, kind, party_size, group_name, ticket_code, created_at, no_show,
   attendee_names, released)
SELECT id, :visitor, 'confirmed', 'individual', 1, '', upper(substr(md5(random()::text), 1, 20)), now(), false,
  '[]'::jsonb, ''
FROM taken
ON CONFLICT DO NOTHING;
COMMIT;
