"""Getting from one activity to the next: the one rule for the travel time
between two places and for when two visits are too close for one person.

Bookings refuse a visit that clashes with one already booked, "my day" warns
about the same clash, and the ballot's draw never gives one person two
clashing places: all three ask here, so a plan warns exactly where a booking
would be refused. Pure functions of coordinates and times (the draw replays
them from its seed).
"""

import datetime
import math

from django.conf import settings

from manifatture.directory.geo import distance_km

# Closer than this, two places count as the same building: no travel time.
SAME_PLACE_KM = 0.05

# (latitude, longitude); None when the place is not on the map.
Point = tuple[float, float]


def travel_speed_kmh() -> float:
    """Average speed across the city as the crow flies (public transport and
    walking): the setting TRAVEL_SPEED_KMH."""
    return float(settings.TRAVEL_SPEED_KMH)


def travel_minutes(
    origin: Point | None, destination: Point | None, *, speed_kmh: float | None = None
) -> int | None:
    """Whole minutes (rounded up) to go from one place to the other at
    `speed_kmh` (the setting by default); 0 within the same building; None
    when a place is not on the map (nobody can tell)."""
    if origin is None or destination is None:
        return None
    km = distance_km(origin[0], origin[1], destination[0], destination[1])
    if km < SAME_PLACE_KM:
        return 0
    return math.ceil(km / (speed_kmh or travel_speed_kmh()) * 60)


def visits_clash(
    first: tuple[datetime.datetime, datetime.datetime],
    second: tuple[datetime.datetime, datetime.datetime],
    travel: float | None,
) -> bool:
    """Whether one person cannot attend both visits, (start, end) each: they
    overlap, or the gap between them is shorter than the `travel` minutes
    from one place to the other (unknown travel time counts as none). A
    visit ending at 11:00 and one starting at 11:00 in the same place don't
    clash."""
    buffer = datetime.timedelta(minutes=travel or 0)
    return first[0] < second[1] + buffer and second[0] < first[1] + buffer
