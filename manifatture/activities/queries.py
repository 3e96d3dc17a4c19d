"""Reads of the programme: the access helper for activities, the public
programme with its filters, the map data and the routes."""

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import (
    Case,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.directory.models import (
    MILANO_ISTAT_CODE,
    Membership,
    Municipio,
    Nil,
    Organisation,
    Photo,
)
from manifatture.directory.services import nil_at
from manifatture.editions.models import Edition
from manifatture.editions.queries import current_edition_or_none
from manifatture.participations.queries import organisation_can_manage_programme

from .forms import ACCESS_FEATURES, ACTIVITY_ACCESS_FEATURES, ProgrammeFilterForm
from .models import (
    Activity,
    HubVenue,
    ProgrammeChange,
    ProgrammeVersion,
    ReleaseWave,
    Route,
    RouteStop,
    TimeSlot,
)

# Access ---------------------------------------------------------------------------


def may_manage_programme(user: User, activity: Activity, *, change: bool = False) -> bool:
    """Whether `user` manages `activity`: city staff any; a member of its organisation
    its own. With `change` (editing it, adding or moving slots) a member also needs the
    organisation to be an accepted host of the activity's edition, as to create one:
    after a withdrawal only cancelling and the door remain."""
    if not user.is_authenticated:
        return False
    if user.is_city_staff:
        return True
    if not Membership.objects.filter(user=user, organisation_id=activity.organisation_id).exists():
        return False
    return not change or organisation_can_manage_programme(activity.organisation, activity.edition)


def get_activity_for_user(user: User, pk: int, *, change: bool = False) -> Activity:
    """The activity `pk` if `user` manages it (`may_manage_programme`, with `change`
    to edit it). 404 if it doesn't exist, 403 if not allowed."""
    activity = get_object_or_404(
        Activity.objects.select_related("organisation", "edition", "site__comune"), pk=pk
    )
    if not may_manage_programme(user, activity, change=change):
        raise PermissionDenied
    return activity


def get_slot_for_user(user: User, pk: int, *, change: bool = False) -> TimeSlot:
    """The slot `pk` if `user` manages its activity (same rule): for the slot pages,
    cancelling it, the door and who booked. 404 if it doesn't exist, 403 if not allowed."""
    slot = get_object_or_404(
        TimeSlot.objects.select_related(
            "activity__organisation", "activity__edition", "activity__site__comune", "room"
        ),
        pk=pk,
    )
    if not may_manage_programme(user, slot.activity, change=change):
        raise PermissionDenied
    return slot


def activities_of(organisation: Organisation, edition: Edition) -> QuerySet[Activity]:
    """An organisation's activities in an edition, for its own management page."""
    return (
        Activity.objects.filter(organisation=organisation, edition=edition)
        .select_related("site")
        .prefetch_related(_slots_prefetch())
        .order_by("status", "title_it")
    )


def edition_activities(edition: Edition) -> QuerySet[Activity]:
    """Every activity of an edition, for city staff."""
    return (
        Activity.objects.filter(edition=edition)
        .select_related("organisation", "site")
        .order_by("organisation__name", "title_it")
    )


def slots_of(activity: Activity) -> QuerySet[TimeSlot]:
    return activity.slots.select_related("room").order_by("starts_at", "pk")


# The public programme ----------------------------------------------------------------


def published_activities(edition: Edition) -> QuerySet[Activity]:
    return Activity.objects.filter(edition=edition, status=Activity.Status.PUBLISHED)


# Waves of places -------------------------------------------------------------------


def waves_for(activity: Activity) -> QuerySet[ReleaseWave]:
    """The waves that release the activity's places: its own, or else the
    edition's (those with no activity)."""
    own = ReleaseWave.objects.filter(activity_id=activity.pk)
    if own.exists():
        return own.order_by("opens_at", "pk")
    return ReleaseWave.objects.filter(
        edition_id=activity.edition_id, activity__isnull=True
    ).order_by("opens_at", "pk")


def released_percent(activity: Activity) -> int:
    """The share of the activity's places released so far (100 without waves):
    what its slots' `released_percent` holds."""
    waves = list(waves_for(activity).values_list("share_percent", "released_at"))
    if not waves:
        return 100
    return min(100, sum(share for share, released_at in waves if released_at is not None))


def next_release(activity: Activity) -> ReleaseWave | None:
    """The activity's next wave still to be released, for "altri posti dal ..."."""
    return waves_for(activity).filter(released_at__isnull=True).first()


def _next_release_at():
    """`next_release`'s moment in SQL, for the programme's cards."""
    own = ReleaseWave.objects.filter(activity=OuterRef("pk"))
    own_next = own.filter(released_at__isnull=True).order_by("opens_at").values("opens_at")
    edition_next = (
        ReleaseWave.objects.filter(
            edition=OuterRef("edition"), activity__isnull=True, released_at__isnull=True
        )
        .order_by("opens_at")
        .values("opens_at")
    )
    return Case(When(Exists(own), then=Subquery(own_next[:1])), default=Subquery(edition_next[:1]))


def _slots_prefetch(*, upcoming: bool = False) -> Prefetch:
    slots = (_upcoming_slots() if upcoming else TimeSlot.objects).select_related("room")
    slots = slots.order_by("starts_at", "pk")
    return Prefetch("slots", queryset=slots, to_attr="slot_list")


def _places_left_total() -> Subquery:
    """Places left for visitors on the activity's upcoming, not cancelled slots."""
    slots = (
        _upcoming_slots()
        .filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=Sum(TimeSlot.places_left_expression()))
        .values("total")
    )
    return Subquery(slots[:1])


# Start hours (local time) of the times of day: morning before 13:00,
# afternoon 13:00-18:00, evening from 18:00.
TIME_OF_DAY_HOURS = {"morning": (None, 13), "afternoon": (13, 18), "evening": (18, None)}


def _at_hub(**venue_lookup) -> Q:
    return Q(site__isnull=True, **{f"edition__hub_venue__{k}": v for k, v in venue_lookup.items()})


def filter_programme(
    edition: Edition, params: Mapping[str, Any] | ProgrammeFilterForm
) -> QuerySet[Activity]:
    """The edition's published activities that match the filters in `params`
    (the query string, or a ProgrammeFilterForm already bound to it). Values
    that don't validate are ignored; the form shows them as errors.

    Hub activities (no site) are placed at the hub for the area and
    accessibility filters: the hub is in the comune of Milano, in the
    Municipio of its HubVenue, and has the HubVenue's accessibility. Without a
    HubVenue they match the comune of Milano but no Municipio and no
    accessibility feature, since nothing is known about the place.
    """
    form = params if isinstance(params, ProgrammeFilterForm) else None
    if form is None:
        form = ProgrammeFilterForm(params, edition=edition)
    form.is_valid()
    data = form.cleaned_data
    activities = published_activities(edition)

    slots = TimeSlot.objects.filter(activity=OuterRef("pk"))
    if day := data.get("day"):
        slots = slots.filter(starts_at__date=day)
    if time := data.get("time"):
        after, before = TIME_OF_DAY_HOURS[time]
        if after is not None:
            slots = slots.filter(starts_at__hour__gte=after)
        if before is not None:
            slots = slots.filter(starts_at__hour__lt=before)
    if day or time:
        # One slot must match both the day and the time of day.
        activities = activities.filter(Exists(slots))

    if category := data.get("category"):
        activities = activities.filter(organisation__category=category)
    if kind := data.get("kind"):
        activities = activities.filter(kind=kind)
    if area := data.get("area"):
        if area.startswith("m"):
            number = int(area[1:])
            activities = activities.filter(Q(site__municipio=number) | _at_hub(municipio=number))
        else:
            code = area[1:]
            in_comune = Q(site__comune_id=code)
            if code == MILANO_ISTAT_CODE:
                in_comune |= Q(site__isnull=True)
            activities = activities.filter(in_comune)
    for feature in data.get("access") or []:
        # Each ticked feature is required: the activity's own, or its place's.
        if feature in ACTIVITY_ACCESS_FEATURES:
            activities = activities.filter(**{feature: True})
        else:
            activities = activities.filter(
                Q(**{f"site__{feature}": True}) | _at_hub(**{feature: True})
            )
    if language := data.get("language"):
        activities = activities.filter(languages__code=language)
    if audience := data.get("audience"):
        # "Open to all" activities suit every audience.
        if audience == Activity.Audience.ALL:
            activities = activities.filter(audience=audience)
        else:
            activities = activities.filter(audience__in=[audience, Activity.Audience.ALL])
    if text := (data.get("q") or "").strip():
        activities = activities.filter(
            Q(title_it__icontains=text)
            | Q(title_en__icontains=text)
            | Q(description_it__icontains=text)
            | Q(description_en__icontains=text)
            | Q(organisation__name__icontains=text)
        )
    return activities


def access_offered(activity: Activity, venue: HubVenue | None) -> list[str]:
    """The access features (ACCESS_FEATURES) the activity offers: the place's (its
    site, or the hub's `venue`) and its own; what `filter_programme` matches, for
    a page that flags visits against a visitor's needs without asking the server."""
    place = activity.site if activity.site_id else venue
    return [
        feature
        for feature, _label in ACCESS_FEATURES
        if getattr(activity if feature in ACTIVITY_ACCESS_FEATURES else place, feature, False)
    ]


# A programme card says "Ultimi posti" from this many places left down.
FEW_PLACES_LEFT = 5


def _upcoming_slots() -> QuerySet[TimeSlot]:
    """Slots not over yet and not cancelled: what a programme card offers."""
    return TimeSlot.objects.filter(ends_at__gt=timezone.now(), cancelled_at__isnull=True)


def with_programme_details(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """What a programme card shows, in a fixed number of queries: organisation,
    site and comune joined; languages, the organisation's photos (as
    `photo_list`) and upcoming slots prefetched (as `slot_list`, the first is
    the next one); `places_left_total` for visitors on those slots. Ordered by
    the date and time of the next slot (activities with none left come last),
    then title."""
    next_start = (
        _upcoming_slots().filter(activity=OuterRef("pk")).order_by("starts_at").values("starts_at")
    )
    photos = Prefetch(
        "organisation__photos",
        queryset=Photo.objects.order_by("uploaded_at", "pk"),
        to_attr="photo_list",
    )
    return (
        activities.select_related("organisation", "site__comune")
        .prefetch_related("languages", photos, _slots_prefetch(upcoming=True))
        .annotate(
            next_start=Subquery(next_start[:1]),
            places_left_total=_places_left_total(),
            next_release_at=_next_release_at(),
        )
        .order_by(F("next_start").asc(nulls_last=True), "title_it", "pk")
    )


def get_public_activity(pk: int) -> Activity:
    """An activity for its public page, cancelled ones included (shown as such);
    a draft is not public."""
    return get_object_or_404(
        Activity.objects.exclude(status=Activity.Status.DRAFT)
        .select_related("organisation", "edition", "site__comune")
        .prefetch_related("languages", _slots_prefetch()),
        pk=pk,
    )


def hub_venue_of(edition: Edition) -> HubVenue | None:
    return HubVenue.objects.filter(edition=edition).first()


# The map ---------------------------------------------------------------------------


@dataclass
class MapPlace:
    """One marker on the map: a host's site, or the hub, with its activities."""

    key: str
    name: str
    address: str
    comune: str
    latitude: float
    longitude: float
    organisation: Organisation | None = None
    activities: list[Activity] = field(default_factory=list)

    @property
    def at_hub(self) -> bool:
        return self.organisation is None


def map_places(edition: Edition, params: Mapping[str, Any] | ProgrammeFilterForm) -> list[MapPlace]:
    """The places of the edition's published activities that match the
    programme filters: one per site, plus the hub if it is on the map."""
    activities = (
        filter_programme(edition, params)
        .select_related("organisation", "site__comune")
        .order_by("organisation__name", "site_id", "title_it", "pk")
    )
    venue = hub_venue_of(edition)
    places: dict[str, MapPlace] = {}
    for activity in activities:
        site = activity.site
        if site is None:
            if venue is None:
                continue
            place = places.get("hub") or MapPlace(
                key="hub",
                name=edition.hub_name or _("Hub centrale"),
                address=edition.hub_address,
                comune="Milano",
                latitude=float(venue.latitude),
                longitude=float(venue.longitude),
            )
        else:
            place = places.get(f"site-{site.pk}") or MapPlace(
                key=f"site-{site.pk}",
                name=site.name,
                address=site.address,
                comune=site.comune.name,
                latitude=float(site.latitude),
                longitude=float(site.longitude),
                organisation=activity.organisation,
            )
        place.activities.append(activity)
        places[place.key] = place
    # The hub first (it gathers many hosts), then sites by organisation.
    return sorted(
        places.values(), key=lambda p: (not p.at_hub, p.organisation.name if p.organisation else "")
    )


def map_geojson(places: list[MapPlace]) -> dict:
    """A GeoJSON FeatureCollection of the places, one Point feature each."""
    features = []
    for place in places:
        organisation = place.organisation
        features.append(
            {
                "type": "Feature",
                "id": place.key,
                "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                "properties": {
                    "name": place.name,
                    "address": place.address,
                    "comune": place.comune,
                    "at_hub": place.at_hub,
                    "organisation": organisation.name if organisation else None,
                    "organisation_url": organisation.get_absolute_url() if organisation else None,
                    "category": organisation.category if organisation else None,
                    "category_label": (
                        organisation.get_category_display() if organisation else _("Hub centrale")
                    ),
                    "activities": [
                        {
                            "title": activity.title,
                            "kind": activity.get_kind_display(),
                            "url": activity.get_absolute_url(),
                            "organisation": activity.organisation.name,
                        }
                        for activity in place.activities
                    ],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


MUNICIPI_CACHE_KEY = "activities:municipi-geojson:v2"
MUNICIPI_CACHE_SECONDS = 24 * 3600
# About 10 m at Milan's latitude: outlines stay faithful at city zoom, and the
# payload is a fraction of the official file's.
MUNICIPI_TOLERANCE_DEGREES = 0.0001


def _simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker simplification of a line of [lon, lat] points."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first][:2], points[last][:2]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            x, y = points[i][:2]
            if length:
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [[round(p[0], 6), round(p[1], 6)] for p, kept in zip(points, keep, strict=True) if kept]


def _signed_area(ring: list) -> float:
    """Twice the ring's area, positive when it turns counterclockwise (shoelace)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring))


def _right_hand(rings: list) -> list:
    """RFC 7946 3.1.6: the exterior ring counterclockwise, holes clockwise (the
    official file has them the other way round)."""
    return [
        ring if (_signed_area(ring) > 0) == (index == 0) else ring[::-1]
        for index, ring in enumerate(rings)
    ]


def _simplify_geometry(geometry: dict) -> dict:
    def polygon(rings):
        simplified = [_simplify(ring, MUNICIPI_TOLERANCE_DEGREES) for ring in rings]
        return _right_hand([ring for ring in simplified if len(ring) >= 4])

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    return {
        "type": "MultiPolygon",
        "coordinates": [polygon(p) for p in geometry["coordinates"]],
    }


def municipi_geojson() -> dict:
    """The outlines of Milan's Municipi, simplified, as a FeatureCollection.
    Cached: the boundaries change once in years (reloading them takes effect
    within a day, or at once after clearing the cache)."""

    def build() -> dict:
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": municipio.number,
                    "geometry": _simplify_geometry(municipio.geometry),
                    "properties": {"number": municipio.number, "name": str(municipio)},
                }
                for municipio in Municipio.objects.order_by("number")
            ],
        }

    municipi = cache.get_or_set(MUNICIPI_CACHE_KEY, build, MUNICIPI_CACHE_SECONDS)
    assert municipi is not None  # build() when not cached
    return municipi


def outlines_around(place) -> dict:
    """The outlines of the Municipio and the NIL (neighbourhood) a place is in, for
    an activity's small map: a host's site knows both; the hub's venue knows its
    Municipio, and its NIL is found from its point. Empty outside Milan."""
    municipio_id = getattr(place, "municipio_id", None)
    nil_id = getattr(place, "nil_id", None)
    if nil_id is None and municipio_id is not None:
        nil = nil_at(place.latitude, place.longitude)
        nil_id = nil.pk if nil else None
    features = []
    if municipio_id is not None:
        municipio = Municipio.objects.only("number", "geometry").get(pk=municipio_id)
        features.append(
            {
                "type": "Feature",
                "geometry": _simplify_geometry(municipio.geometry),
                "properties": {"kind": "municipio", "name": str(municipio)},
            }
        )
    if nil_id is not None:
        nil = Nil.objects.only("id", "name", "geometry").get(pk=nil_id)
        features.append(
            {
                "type": "Feature",
                "geometry": _simplify_geometry(nil.geometry),
                "properties": {"kind": "nil", "name": nil.name},
            }
        )
    return {"type": "FeatureCollection", "features": features}


# Routes -------------------------------------------------------------------------------


def routes_of(edition: Edition) -> QuerySet[Route]:
    return (
        Route.objects.filter(edition=edition)
        .select_related("edition")
        .prefetch_related(
            Prefetch(
                "stops",
                queryset=RouteStop.objects.filter(activity__status=Activity.Status.PUBLISHED)
                .select_related("activity__organisation")
                .order_by("position", "pk"),
                to_attr="public_stops",
            )
        )
    )


def get_public_route(year: int, slug: str) -> Route:
    return get_object_or_404(Route.objects.select_related("edition"), edition__year=year, slug=slug)


def stops_of(route: Route, *, public: bool = True) -> QuerySet[RouteStop]:
    """The route's stops in order with what their page shows; the public sees
    only published activities."""
    stops = route.stops.select_related("activity__organisation", "activity__site__comune")
    if public:
        stops = stops.filter(activity__status=Activity.Status.PUBLISHED)
    return stops.order_by("position", "pk")


def routes_including(activity: Activity) -> QuerySet[Route]:
    return Route.objects.filter(stops__activity=activity).select_related("edition").distinct()


# The programme page's cache -----------------------------------------------------------

# How long a rendered programme is kept at most: what the version below does not
# follow (the names of comuni and of languages) shows within this.
PROGRAMME_CACHE_SECONDS = 60


def current_programme() -> tuple[Edition | None, str]:
    """The current edition and the version under which its programme is kept in
    the cache, in one small query: the count of committed changes to what the
    page shows (ProgrammeVersion, kept by the database's triggers in each writer's
    transaction, the edition's own row included), and the next moment one of the
    edition's slots starts or ends (when the cards' next slot changes by itself).
    The edition and that moment are read once per version and kept in the cache.
    A booking, a cancellation, an edit or a released wave gives a new version at
    the very next request: the cached cards never show stale seats.

    Read where the page's rows are read (the replica, for anonymous visitors, when
    there is one), and before them: a page is never older than its version."""
    using = router.db_for_read(ProgrammeVersion)
    with connections[using].cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        epoch, changes = cursor.fetchone()
    key = f"programme-state:{epoch}:{changes}"
    state = cache.get(key)
    if state is None or state[1] <= timezone.now().timestamp():
        edition = current_edition_or_none()
        state = (edition, _next_slot_change(edition, using))
        cache.set(key, state, PROGRAMME_CACHE_SECONDS)
    edition, moment = state
    return edition, f"{epoch}:{changes}:{moment}"


_VERSION_SQL = f"""
    SELECT (SELECT epoch FROM {ProgrammeVersion._meta.db_table} WHERE id = 1),
           coalesce((SELECT compacted FROM {ProgrammeVersion._meta.db_table} WHERE id = 1), 0)
           + (SELECT count(*) FROM {ProgrammeChange._meta.db_table})
"""


def _next_slot_change(edition: Edition | None, using: str) -> float:
    """The next moment (a timestamp) one of the edition's slots starts or ends;
    infinity if none is ahead."""
    if edition is None:
        return math.inf
    at = timezone.now()
    moments = (
        TimeSlot.objects.using(using)
        .filter(activity__edition=edition)
        .aggregate(
            starts=Min("starts_at", filter=Q(starts_at__gt=at)),
            ends=Min("ends_at", filter=Q(ends_at__gt=at)),
        )
    )
    return min(
        (when.timestamp() for when in moments.values() if when is not None), default=math.inf
    )
