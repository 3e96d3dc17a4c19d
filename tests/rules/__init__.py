"""Rules used by several apps, tested where every path that applies them can be
reached: places left (activities.models.free_seats) and travel time
(activities.travel)."""
