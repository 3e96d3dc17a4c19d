"""Visitors: per edition, the waiting-list demand left unplaced, where they
live, their ages, and the seats booked per Municipio."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Min, OuterRef, Sum
from django.utils.translation import gettext as _

from manifatture.bookings.models import Booking, VisitorProfile, WaitingListEntry
from manifatture.directory.models import MILANO_ISTAT_CODE

from .filters import CONFIRMED, PUBLISHED, UNPLACED_WAITING, Filters, _editions_q, municipio_label


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
