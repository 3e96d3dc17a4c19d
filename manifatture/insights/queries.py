"""The figures of the staff dashboard and of the public numbers page.

Every figure is computed from the source of truth (applications, activities, slots,
bookings, waiting lists, ballots, walk-ins) with grouped aggregate queries: a fixed
number of queries however many editions, hosts or bookings there are. Results are
cached for a short time (``INSIGHTS_CACHE_SECONDS`` in config/settings.py; 0 turns the cache
off), keyed by edition, filters and language, so a change shows up within that time.

Definitions (the pages repeat them to their readers):

- **host**: an organisation whose application to the edition was accepted.
- **a host's place**: the site of its published activities in the edition (the one
  with the lowest id if several), else the organisation's first site.
- **periphery**: a site whose NIL is flagged as periphery (docs/periphery.md);
  **centre**: a site in a Milan NIL that is not; **outside Milan**: a site with no NIL;
  **hub**: activities at the edition's hub (no site).
- **programme**: published activities and their slots that are not cancelled.
- **fill rate**: seats of confirmed bookings / capacity of those slots.
- **waiting-list demand**: distinct visitors with a waiting-list entry that is waiting,
  offered or expired on an activity where they hold no confirmed booking: people who
  wanted a place and did not get one.
- **ballot oversubscription**: seats asked as first choice / capacity of the balloted slots.
- **no-show rate**: bookings marked no-show / bookings whose attendance was recorded
  (checked in or no-show).
- **walk-ins**: people counted at the door without a booking.
- **visitors** (public page): once the event is over, people checked in at the door plus
  walk-ins; before that, or when nobody was checked in, people with a confirmed booking
  plus walk-ins. ``EditionNumbers.visitors_basis`` says which.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from manifatture.activities.models import Activity, TimeSlot
from manifatture.ballots.models import BallotEntry
from manifatture.bookings.models import Booking, VisitorProfile, WaitingListEntry
from manifatture.calls.models import Application as CallApplication
from manifatture.calls.models import Call
from manifatture.directory.models import MILANO_ISTAT_CODE, Site
from manifatture.editions.models import Edition
from manifatture.participations.models import ActivityKind, Application
from manifatture.qualifications.models import Entry
from manifatture.tickets.models import WalkIn

PERIPHERY, CENTRE, OUTSIDE, HUB = "periphery", "centre", "outside", "hub"
AREAS = (PERIPHERY, CENTRE, OUTSIDE, HUB)

PUBLISHED = Activity.Status.PUBLISHED
CONFIRMED = Booking.Status.CONFIRMED
ACCEPTED = Application.State.ACCEPTED
UNPLACED_WAITING = [
    WaitingListEntry.Status.WAITING,
    WaitingListEntry.Status.OFFERED,
    WaitingListEntry.Status.EXPIRED,
]


def municipio_label(number: int | None, *, missing: str | None = None) -> str:
    """The label of a Municipio; `missing` (by default "Municipio non indicato") for none."""
    if number is None:
        return missing if missing is not None else _("Municipio non indicato")
    return _("Municipio %(n)s") % {"n": number}


def area_label(area: str) -> str:
    return {
        PERIPHERY: _("Periferia"),
        CENTRE: _("Centro (NIL non periferici)"),
        OUTSIDE: _("Fuori Milano o senza NIL"),
        HUB: _("Hub centrale"),
    }[area]


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """What the staff narrow the figures to: a host category and an area
    (a Municipio, and/or periphery yes/no)."""

    category: str = ""
    municipio: int | None = None
    periphery: bool | None = None

    def key(self) -> str:
        return f"{self.category}|{self.municipio or ''}|{self.periphery}"

    def site_q(self, site: str) -> Q:
        """The area filter on a site reached through `site` (e.g. "slot__activity__site")."""
        q = Q()
        if self.municipio:
            q &= Q(**{f"{site}__municipio_id": self.municipio})
        if self.periphery is True:
            q &= Q(**{f"{site}__nil__is_periphery": True})
        elif self.periphery is False:
            q &= ~Q(**{f"{site}__nil__is_periphery": True})
        return q

    def organisation_q(self, organisation: str) -> Q:
        return Q(**{f"{organisation}__category": self.category}) if self.category else Q()

    def activity_q(self, activity: str) -> Q:
        """Filters on activities reached through `activity` ("" for Activity itself)."""
        prefix = f"{activity}__" if activity else ""
        return self.organisation_q(f"{prefix}organisation") & self.site_q(f"{prefix}site")

    def admits_place(self, place: "Place | None") -> bool:
        """The same area filter, on a host's place already read."""
        if self.municipio and (place is None or place.municipio != self.municipio):
            return False
        in_periphery = place is not None and place.periphery
        return self.periphery is None or in_periphery == self.periphery


def _area(site: str) -> Case:
    return Case(
        When(**{f"{site}__isnull": True}, then=Value(HUB)),
        When(**{f"{site}__nil__is_periphery": True}, then=Value(PERIPHERY)),
        When(**{f"{site}__nil__isnull": False}, then=Value(CENTRE)),
        default=Value(OUTSIDE),
        output_field=CharField(),
    )


def _editions_q(path: str, edition_ids: Iterable[int] | None) -> Q:
    return Q() if edition_ids is None else Q(**{f"{path}__in": list(edition_ids)})


# ---------------------------------------------------------------- arithmetic


def rate(part: int | None, whole: int | None) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def ratio(part: int | None, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- the programme cube

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
        .values(ed=F("edition_id"), k=F("kind"), area=_area("site"))
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
        .values(ed=F("activity__edition_id"), k=F("activity__kind"), area=_area("activity__site"))
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
            area=_area("slot__activity__site"),
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
    for row in bookings:
        measures = cube[row["ed"], row["k"], row["area"]]
        measures.bookings = row["n_confirmed"]
        measures.seats = row["people"]
        measures.cancelled = row["n_cancelled"]
        measures.checked_in = row["n_attended"]
        measures.checked_in_people = row["people_attended"]
        measures.no_shows = row["n_no_show"]

    walk_ins = (
        WalkIn.objects.filter(slot__activity__status=PUBLISHED, slot__cancelled_at__isnull=True)
        .filter(
            _editions_q("slot__activity__edition", edition_ids),
            filters.activity_q("slot__activity"),
        )
        .values(
            ed=F("slot__activity__edition_id"),
            k=F("slot__activity__kind"),
            area=_area("slot__activity__site"),
        )
        .annotate(people=Sum("count"))
        .order_by()
    )
    for row in walk_ins:
        cube[row["ed"], row["k"], row["area"]].walk_ins = row["people"] or 0
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


# ---------------------------------------------------------------- hosts


@dataclass(frozen=True)
class Place:
    municipio: int | None
    nil_id: int | None
    nil_name: str
    periphery: bool
    comune: str

    @property
    def area(self) -> str:
        if self.periphery:
            return PERIPHERY
        return CENTRE if self.nil_id else OUTSIDE


@dataclass(frozen=True)
class Host:
    edition_id: int
    organisation_id: int
    category: str
    place: Place | None
    returning: bool  # accepted in an earlier edition too

    @property
    def area(self) -> str:
        return self.place.area if self.place else OUTSIDE


def hosts(edition_ids: Iterable[int] | None, filters: Filters) -> list[Host]:
    """The accepted hosts with their place, in two queries (applications, then places)."""
    activity_site = (
        Activity.objects.filter(
            edition=OuterRef("edition"),
            organisation=OuterRef("organisation"),
            status=PUBLISHED,
            site__isnull=False,
        )
        .order_by("site_id")
        .values("site_id")[:1]
    )
    first_site = Site.objects.filter(organisation=OuterRef("organisation")).order_by("pk")
    earlier = Application.objects.filter(
        organisation=OuterRef("organisation"),
        state=ACCEPTED,
        edition__year__lt=OuterRef("edition__year"),
    )
    rows = list(
        Application.objects.filter(
            _editions_q("edition", edition_ids),
            filters.organisation_q("organisation"),
            state=ACCEPTED,
        )
        .annotate(
            place_id=Coalesce(
                Subquery(activity_site),
                Subquery(first_site.values("pk")[:1]),
                output_field=BigIntegerField(),
            ),
            returning=Exists(earlier),
        )
        .values("edition_id", "organisation_id", "organisation__category", "place_id", "returning")
        .order_by()
    )
    places = {
        row["pk"]: Place(
            municipio=row["municipio_id"],
            nil_id=row["nil_id"],
            nil_name=row["nil__name"] or "",
            periphery=bool(row["nil__is_periphery"]),
            comune=row["comune__name"],
        )
        for row in Site.objects.filter(pk__in={row["place_id"] for row in rows} - {None})
        .values("pk", "municipio_id", "nil_id", "nil__name", "nil__is_periphery", "comune__name")
        .order_by()
    }
    found = [
        Host(
            edition_id=row["edition_id"],
            organisation_id=row["organisation_id"],
            category=row["organisation__category"],
            place=places.get(row["place_id"]),
            returning=row["returning"],
        )
        for row in rows
    ]
    return [host for host in found if filters.admits_place(host.place)]


# ---------------------------------------------------------------- visitors


def visitors_by_edition(edition_ids: Iterable[int] | None, filters: Filters) -> dict[int, dict]:
    """Distinct visitors with a confirmed booking, and those who had one in an earlier
    edition too (returning), per edition.

    Two grouped reads, joined here: a visitor returns to an edition when the first year
    they booked anything is earlier. (A correlated EXISTS per booking row made the
    planner walk every booking for every booking: minutes on the demo's data.)"""
    first_year = dict(
        Booking.objects.filter(status=CONFIRMED)
        .values("visitor_id")
        .annotate(first=Min("slot__activity__edition__year"))
        .order_by()
        .values_list("visitor_id", "first")
    )
    pairs = (
        _live_bookings(edition_ids, filters)
        .values_list("slot__activity__edition_id", "slot__activity__edition__year", "visitor_id")
        .order_by()
        .distinct()
    )
    found: dict[int, dict] = {}
    for edition_id, year, visitor_id in pairs:
        row = found.setdefault(edition_id, {"visitors": 0, "returning": 0})
        row["visitors"] += 1
        if first_year.get(visitor_id, year) < year:
            row["returning"] += 1
    return found


def _live_bookings(edition_ids: Iterable[int] | None, filters: Filters):
    return Booking.objects.filter(
        _editions_q("slot__activity__edition", edition_ids),
        filters.activity_q("slot__activity"),
        status=CONFIRMED,
        slot__activity__status=PUBLISHED,
        slot__cancelled_at__isnull=True,
    )


def waiting_demand(
    edition_ids: Iterable[int] | None, filters: Filters
) -> tuple[dict[int, dict], dict[tuple[int, str], int]]:
    """People who could not get a place: per edition (visitors and entries) and per
    edition and activity kind (visitors)."""
    booked = Booking.objects.filter(
        visitor=OuterRef("visitor"), slot__activity=OuterRef("slot__activity"), status=CONFIRMED
    )
    unplaced = WaitingListEntry.objects.filter(
        _editions_q("slot__activity__edition", edition_ids),
        filters.activity_q("slot__activity"),
        status__in=UNPLACED_WAITING,
        slot__activity__status=PUBLISHED,
    ).filter(~Exists(booked))
    totals = {
        row["ed"]: {"visitors": row["visitors"], "entries": row["entries"]}
        for row in unplaced.values(ed=F("slot__activity__edition_id"))
        .annotate(visitors=Count("visitor", distinct=True), entries=Count("pk"))
        .order_by()
    }
    by_kind = {
        (row["ed"], row["k"]): row["visitors"]
        for row in unplaced.values(ed=F("slot__activity__edition_id"), k=F("slot__activity__kind"))
        .annotate(visitors=Count("visitor", distinct=True))
        .order_by()
    }
    return totals, by_kind


@dataclass
class Origin:
    label: str
    visitors: int
    seats: int


@dataclass
class Residence:
    """Where the visitors live: by comune, and, for residents of Milan, by Municipio
    (None: a resident of Milan who did not say which)."""

    comuni: list[Origin]
    municipi: dict[int | None, Origin]


def visitor_residence(edition_id: int, filters: Filters) -> Residence:
    """Where the visitors with a confirmed booking live (their optional profile), by
    comune and by Municipio, in one grouped query. Each visitor has one profile, so
    the distinct visitors of the groups add up."""
    profile = "visitor__visitor_profile"
    rows = (
        _live_bookings([edition_id], filters)
        .values(
            code=F(f"{profile}__comune_id"),
            comune=F(f"{profile}__comune__name"),
            elsewhere=F(f"{profile}__lives_elsewhere"),
            municipio=F(f"{profile}__municipio_id"),
        )
        .annotate(visitors=Count("visitor", distinct=True), people=Sum("party_size"))
        .order_by()
    )
    comuni: dict[str, Origin] = {}
    municipi: dict[int | None, Origin] = {}
    for row in rows:
        if row["comune"]:
            label = row["comune"]
        elif row["elsewhere"]:
            label = _("Fuori dalla Città metropolitana di Milano")
        else:
            label = _("Non indicato")
        origins = [comuni.setdefault(label, Origin(label, 0, 0))]
        if row["code"] == MILANO_ISTAT_CODE:
            municipio = row["municipio"]
            origins.append(municipi.setdefault(municipio, Origin(municipio_label(municipio), 0, 0)))
        for origin in origins:
            origin.visitors += row["visitors"]
            origin.seats += row["people"] or 0
    return Residence(
        comuni=sorted(comuni.values(), key=lambda o: (-o.visitors, o.label)), municipi=municipi
    )


def visitor_age_bands(edition_id: int, filters: Filters) -> list[tuple[str, int]]:
    rows = {
        row["band"]: row["visitors"]
        for row in _live_bookings([edition_id], filters)
        .values(band=F("visitor__visitor_profile__age_band"))
        .annotate(visitors=Count("visitor", distinct=True))
        .order_by()
    }
    found = [(str(band.label), rows.get(band.value, 0)) for band in VisitorProfile.AgeBand]
    return [*found, (_("Non indicata"), rows.get("", 0) + rows.get(None, 0))]


def seats_by_municipio(edition_id: int, filters: Filters) -> dict[int | None, dict]:
    """Visitors and seats booked by the Municipio of the place visited."""
    return {
        row["municipio"]: {"visitors": row["visitors"], "seats": row["people"] or 0}
        for row in _live_bookings([edition_id], filters)
        .values(municipio=F("slot__activity__site__municipio_id"))
        .annotate(visitors=Count("visitor", distinct=True), people=Sum("party_size"))
        .order_by()
    }


# ---------------------------------------------------------------- ballots


@dataclass
class BallotLine:
    title: str
    host: str
    capacity: int = 0
    visitors: int = 0
    first_choice_seats: int = 0
    seats: int = 0
    won: int = 0

    @property
    def oversubscription(self) -> Decimal | None:
        return ratio(self.first_choice_seats, self.capacity)


def ballot_lines(edition_id: int, filters: Filters) -> tuple[list[BallotLine], dict]:
    """Each balloted activity with its capacity and the demand in the ballot, and the
    edition's totals (distinct visitors who entered, their choices)."""
    lines: dict[int, BallotLine] = {}
    capacity = (
        TimeSlot.objects.filter(
            filters.activity_q("activity"),
            activity__edition_id=edition_id,
            activity__ballot_activity__isnull=False,
            activity__status=PUBLISHED,
            cancelled_at__isnull=True,
        )
        .values("activity_id", "activity__title_it", "activity__organisation__name")
        .annotate(seats_offered=Sum("capacity"))
        .order_by()
    )
    for row in capacity:
        lines[row["activity_id"]] = BallotLine(
            row["activity__title_it"], row["activity__organisation__name"], row["seats_offered"]
        )
    entries = BallotEntry.objects.filter(
        filters.activity_q("slot__activity"), ballot__edition_id=edition_id
    )
    demand = (
        entries.values(
            "slot__activity_id", "slot__activity__title_it", "slot__activity__organisation__name"
        )
        .annotate(
            n_visitors=Count("visitor", distinct=True),
            first=Coalesce(Sum("party_size", filter=Q(rank=1)), 0),
            people=Sum("party_size"),
            n_won=Count("pk", filter=Q(result=BallotEntry.Result.WON)),
        )
        .order_by()
    )
    for row in demand:
        line = lines.setdefault(
            row["slot__activity_id"],
            BallotLine(row["slot__activity__title_it"], row["slot__activity__organisation__name"]),
        )
        line.visitors, line.first_choice_seats = row["n_visitors"], row["first"]
        line.seats, line.won = row["people"] or 0, row["n_won"]
    totals = entries.aggregate(visitors=Count("visitor", distinct=True), choices=Count("pk"))
    ordered = sorted(lines.values(), key=lambda line: (-(line.oversubscription or 0), line.title))
    return ordered, totals


# ---------------------------------------------------------------- qualified list and calls


def qualified_list_figures() -> list[dict]:
    """Per kind of the qualified list: listed today, waiting for verification, expired,
    rejected."""
    today = timezone.localdate()
    approved = Q(state=Entry.State.APPROVED)
    rows = {
        row["kind"]: row
        for row in Entry.objects.values("kind")
        .annotate(
            listed=Count("pk", filter=approved & Q(valid_from__lte=today, expires_on__gte=today)),
            pending=Count("pk", filter=Q(state=Entry.State.SUBMITTED)),
            expired=Count("pk", filter=approved & Q(expires_on__lt=today)),
            rejected=Count("pk", filter=Q(state=Entry.State.REJECTED)),
        )
        .order_by()
    }
    empty = {"listed": 0, "pending": 0, "expired": 0, "rejected": 0}
    return [{"kind": str(kind.label), **(rows.get(kind.value) or empty)} for kind in Entry.Kind]


def call_figures() -> list[dict]:
    """Each published call with its applications (submitted, admissible, awarded)."""
    state = CallApplication.State
    sent = ~Q(applications__state=state.DRAFT)
    return list(
        Call.objects.exclude(status=Call.Status.DRAFT)
        .annotate(
            submitted=Count("applications", filter=sent),
            admissible=Count(
                "applications",
                filter=Q(
                    applications__state__in=[
                        state.ADMISSIBLE,
                        state.AWARDED,
                        state.NOT_AWARDED,
                    ]
                ),
            ),
            awarded=Count("applications", filter=Q(applications__state=state.AWARDED)),
        )
        .values("title_it", "kind", "status", "closes_at", "submitted", "admissible", "awarded")
        .order_by("-closes_at", "title_it")
    )


# ---------------------------------------------------------------- public numbers


@dataclass
class EditionNumbers:
    year: int
    title: str
    hosts: int
    activities: int
    slots: int
    capacity: int
    visitors: int
    visitors_basis: str  # "checked_in" or "booked"
    is_over: bool
    walk_ins: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)


def published_editions() -> QuerySet[Edition]:
    """The editions whose numbers are public: those whose programme is out, from
    the moment visitors may book (an edition staff are still preparing, with its
    call for hosts or review under way, has no numbers to show)."""
    return Edition.objects.filter(registration_opens__lte=timezone.now())


def public_numbers(edition_ids: Iterable[int] | None = None) -> list[EditionNumbers]:
    """Each published edition's numbers for the public page, the most recent
    first: a fixed number of queries for any number of editions.

    Visitors: after the event, the people admitted at the door plus walk-ins
    ("visitatori"); before it, or where the door was not recorded, the seats of
    confirmed bookings ("visitatori con prenotazione"), walk-ins apart."""
    editions = list(published_editions().filter(_editions_q("pk", edition_ids)).order_by("-year"))
    ids = [edition.pk for edition in editions]
    no_filters = Filters()
    cube = programme_cube(ids, no_filters)
    per_edition = rollup(cube, by=lambda key: key[0])
    per_kind = rollup(cube, by=lambda key: (key[0], key[1]))
    host_counts = dict(
        Application.objects.filter(edition__in=ids, state=ACCEPTED)
        .values_list("edition_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    today = timezone.localdate()
    numbers = []
    for edition in editions:
        measures = per_edition.get(edition.pk, Measures())
        is_over = edition.event_end < today
        if is_over and measures.checked_in_people:
            visitors, basis = measures.checked_in_people + measures.walk_ins, "checked_in"
        else:
            visitors, basis = measures.seats, "booked"
        numbers.append(
            EditionNumbers(
                year=edition.year,
                title=edition.title,
                hosts=host_counts.get(edition.pk, 0),
                activities=measures.activities,
                slots=measures.slots,
                capacity=measures.capacity,
                visitors=visitors,
                visitors_basis=basis,
                is_over=is_over,
                walk_ins=measures.walk_ins,
                by_kind=[
                    (str(kind.label), per_kind[edition.pk, kind.value].activities)
                    for kind in ActivityKind
                    if per_kind.get((edition.pk, kind.value), Measures()).activities
                ],
            )
        )
    return numbers


# ---------------------------------------------------------------- cache


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept for INSIGHTS_CACHE_SECONDS under `key` and the language."""
    seconds = settings.INSIGHTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    full_key = f"insights:{key}:{get_language()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, seconds)
    return value
