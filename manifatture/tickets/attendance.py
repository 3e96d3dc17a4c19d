"""Expected attendance: how many of a slot's booked people will come, from the
no-shows recorded at the door in past editions, and the booking allowance
(bookings past the tour size) that would fill the tour without passing the
site's safety limit.

The estimate is a no-show rate per cell (activity kind, organisation category,
day of the week, time of day), in seats, from the bookings of past editions
whose attendance the door recorded (admitted, or marked absent). Small cells
say little, so each level is shrunk toward the one above by **additive
smoothing** (a Beta prior with a fixed pseudo-count of `PRIOR_SEATS` seats at
the parent's rate, i.e. ``(no_shows + m * parent) / (seats + m)``): the
overall rate of the past editions, then the kind, then kind and category,
then the full cell. A cell with no history gets its parent's rate; a cell
with many seats keeps nearly its own. Not empirical Bayes: the pseudo-count is
fixed, not estimated from the spread between cells, so the rule stays simple
to explain to a host ("as if 30 more seats had behaved like the average").
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from manifatture.activities.models import TimeSlot
from manifatture.bookings.models import Booking
from manifatture.editions.models import Edition

# How many seats of the parent level's rate each level is shrunk with.
PRIOR_SEATS = 30
# Never suggest more bookings than this share past the tour size, whatever the rate.
MAX_ALLOWANCE_SHARE = 0.5


def time_of_day(hour: int) -> str:
    """The band of a local start hour, as the programme's filter cuts them
    (morning before 13:00, afternoon 13:00-18:00, evening from 18:00)."""
    if hour < 13:
        return "morning"
    if hour < 18:
        return "afternoon"
    return "evening"


Cell = tuple[str, str, int, str]  # kind, organisation category, ISO weekday, time of day


def smooth(no_shows: float, seats: float, parent: float, *, prior: float = PRIOR_SEATS) -> float:
    """Additive smoothing of a rate toward `parent` with `prior` pseudo-seats."""
    return (no_shows + prior * parent) / (seats + prior)


@dataclass
class NoShowModel:
    """No-show rates learnt from past editions; `rate(cell)` for any cell."""

    overall: float | None
    seats: int
    cells: dict[Cell, tuple[int, int]]  # cell -> (seats booked, seats no-show)
    years: list[int]

    def _level(self, prefix_len: int, cell: Cell) -> tuple[int, int]:
        seats = no_shows = 0
        for key, (n, k) in self.cells.items():
            if key[:prefix_len] == cell[:prefix_len]:
                seats, no_shows = seats + n, no_shows + k
        return seats, no_shows

    def rate(self, cell: Cell) -> float | None:
        if self.overall is None:
            return None
        rate = self.overall
        for prefix_len in (1, 2, 4):  # kind; kind and category; the whole cell
            seats, no_shows = self._level(prefix_len, cell)
            rate = smooth(no_shows, seats, rate)
        return rate


def learn_no_shows(edition: Edition) -> NoShowModel:
    """The no-show model from the editions before `edition`: one query."""
    recorded = Q(checked_in_at__isnull=False) | Q(no_show=True)
    rows = (
        Booking.objects.filter(
            recorded,
            status=Booking.Status.CONFIRMED,
            slot__activity__edition__year__lt=edition.year,
            slot__cancelled_at__isnull=True,
        )
        .annotate(weekday=ExtractIsoWeekDay("slot__starts_at"), hour=ExtractHour("slot__starts_at"))
        .values(
            "slot__activity__kind",
            "slot__activity__organisation__category",
            "weekday",
            "hour",
        )
        .annotate(
            seats=Sum("party_size"),
            no_shows=Sum("party_size", filter=Q(no_show=True, checked_in_at__isnull=True)),
        )
    )
    cells: dict[Cell, list[int]] = defaultdict(lambda: [0, 0])
    years = sorted(
        Edition.objects.filter(year__lt=edition.year, activities__slots__bookings__no_show=True)
        .values_list("year", flat=True)
        .distinct()
    )
    for row in rows:
        cell = (
            row["slot__activity__kind"],
            row["slot__activity__organisation__category"],
            row["weekday"],
            time_of_day(row["hour"]),
        )
        cells[cell][0] += row["seats"] or 0
        cells[cell][1] += row["no_shows"] or 0
    seats = sum(n for n, _k in cells.values())
    no_shows = sum(k for _n, k in cells.values())
    overall = no_shows / seats if seats else None
    return NoShowModel(
        overall=overall,
        seats=seats,
        cells={key: (n, k) for key, (n, k) in cells.items()},
        years=years,
    )


# Past editions' door records do not change: the model is kept a while.
MODEL_CACHE_SECONDS = 3600


def no_show_model(edition: Edition) -> NoShowModel:
    """`learn_no_shows(edition)`, from the shared cache when it was learnt
    in the last hour (its one query reads every past booking)."""
    key = f"tickets:no-show-model:{edition.pk}:{edition.year}"
    model = cache.get(key)
    if model is None:
        model = learn_no_shows(edition)
        cache.set(key, model, MODEL_CACHE_SECONDS)
    return model


def cell_of(slot: TimeSlot) -> Cell:
    """The slot's cell (its start in local time, as the database extracts it)."""
    local = timezone.localtime(slot.starts_at)
    activity = slot.activity
    category = activity.organisation.category
    return (activity.kind, category, local.isoweekday(), time_of_day(local.hour))


@dataclass(frozen=True)
class Estimate:
    no_show_rate: float  # 0..1
    booked: int
    expected: int  # people expected at the door
    suggested_allowance: int | None  # None: no safety limit to fit it under

    @property
    def no_show_percent(self) -> int:
        return round(self.no_show_rate * 100)


def suggested_allowance(capacity: int, rate: float, safety_limit: int | None) -> int | None:
    """Bookings past `capacity` such that the people expected (bookings times
    one less the no-show rate) do not pass the tour size, capped at the
    safety limit and at MAX_ALLOWANCE_SHARE of the capacity. None without a
    safety limit (no allowance may be set then)."""
    if safety_limit is None:
        return None
    bookings = math.floor(capacity / (1 - rate)) if rate < 1 else capacity
    extra = max(0, bookings - capacity)
    extra = min(extra, math.floor(capacity * MAX_ALLOWANCE_SHARE), safety_limit - capacity)
    return max(extra, 0)


def estimate(model: NoShowModel, slot: TimeSlot, *, booked: int) -> Estimate | None:
    """Expected attendance of the slot with `booked` people, and the
    suggested allowance; None without history."""
    rate = model.rate(cell_of(slot))
    if rate is None:
        return None
    return Estimate(
        no_show_rate=rate,
        booked=booked,
        expected=round(booked * (1 - rate)),
        suggested_allowance=suggested_allowance(slot.capacity, rate, slot.safety_limit),
    )
