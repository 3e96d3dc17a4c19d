"""The programme cube: activities, slots, capacity, bookings, attendance and
walk-ins per edition, activity kind and area, and its roll-ups."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce

from manifatture.activities.areas import area_of
from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking
from manifatture.tickets.models import WalkIn

from .arithmetic import rate
from .filters import (
    CONFIRMED,
    PUBLISHED,
    Filters,
    _editions_q,
)

MEASURES = (
    "activities",
    "slots",
    "capacity",
    "bookings",
    "seats",
    "cancelled",
    "checked_in",
    "checked_in_people",
    "no_shows",
    "walk_ins",
)


@dataclass
class Measures:
    activities: int = 0
    slots: int = 0
    capacity: int = 0
    bookings: int = 0  # confirmed
    seats: int = 0  # people in confirmed bookings
    cancelled: int = 0  # cancelled bookings
    checked_in: int = 0  # bookings
    checked_in_people: int = 0
    no_shows: int = 0  # bookings
    walk_ins: int = 0

    def add(self, other: "Measures") -> "Measures":
        for name in MEASURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def fill_rate(self) -> Decimal | None:
        return rate(self.seats, self.capacity)

    @property
    def no_show_rate(self) -> Decimal | None:
        return rate(self.no_shows, self.checked_in + self.no_shows)


Cube = dict[tuple[int, str, str], Measures]  # (edition id, kind, area) → measures


def programme_cube(edition_ids: Iterable[int] | None, filters: Filters) -> Cube:
    """Activities, slots, capacity, bookings, attendance and walk-ins per edition,
    activity kind and area, in four grouped queries."""
    cube: Cube = defaultdict(Measures)
    activities = (
        Activity.objects.filter(
            _editions_q("edition", edition_ids), filters.activity_q(""), status=PUBLISHED
        )
        .values(ed=F("edition_id"), k=F("kind"), area=area_of("site"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in activities:
        cube[row["ed"], row["k"], row["area"]].activities = row["n"]

    live_slots = Q(activity__status=PUBLISHED, cancelled_at__isnull=True)
    slots = (
        TimeSlot.objects.filter(
            live_slots,
            _editions_q("activity__edition", edition_ids),
            filters.activity_q("activity"),
        )
        .values(ed=F("activity__edition_id"), k=F("activity__kind"), area=area_of("activity__site"))
        .annotate(n=Count("pk"), seats_offered=Sum("capacity"))
        .order_by()
    )
    for row in slots:
        measures = cube[row["ed"], row["k"], row["area"]]
        measures.slots, measures.capacity = row["n"], row["seats_offered"] or 0

    confirmed = Q(status=CONFIRMED)
    attended = confirmed & Q(checked_in_at__isnull=False)
    bookings = (
        Booking.objects.filter(
            slot__activity__status=PUBLISHED,
            slot__cancelled_at__isnull=True,
        )
        .filter(
            _editions_q("slot__activity__edition", edition_ids),
            filters.activity_q("slot__activity"),
        )
        .values(
            ed=F("slot__activity__edition_id"),
            k=F("slot__activity__kind"),
            area=area_of("slot__activity__site"),
        )
        .annotate(
            n_confirmed=Count("pk", filter=confirmed),
            people=Coalesce(Sum("party_size", filter=confirmed), 0),
            n_cancelled=Count("pk", filter=Q(status=Booking.Status.CANCELLED)),
            n_attended=Count("pk", filter=attended),
            people_attended=Coalesce(Sum("party_size", filter=attended), 0),
            n_no_show=Count("pk", filter=confirmed & Q(no_show=True)),
        )
        .order_by()
    )
    for booking_row in bookings:
        measures = cube[booking_row["ed"], booking_row["k"], booking_row["area"]]
        measures.bookings = booking_row["n_confirmed"]
        measures.seats = booking_row["people"]
        measures.cancelled = booking_row["n_cancelled"]
        measures.checked_in = booking_row["n_attended"]
        measures.checked_in_people = booking_row["people_attended"]
        measures.no_shows = booking_row["n_no_show"]

    walk_ins = (
        WalkIn.objects.filter(slot__activity__status=PUBLISHED, slot__cancelled_at__isnull=True)
        .filter(
            _editions_q("slot__activity__edition", edition_ids),
            filters.activity_q("slot__activity"),
        )
        .values(
            ed=F("slot__activity__edition_id"),
            k=F("slot__activity__kind"),
            area=area_of("slot__activity__site"),
        )
        .annotate(people=Sum("count"))
        .order_by()
    )
    for walk_in_row in walk_ins:
        cube[walk_in_row["ed"], walk_in_row["k"], walk_in_row["area"]].walk_ins = (
            walk_in_row["people"] or 0
        )
    return dict(cube)


def rollup(
    cube: Cube,
    by: Callable[[tuple[int, str, str]], Any],
    where: Callable[[tuple[int, str, str]], bool] = lambda key: True,
) -> dict[Any, Measures]:
    """Sums the cube's cells into groups (`by` maps a cell's key to its group)."""
    groups: dict[Any, Measures] = defaultdict(Measures)
    for key, measures in cube.items():
        if where(key):
            groups[by(key)].add(measures)
    return dict(groups)
