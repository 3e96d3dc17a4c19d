"""Reads for the directory search and map, fast with tens of thousands of entries.

Full text: the stored `search_vector` column (migration 0004, Italian configuration,
GIN index) matched with websearch syntax and ranked.

Filters on places (NIL, Municipio, comune, periphery) hold for one and the same
site; only `Organisation.objects.listed()` is shown: approved by staff, not
archived (stale or closed).
"""

import datetime
import functools
from dataclasses import dataclass

import ateco
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Round, Substr
from django.utils import timezone

from .models import Capability, Organisation, Site

# The qualified list (albo) lives in the qualifications app, to the right of the
# directory: its rows are read through the reverse relation, never imported
# (docs/architecture.md). Same rule as qualifications.queries.current_entries.
ALBO_APPROVED = "approved"

# The map legend: Fablab, Innovation hub, Coworking, historic workshops, all others.
MAP_KINDS = ["F", "I", "C", "B", "A"]
KIND_OF_CATEGORY = {
    Organisation.Category.FABLAB: 0,
    Organisation.Category.INNOVATION_HUB: 1,
    Organisation.Category.COWORKING: 2,
    Organisation.Category.HISTORIC_SHOP: 3,
}
OTHER_KIND = 4
# Map coordinates travel as integers in units of 1/100,000 of a degree (about 1 m):
# shorter than decimals, and the database writes integers faster than floats.
MAP_SCALE = 100_000


@dataclass(frozen=True)
class Filters:
    q: str = ""
    category: str = ""
    section: str = ""
    division: str = ""
    capability: Capability | None = None
    nil_id: int | None = None
    municipio_id: int | None = None
    comune_id: str = ""
    periphery: bool = False
    qualified: bool = False

    @property
    def has_place(self) -> bool:
        return bool(self.nil_id or self.municipio_id or self.comune_id or self.periphery)


# ATECO sections and divisions ---------------------------------------------------------


@functools.cache
def ateco_sections() -> list[tuple[str, str]]:
    """(letter, title) of the ATECO 2025 sections."""
    sections = []
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        node = ateco.lookup(letter)
        if node is not None:
            sections.append((letter, node.title.capitalize()))
    return sections


@functools.cache
def ateco_divisions() -> list[tuple[str, str, str]]:
    """(division, section letter, title) of the ATECO 2025 divisions."""
    divisions = []
    for number in range(1, 100):
        node = ateco.lookup(f"{number:02d}")
        if node is not None:
            divisions.append((node.code, node.parent, node.title))
    return divisions


def divisions_of_section(letter: str) -> list[str]:
    return [code for code, section, _title in ateco_divisions() if section == letter]


# Full text ----------------------------------------------------------------------------


class SearchVectorColumn(Expression):
    """The `search_vector` column of the organisation table (PostgreSQL only), under
    whatever alias the query gives the table, also inside subqueries."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name(alias)}.search_vector", []


def _match_text(organisations: QuerySet[Organisation], text: str, *, rank: bool):
    query = SearchQuery(text, config="italian", search_type="websearch")
    organisations = organisations.annotate(search_vector=SearchVectorColumn()).filter(
        search_vector=query
    )
    if rank:
        organisations = organisations.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
            "-rank", "name", "pk"
        )
    return organisations
    for word in text.split():
        organisations = organisations.filter(
            Q(name__icontains=word)
            | Q(keywords__icontains=word)
            | Q(description_it__icontains=word)
            | Q(description_en__icontains=word)
            | Q(services_it__icontains=word)
            | Q(services_en__icontains=word)
        )
    return organisations


# Filters ------------------------------------------------------------------------------


def site_condition(filters: Filters) -> Q:
    """The conditions on one site (as seen from Site)."""
    condition = Q()
    if filters.nil_id:
        condition &= Q(nil_id=filters.nil_id)
    if filters.municipio_id:
        condition &= Q(municipio_id=filters.municipio_id)
    if filters.comune_id:
        condition &= Q(comune_id=filters.comune_id)
    if filters.periphery:
        condition &= Q(nil__is_periphery=True)
    return condition


def qualified_organisations(*, today: datetime.date | None = None) -> QuerySet[Organisation]:
    """Organisations with a current entry in the qualified list: approved, and today
    within its validity. Expired entries drop off by date, without any job."""
    today = today or timezone.localdate()
    return Organisation.objects.filter(
        albo_entries__state=ALBO_APPROVED,
        albo_entries__valid_from__lte=today,
        albo_entries__expires_on__gte=today,
    )


def filter_organisations(
    filters: Filters, *, rank: bool = True, places: bool = True
) -> QuerySet[Organisation]:
    """Listed (approved, not archived) organisations matching the filters; with `rank`, ordered
    by relevance when there is text, else by name. `places=False` leaves the place
    filters to the caller (the map applies them to each site)."""
    organisations = Organisation.objects.listed().order_by("name", "pk")
    if filters.category:
        organisations = organisations.filter(category=filters.category)
    if filters.division:
        organisations = organisations.alias(division=Substr("ateco_code", 1, 2)).filter(
            division=filters.division
        )
    elif filters.section:
        # A section is a run of consecutive divisions, so its codes are a range of
        # strings ("10" <= code < "34" for C): compared as they are, without
        # taking the substring of every code of the directory.
        divisions = divisions_of_section(filters.section)
        organisations = organisations.filter(
            ateco_code__gte=min(divisions), ateco_code__lt=f"{int(max(divisions)) + 1:02d}"
        )
    if filters.capability is not None:
        organisations = organisations.filter(
            pk__in=Organisation.capabilities.through.objects.filter(
                capability=filters.capability
            ).values("organisation_id")
        )
    if filters.qualified:
        organisations = organisations.filter(pk__in=qualified_organisations().values("pk"))
    if places and filters.has_place:
        # IN (subquery) rather than a correlated EXISTS: one pass over the NIL's
        # sites instead of one per organisation.
        organisations = organisations.filter(
            pk__in=Site.objects.filter(site_condition(filters)).values("organisation_id")
        )
    if filters.q.strip():
        organisations = _match_text(organisations, filters.q.strip(), rank=rank)
    return organisations


def with_listing_details(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a result row shows: sites with their places, capabilities, and the
    expiry of a current qualified-list entry (`qualified_until`, or None)."""
    today = timezone.localdate()
    current_entry = (
        qualified_organisations(today=today)
        .filter(pk=OuterRef("pk"))
        .order_by("-albo_entries__expires_on")
        .values("albo_entries__expires_on")[:1]
    )
    return organisations.annotate(qualified_until=Subquery(current_entry)).prefetch_related(
        Prefetch(
            "sites",
            queryset=Site.objects.with_places().order_by("name", "pk"),
        ),
        "capabilities",
    )


# Map ----------------------------------------------------------------------------------


def _kind_expression() -> Case:
    return Case(
        *[When(organisation__category=c, then=Value(k)) for c, k in KIND_OF_CATEGORY.items()],
        default=Value(OTHER_KIND),
        output_field=IntegerField(),
    )


def map_sites(filters: Filters) -> QuerySet[Site]:
    """The listed sites matching the filters, as (id, lat, lon, kind) rows."""
    sites = Site.objects.filter(site_condition(filters))
    organisation_filters = Filters(
        q=filters.q,
        category=filters.category,
        section=filters.section,
        division=filters.division,
        capability=filters.capability,
        qualified=filters.qualified,
    )
    if organisation_filters == Filters():
        sites = sites.filter(organisation__in=Organisation.objects.listed().values("pk"))
    else:
        sites = sites.filter(
            organisation__in=filter_organisations(organisation_filters, rank=False).values("pk")
        )
    return (
        sites.annotate(
            point_id=F("pk"),
            lat=Cast(Round(F("latitude") * MAP_SCALE), IntegerField()),
            lon=Cast(Round(F("longitude") * MAP_SCALE), IntegerField()),
            kind=_kind_expression(),
        )
        .order_by()
        .values_list("point_id", "lat", "lon", "kind")
    )


def map_points_json(filters: Filters) -> str:
    """The points as a compact JSON array, [[site id, lat, lon, kind], ...] with the
    coordinates in units of 1/MAP_SCALE degree: about 25 bytes a point, gzip-friendly, so that 40,000 points load in one request (the
    popup text is fetched on demand: `site_popup`). The database writes the JSON
    text itself, which is several times faster than building it row by row here."""
    sql, params = map_sites(filters).query.sql_with_params()
    row = "concat('[', t.point_id, ',', t.lat, ',', t.lon, ',', t.kind, ']')"
    outer = f"SELECT '[' || coalesce(string_agg({row}, ','), '') || ']' FROM ({sql}) t"
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        return cursor.fetchone()[0]


def site_popup(pk: int) -> Site | None:
    """A listed site with what its popup shows, in one query."""
    today = timezone.localdate()
    current_entry = (
        qualified_organisations(today=today)
        .filter(pk=OuterRef("organisation_id"))
        .order_by("-albo_entries__expires_on")
        .values("albo_entries__expires_on")[:1]
    )
    return (
        Site.objects.filter(pk=pk, organisation__in=Organisation.objects.listed().values("pk"))
        .with_places()
        .select_related("organisation")
        .annotate(qualified_until=Subquery(current_entry))
        .first()
    )
