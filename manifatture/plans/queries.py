"""Reads of "my day": a visitor's booked visits and chosen activities for each
event day, in time order, with the travel between consecutive places and the
conflicts (overlaps, not enough time to get from one place to the next)."""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.activities import travel
from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking
from manifatture.directory.geo import distance_km

from .models import PlanItem, PlanShare


def travel_speed_kmh() -> float:
    """The speed bookings and the draw also count with (`activities.travel`)."""
    return travel.travel_speed_kmh()


# Places --------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    at_hub: bool = False

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.name, self.address) if part)

    @property
    def point(self) -> travel.Point | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


# What to join so that place_of() needs no query.
ACTIVITY_PLACE_RELATIONS = ("site__comune", "edition__hub_venue", "organisation")


def place_of(activity: Activity) -> Place:
    """Where the activity takes place: the host's site, or the edition's hub."""
    site = activity.site
    if site is not None:
        return Place(
            name=site.name,
            address=f"{site.address}, {site.comune.name}",
            latitude=float(site.latitude),
            longitude=float(site.longitude),
        )
    edition = activity.edition
    venue = getattr(edition, "hub_venue", None)
    return Place(
        name=edition.hub_name or _("Hub centrale"),
        address=edition.hub_address,
        latitude=float(venue.latitude) if venue else None,
        longitude=float(venue.longitude) if venue else None,
        at_hub=True,
    )


# A day's plan ---------------------------------------------------------------------


@dataclass
class PlanEntry:
    """One thing in a day's plan: a booked visit, or an activity the visitor chose."""

    activity: Activity
    slot: TimeSlot | None
    place: Place
    booking: Booking | None = None
    item: PlanItem | None = None
    number: int = 0  # position on the map, from 1
    leg_after: "Leg | None" = None  # the way to the next timed entry

    @property
    def starts_at(self) -> datetime.datetime | None:
        return self.slot.starts_at if self.slot else None

    @property
    def ends_at(self) -> datetime.datetime | None:
        return self.slot.ends_at if self.slot else None

    @property
    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end of a timed entry (one with a slot)."""
        if self.slot is None:
            raise ValueError(f"{self.activity} has no time in the plan")
        return self.slot.starts_at, self.slot.ends_at

    @property
    def is_booked(self) -> bool:
        return self.booking is not None

    @property
    def needs_booking(self) -> bool:
        """Chosen but not booked, for an activity that takes bookings."""
        return self.booking is None and self.activity.booking_mode != (Activity.BookingMode.DROP_IN)

    @property
    def is_cancelled(self) -> bool:
        return self.activity.is_cancelled or bool(self.slot and self.slot.cancelled_at)


@dataclass
class Leg:
    """The way from one timed entry to the next."""

    origin: PlanEntry
    destination: PlanEntry
    distance_km: float | None
    travel_minutes: int | None
    gap_minutes: int
    problem: str = ""  # "overlap", "travel" or ""

    @property
    def same_place(self) -> bool:
        return self.distance_km is not None and self.travel_minutes == 0


@dataclass
class Conflict:
    kind: str  # "overlap" or "travel"
    first: PlanEntry
    second: PlanEntry
    message: str


@dataclass
class DayPlan:
    day: datetime.date
    entries: list[PlanEntry] = field(default_factory=list)  # timed, in time order
    untimed: list[PlanEntry] = field(default_factory=list)
    legs: list[Leg] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def all_entries(self) -> list[PlanEntry]:
        return [*self.entries, *self.untimed]

    def __len__(self) -> int:
        return len(self.entries) + len(self.untimed)

    @property
    def map_id(self) -> str:
        return f"plan-map-{self.day.isoformat()}"

    @property
    def points_id(self) -> str:
        return f"plan-points-{self.day.isoformat()}"

    def map_points(self) -> list[dict]:
        """The entries with a known place, numbered, for the map (json_script)."""
        return [
            {
                "number": entry.number,
                "lat": entry.place.latitude,
                "lon": entry.place.longitude,
                "label": entry.activity.title,
                "place": entry.place.label,
                "time": (
                    f"{timezone.localtime(entry.starts_at):%H:%M}–"
                    f"{timezone.localtime(entry.ends_at):%H:%M}"
                    if entry.slot
                    else ""
                ),
                "url": entry.activity.get_absolute_url(),
                "timed": entry.slot is not None,
            }
            for entry in self.all_entries
            if entry.place.located
        ]


def travel_minutes(origin: Place, destination: Place) -> tuple[float | None, int | None]:
    """Distance (km, as the crow flies) and travel time (`activities.travel`,
    the rule bookings apply) between two places; (None, None) when one is not
    on the map."""
    start, end = origin.point, destination.point
    if start is None or end is None:
        return None, None
    return distance_km(*start, *end), travel.travel_minutes(start, end)


def _clash(first: PlanEntry, second: PlanEntry, minutes: int | None) -> bool:
    return travel.visits_clash(first.times, second.times, minutes)


def _time_order(entry: PlanEntry) -> tuple[datetime.datetime, datetime.datetime, str, int]:
    starts_at, ends_at = entry.times
    assert entry.slot is not None  # a timed entry
    return starts_at, ends_at, entry.activity.title, entry.slot.pk


def _minutes(delta: datetime.timedelta) -> int:
    return math.floor(delta.total_seconds() / 60)


def _describe(entry: PlanEntry) -> str:
    return _("%(title)s (%(start)s–%(end)s)") % {
        "title": entry.activity.title,
        "start": f"{timezone.localtime(entry.starts_at):%H:%M}",
        "end": f"{timezone.localtime(entry.ends_at):%H:%M}",
    }


def _arrange(day: datetime.date, entries: list[PlanEntry]) -> DayPlan:
    plan = DayPlan(day=day)
    timed = sorted(
        (e for e in entries if e.slot is not None),
        key=_time_order,
    )
    plan.untimed = sorted(
        (e for e in entries if e.slot is None), key=lambda e: (e.activity.title, e.activity.pk)
    )
    plan.entries = timed
    for number, entry in enumerate(plan.all_entries, start=1):
        entry.number = number
    # Every pair one person cannot attend both of, consecutive or not, by the
    # rule bookings apply (so a plan warns wherever a booking is refused).
    for i, first in enumerate(timed):
        for second in timed[i + 1 :]:
            if second.times[0] < first.times[1]:
                plan.conflicts.append(
                    Conflict(
                        "overlap",
                        first,
                        second,
                        _("%(first)s e %(second)s si sovrappongono.")
                        % {"first": _describe(first), "second": _describe(second)},
                    )
                )
                continue
            _km, minutes = travel_minutes(first.place, second.place)
            if _clash(first, second, minutes):
                plan.conflicts.append(
                    Conflict(
                        "travel",
                        first,
                        second,
                        _(
                            "Tra %(first)s e %(second)s avete %(gap)s minuti, ma per spostarvi "
                            "ne servono circa %(travel)s."
                        )
                        % {
                            "first": _describe(first),
                            "second": _describe(second),
                            "gap": _minutes(second.times[0] - first.times[1]),
                            "travel": minutes,
                        },
                    )
                )
    for origin, destination in zip(timed, timed[1:], strict=False):
        km, minutes = travel_minutes(origin.place, destination.place)
        gap = _minutes(destination.times[0] - origin.times[1])
        leg = Leg(origin, destination, km, minutes, gap)
        if destination.times[0] < origin.times[1]:
            leg.problem = "overlap"
        elif _clash(origin, destination, minutes):
            leg.problem = "travel"
        origin.leg_after = leg
        plan.legs.append(leg)
    return plan


def _day_bounds(days: list[datetime.date]) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(min(days), datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        max(days) + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def _activity_relations(prefix: str) -> list[str]:
    return [f"{prefix}{relation}" for relation in ACTIVITY_PLACE_RELATIONS]


def plans_for(user: User, days: list[datetime.date]) -> list[DayPlan]:
    """The visitor's plan for each of `days`, in two queries whatever its size:
    the confirmed bookings whose slot starts on those days, and the plan items
    (an item for a booked slot shows once, as the booking)."""
    if not days:
        return []
    start, end = _day_bounds(days)
    bookings = (
        Booking.objects.filter(
            visitor=user,
            status=Booking.Status.CONFIRMED,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .select_related("slot", *_activity_relations("slot__activity__"))
        .order_by("slot__starts_at", "pk")
    )
    items = (
        PlanItem.objects.filter(user=user, day__in=days)
        .select_related("slot", *_activity_relations("activity__"))
        .order_by("day", "pk")
    )
    by_day: dict[datetime.date, list[PlanEntry]] = {day: [] for day in days}
    booked_slots = set()
    for booking in bookings:
        day = timezone.localdate(booking.slot.starts_at)
        if day in by_day:
            activity = booking.slot.activity
            by_day[day].append(
                PlanEntry(activity, booking.slot, place_of(activity), booking=booking)
            )
            booked_slots.add(booking.slot_id)
    for item in items:
        if item.slot_id in booked_slots:
            continue
        by_day[item.day].append(
            PlanEntry(item.activity, item.slot, place_of(item.activity), item=item)
        )
    return [_arrange(day, entries) for day, entries in by_day.items()]


def plan_for_day(user: User, day: datetime.date) -> DayPlan:
    return plans_for(user, [day])[0]


def plan_items_of(user: User) -> QuerySet[PlanItem]:
    """Every plan item of the visitor with what a calendar entry needs."""
    return (
        PlanItem.objects.filter(user=user)
        .select_related("slot", *_activity_relations("activity__"))
        .order_by("day", "pk")
    )


# Access ---------------------------------------------------------------------------


def get_own_plan_item(user: User, pk: int) -> PlanItem:
    """The visitor's own item; 404 for anyone else's (nothing to learn from it)."""
    return get_object_or_404(PlanItem, pk=pk, user=user)


def get_share_by_token(token: str) -> PlanShare:
    return get_object_or_404(PlanShare.objects.select_related("user"), token=token)


def addable_slots(activity: Activity) -> QuerySet[TimeSlot]:
    """The slots a visitor may add to their plan: not cancelled, not over."""
    return activity.slots.filter(cancelled_at__isnull=True, ends_at__gt=timezone.now()).order_by(
        "starts_at", "pk"
    )


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    share = PlanShare.objects.filter(user=user).first()
    return {
        "my_day": [
            {
                "day": item.day.isoformat(),
                "activity": item.activity.title_it,
                "slot_starts_at": item.slot.starts_at.isoformat() if item.slot else None,
                "added_at": item.created_at.isoformat(),
            }
            for item in PlanItem.objects.filter(user=user)
            .select_related("activity", "slot")
            .order_by("day", "pk")
        ],
        "share_link": share.get_absolute_url() if share is not None else None,
    }


def expired_visitors(cutoff: datetime.date) -> set[int]:
    """Visitors with "my day" items in editions ended before `cutoff`."""
    return set(
        PlanItem.objects.filter(activity__edition__event_end__lt=cutoff)
        .values_list("user_id", flat=True)
        .distinct()
    )
