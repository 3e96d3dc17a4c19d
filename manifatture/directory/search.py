"""Reads for the directory search and map, fast at national scale (400,000 actors:
`make bench-directory`): search reads the ids of up to 1,001 matches from narrow
partial indexes and orders a page among them, or walks an index in the page's
order when there are more (`search_results`); the map's zoomed-out grid is cached
under the map's version.

Full text: the stored `search_vector` column (migration 0004, Italian configuration,
GIN index) matched with websearch syntax and ranked.

Filters on places (NIL, Municipio, comune, periphery) hold for one and the same
site; only `Organisation.objects.listed()` is shown: approved by staff, not
archived (stale or closed).
"""

import dataclasses
import datetime
import functools
import hashlib
from dataclasses import dataclass
from typing import TypedDict

import ateco
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    Case,
    Expression,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Round, Substr
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from .models import Capability, MapVersion, Nil, Organisation, Site

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


class PlaceKeysColumn(Expression):
    """The `place_keys` column of the organisation table (migration 0014): the
    places of its sites as keys, kept by the database (`place_keys`)."""

    output_field = ArrayField(TextField())

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name(alias)}.place_keys", []


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


# Filters ------------------------------------------------------------------------------


def site_condition(filters: Filters, *, prefix: str = "") -> Q:
    """The conditions on one site (as seen from Site; `prefix="sites__"`: from
    Organisation, on the site of the same join)."""
    condition = Q()
    if filters.nil_id:
        condition &= Q(**{f"{prefix}nil_id": filters.nil_id})
    if filters.municipio_id:
        condition &= Q(**{f"{prefix}municipio_id": filters.municipio_id})
    if filters.comune_id:
        condition &= Q(**{f"{prefix}comune_id": filters.comune_id})
    if filters.periphery:
        # The periphery's NIL by their ids, read first from the small NIL table: the
        # planner then knows from the sites' statistics how many sites they hold
        # (joined to the NIL table, it guessed twenty times too many, and read
        # every site).
        periphery = list(Nil.objects.filter(is_periphery=True).values_list("pk", flat=True))
        condition &= Q(**{f"{prefix}nil_id__in": periphery})
    return condition


def place_keys(filters: Filters) -> list[str]:
    """The keys (migration 0014: «c» comune, «m» Municipio, «n» NIL, «p» periphery,
    then its code) that every organisation with a site matching the place filters
    holds: a first sieve the text index can be intersected with, not the rule
    itself (the keys may come from different sites: `site_condition` decides)."""
    keys = []
    if filters.comune_id:
        keys.append(f"c{filters.comune_id}")
    if filters.municipio_id:
        keys.append(f"m{filters.municipio_id}")
    if filters.nil_id:
        keys.append(f"n{filters.nil_id}")
    if filters.periphery:
        keys.append("p")
    return keys


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


# A broad search at national scale matches hundreds of thousands of actors: counting
# every one costs more than finding the page, and nobody reads that far. So the
# matches are counted up to this many (or to the page asked for, if further): past
# it, the page says «più di 1.000 realtà trovate», as web search engines do, and
# still links to the next page. Ranking by relevance reads the text of every match
# (a random read of the wide organisation table each): words matching up to this
# many actors are ranked; more, and they are listed by name, which an index gives
# in order, and the page says so.
SEARCH_COUNT_LIMIT = 1000
# A page of many matches is found by walking the listed organisations in order of
# name up to this many of them (a few milliseconds); past it, by sorting every match.
SEARCH_WALK_LIMIT = 40_000
SEARCH_WALK_CACHE_SECONDS = 3600


def _walk_window_end(division: str) -> tuple[str, int] | None:
    """(name, id) of the SEARCH_WALK_LIMIT-th listed organisation in order of name
    (of the ATECO division, if one is given: an index walks each division by name),
    or None if there are fewer: where the walk for a page stops. Reading it costs
    as much as a walk, so it is kept in the cache for a while: a bound a little
    old bounds the walk as well, and the page is the same."""
    key = f"directory-search-walk-end:{SEARCH_WALK_LIMIT}:{division}"
    end = cache.get(key)
    if end is None:
        walked = Organisation.objects.listed()
        if division:
            walked = walked.alias(division=Substr("ateco_code", 1, 2)).filter(division=division)
        end = list(
            walked.order_by("name", "pk").values_list("name", "pk")[
                SEARCH_WALK_LIMIT : SEARCH_WALK_LIMIT + 1
            ]
        )
        cache.set(key, end, SEARCH_WALK_CACHE_SECONDS)
    return end[0] if end else None


class BoundedPaginator(Paginator):
    """A Paginator that reads the ids of the matches (`matches`, unordered) only up
    to `limit`: `exact` is False when there are more, and then `count` is limit +
    1, so that the last page counted links to the next one. A page's rows are found
    by their ids first (`object_list` ordered, then only `pk` read: a narrow index
    suffices), then read whole with `details(ids)`, in the same order. `division`:
    the ATECO division filtered on, if any (`_walk_window_end`). `ranked`: whether
    the order is by relevance, `text_by_name`: text matches too many to rank, in
    order of name (both set by `search_results`)."""

    def __init__(
        self, object_list, per_page, *, matches: QuerySet, limit: int, details, division: str
    ):
        super().__init__(object_list, per_page)
        self.matches = matches
        self.division = division
        self.limit = limit
        self.details = details
        self.ranked = self.text_by_name = False

    @functools.cached_property
    def match_ids(self) -> list[int]:
        return list(self.matches.values_list("pk", flat=True)[: self.limit + 1])

    @functools.cached_property
    def count(self) -> int:
        return len(self.match_ids)

    @property
    def exact(self) -> bool:
        return self.count <= self.limit

    def _page_by_walking(self, object_list) -> list[int] | None:
        """The ids of the page `object_list` (a slice of `self.object_list`), found
        by walking the listed organisations in order of name, but only among the
        first SEARCH_WALK_LIMIT of them; None if the page's matches are not all
        among those."""
        bottom, top = object_list.query.low_mark, object_list.query.high_mark
        # A queryset (search_results), typed by Paginator as any sequence.
        walked: QuerySet[Organisation] = self.object_list  # type: ignore[assignment]
        window_end = _walk_window_end(self.division)
        if window_end:
            name, pk = window_end
            walked = walked.filter(Q(name__lt=name) | Q(name=name, pk__lt=pk), name__lte=name)
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner takes words and ATECO filters as independent, and may
            # guess a few hundred matches of a hundred times more: it would read
            # every match from the table to sort them.
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            ids = list(walked.values_list("pk", flat=True)[bottom:top])
        return ids if len(ids) == top - bottom or not window_end else None

    def _get_page(self, object_list, number, paginator):
        ids = object_list.values("pk")
        if not self.exact:
            # More matches than were read: enough that walking an index in the
            # page's order usually finds the page's soon, unless the matches'
            # names come late (every «Mobilificio …» after some 200,000 other
            # actors at national scale). So the walk goes only so far; past it,
            # every match is read and sorted (the planner's choice).
            ids = self._page_by_walking(object_list)
            if ids is None:
                ids = list(object_list.values_list("pk", flat=True))
        # Paginator's hook for making a page (Django's docs), not in django-stubs.
        return super()._get_page(self.details(ids), number, paginator)  # type: ignore[misc]


def search_results(filters: Filters, page: str | None, *, per_page: int):
    """The page `page` (a number; anything else is the first, past the end the
    last) of the listed organisations matching the filters, with what a result
    row shows. Their ids are read up to SEARCH_COUNT_LIMIT, or up to the page asked
    for and one more: when that is all of them, the page is ordered among those
    ids alone; else by walking the listed organisations in order of name (the
    matches are many, so the first page's are found soon). Text matches are ranked
    by relevance when there are no more than SEARCH_COUNT_LIMIT of them
    (`page.paginator.ranked`), else listed by name like the others."""
    try:
        number = max(1, int(page or 1))
    except ValueError:
        number = 1
    text = filters.q.strip()
    matches = filter_organisations(filters, rank=False)

    def in_order(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if paginator.ranked:
            return _match_text(organisations, text, rank=True)
        return organisations.order_by("name", "pk")

    counted = matches.order_by()
    if text and filters.has_place:
        # Words and a place match thousands each across Italy, and a few hundred
        # together: the places' keys let the database intersect the two indexes
        # before reading rows (read one by one, the words' rows take 11,000 pages
        # of the table for «ceramica»).
        keys = Value(place_keys(filters), output_field=ArrayField(TextField()))
        counted = counted.filter(DataContains(PlaceKeysColumn(), keys))
    paginator: BoundedPaginator = BoundedPaginator(
        matches,
        per_page,
        matches=counted,
        limit=max(SEARCH_COUNT_LIMIT, number * per_page),
        details=lambda ids: with_listing_details(in_order(Organisation.objects.filter(pk__in=ids))),
        division=filters.division,
    )
    paginator.ranked = bool(text) and paginator.count <= SEARCH_COUNT_LIMIT
    paginator.text_by_name = bool(text) and not paginator.ranked
    if paginator.exact:
        paginator.object_list = in_order(
            Organisation.objects.listed().filter(pk__in=paginator.match_ids)
        )
    return paginator.get_page(page)


# Map ----------------------------------------------------------------------------------


def _kind_expression() -> Case:
    return Case(
        *[When(category=c, then=Value(k)) for c, k in KIND_OF_CATEGORY.items()],
        default=Value(OTHER_KIND),
        output_field=IntegerField(),
    )


def _organisations_with_sites(filters: Filters, view: "MapView | None" = None) -> QuerySet:
    """The listed organisations matching the filters, joined once to their sites that
    match the place filters (and lie in `view`): the map reads from the organisation
    side, so that one join gives both the rule of who is listed and the kind of marker."""
    where = site_condition(filters, prefix="sites__") & Q(sites__isnull=False)
    if view is not None:
        where &= _site_in_view(view, prefix="sites__")
    return filter_organisations(filters, rank=False, places=False).filter(where).order_by()


def map_sites(filters: Filters, view: "MapView | None" = None) -> QuerySet:
    """The listed sites matching the filters (and in `view`), as (id, lat, lon, kind)
    rows, the coordinates in units of 1/MAP_SCALE degree."""
    return (
        _organisations_with_sites(filters, view)
        .annotate(
            point_id=F("sites__id"),
            lat=Cast(Round(F("sites__latitude") * MAP_SCALE), IntegerField()),
            lon=Cast(Round(F("sites__longitude") * MAP_SCALE), IntegerField()),
            kind=_kind_expression(),
        )
        .values_list("point_id", "lat", "lon", "kind")
    )


def map_points_json(filters: Filters, view: "MapView | None" = None) -> str:
    """The points as a compact JSON array, [[site id, lat, lon, kind], ...] with the
    coordinates in units of 1/MAP_SCALE degree: about 25 bytes a point, gzip-friendly, so that 40,000 points load in one request (the
    popup text is fetched on demand: `site_popup`). The database writes the JSON
    text itself, which is several times faster than building it row by row here."""
    sql, params = map_sites(filters, view).query.sql_with_params()
    row = "concat('[', t.point_id, ',', t.lat, ',', t.lon, ',', t.kind, ']')"
    outer = f"SELECT '[' || coalesce(string_agg({row}, ','), '') || ']' FROM ({sql}) t"
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        return cursor.fetchone()[0]


class PopupMarks(TypedDict):
    qualified_until: datetime.date | None


def site_popup(pk: int) -> "WithAnnotations[Site, PopupMarks] | None":
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


# Map views: clusters computed here by zoom and bounding box --------------------------

# More sites than this in view, and the server groups them in a grid; fewer, and they
# travel one by one (the browser groups them as it zooms, without asking again).
MAP_POINT_LIMIT = 2000
# A grid cell is about 64 screen pixels wide at the view's zoom: 360° / 2^zoom is the
# width of the world in 256-pixel tiles. A cell is a little shorter than it is wide
# (Web Mercator stretches latitudes; 0.72 ≈ cos 44°, the middle of Italy), so clusters
# look square on the map. Cells are fixed on the globe: panning never moves them.
MAP_CELL_PIXELS = 64
MAP_CELL_ASPECT = 0.72
MAP_MAX_ZOOM = 19
# Up to this zoom (a cell of about 7 km), views are cut from the whole map's grid
# kept in the cache; past it, each view is counted in the database.
MAP_CACHED_ZOOM = 10
MAP_GRID_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class MapView:
    """What the map shows: south, west, north, east in degrees, and Leaflet's zoom."""

    south: float = -90.0
    west: float = -180.0
    north: float = 90.0
    east: float = 180.0
    zoom: int = 5

    def cell(self) -> tuple[int, int]:
        """(height, width) of a grid cell in units of 1/MAP_SCALE degree."""
        width = MAP_CELL_PIXELS * 360 / (256 * 2**self.zoom) * MAP_SCALE
        return max(1, round(width * MAP_CELL_ASPECT)), max(1, round(width))


def _site_in_view(view: MapView, *, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}latitude__gte": view.south,
            f"{prefix}latitude__lte": view.north,
            f"{prefix}longitude__gte": view.west,
            f"{prefix}longitude__lte": view.east,
        }
    )


def _grid(filters: Filters, view: MapView | None, zoom: int) -> list[tuple]:
    """The listed sites matching the filters (in `view`, or anywhere) counted in the
    cells of `zoom`'s grid: (count, mean lat, mean lon, site id, kind, cell row, cell
    column) per cell, the site id and kind being those of its site when a cell holds
    one."""
    sql, params = map_sites(filters, view).query.sql_with_params()
    cell_lat, cell_lon = MapView(zoom=zoom).cell()
    grouped = (
        "SELECT count(*), round(avg(t.lat))::int, round(avg(t.lon))::int,"
        " min(t.point_id), min(t.kind),"
        " floor(t.lat / %s::float8)::int, floor(t.lon / %s::float8)::int"
        f" FROM ({sql}) t GROUP BY 6, 7"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Hundreds of thousands of rows in a few thousand groups: a hash in memory,
        # not a sort on disk; and no JIT compilation, which costs more than it saves.
        cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
        cursor.execute(grouped, [cell_lat, cell_lon, *params])
        return cursor.fetchall()


def _map_state() -> tuple | None:
    """(epoch, version) of the map (MapVersion), under which what it shows is kept."""
    return MapVersion.objects.values_list("epoch", "version").first()


def _map_key(state: tuple, filters: Filters, *parts) -> str:
    capability = filters.capability.code if filters.capability else None
    described = repr((dataclasses.replace(filters, capability=None), capability))
    return ":".join(
        ["directory-map", *map(str, state), *map(str, parts)]
        + [hashlib.sha256(described.encode()).hexdigest()[:32]]
    )


def _world_grid(filters: Filters, zoom: int) -> list[tuple] | None:
    """`_grid` of every site, kept in the cache under the map's version (MapVersion,
    bumped by the database at every change of what the map shows): computed once per
    change, zoom and filters, then every view at that zoom is cut from it. None
    where it is not kept (the qualified filter depends on the day too)."""
    if filters.qualified:
        return None
    state = _map_state()
    if state is None:
        return None
    key = _map_key(state, filters, zoom)
    cells = cache.get(key)
    if cells is None:
        cells = [cell[:5] for cell in _grid(filters, None, zoom)]
        cache.set(key, cells, MAP_GRID_CACHE_SECONDS)
    return cells


def map_view_json(filters: Filters, view: MapView) -> tuple[str, int]:
    """The view's sites as JSON members `"total":…,"points":[…],"clusters":[…]` and
    their number. Up to MAP_POINT_LIMIT sites in view: every one, as
    `map_points_json` writes them, and no clusters. More: a grid by the view's zoom
    (`MapView.cell`); a cell holding one site is that site's point, the others are
    clusters `[lat, lon, count]` at the mean of their sites (so a cluster sits where
    its sites are, not at the middle of its cell).

    Zoomed out (up to MAP_CACHED_ZOOM) the grid of the whole map comes from the cache
    (`_world_grid`) and the view takes the cells whose sites' mean lies in it; zoomed
    in, the view's sites are counted in the database (an index on the coordinates
    reads only them)."""
    cells = _world_grid(filters, view.zoom) if view.zoom <= MAP_CACHED_ZOOM else None
    if cells is None:
        cells = [cell[:5] for cell in _grid(filters, view, view.zoom)]
    else:
        south, north = view.south * MAP_SCALE, view.north * MAP_SCALE
        west, east = view.west * MAP_SCALE, view.east * MAP_SCALE
        cells = [c for c in cells if south <= c[1] <= north and west <= c[2] <= east]
    total = sum(cell[0] for cell in cells)
    if total <= MAP_POINT_LIMIT and any(cell[0] > 1 for cell in cells):
        return f'"total":{total},"points":{map_points_json(filters, view)},"clusters":[]', total
    points = ",".join(f"[{c[3]},{c[1]},{c[2]},{c[4]}]" for c in cells if c[0] == 1)
    clusters = ",".join(f"[{c[1]},{c[2]},{c[0]}]" for c in cells if c[0] > 1)
    return f'"total":{total},"points":[{points}],"clusters":[{clusters}]', total


def map_bounds(filters: Filters) -> list[float] | None:
    """[south, west, north, east] of every site matching the filters, or None: where
    the map opens when filters are set. Kept in the cache under the map's version,
    as the grid's tiles are (not with the qualified filter, which depends on the day)."""
    state = None if filters.qualified else _map_state()
    key = state and _map_key(state, filters, "bounds")
    if key and (bounds := cache.get(key)) is not None:
        return bounds or None
    sites = _organisations_with_sites(filters).aggregate(
        south=Min("sites__latitude"),
        west=Min("sites__longitude"),
        north=Max("sites__latitude"),
        east=Max("sites__longitude"),
    )
    bounds = (
        []
        if sites["south"] is None
        else [float(sites[side]) for side in ("south", "west", "north", "east")]
    )
    if key:
        cache.set(key, bounds, MAP_GRID_CACHE_SECONDS)
    return bounds or None
