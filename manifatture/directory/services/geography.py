"""Where things are in Milan: the Municipio and the NIL (neighbourhood) that
contain a point, one at a time or many at once (`Locator`); the NIL loaded
from the Comune's file with the periphery marked, and every site placed."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from .. import conf, geo
from ..models import MILANO_ISTAT_CODE, Municipio, Nil, Site


def municipio_at(latitude: float | Decimal, longitude: float | Decimal) -> Municipio | None:
    """The Municipio of Milan containing the point, if any."""
    return Municipio.objects.containing(latitude, longitude)


def nil_at(latitude: float | Decimal, longitude: float | Decimal) -> Nil | None:
    """The NIL (neighbourhood) of Milan containing the point, if any."""
    return Nil.objects.containing(latitude, longitude)


class Locator:
    """Places many points at once in Milan's Municipi and NIL, with the boundaries
    loaded once and indexed (geo.PolygonIndex): 40,000 points take well under a second."""

    def __init__(self) -> None:
        self.municipi = geo.PolygonIndex(
            (m.number, m.geometry) for m in Municipio.objects.order_by("number")
        )
        self.nils = geo.PolygonIndex((n.id, n.geometry) for n in Nil.objects.order_by("id"))

    def municipio(self, latitude, longitude) -> int | None:
        return self.municipi.find(float(longitude), float(latitude))

    def nil(self, latitude, longitude) -> int | None:
        return self.nils.find(float(longitude), float(latitude))


def locate_sites() -> int:
    """Recompute the Municipio and NIL of every site in Milan (sites elsewhere have
    neither); returns how many got a Municipio. Sites are updated in groups that
    share both, a few dozen statements for tens of thousands of sites."""
    locator = Locator()
    located = 0
    moves: dict[tuple[int | None, int | None], list[int]] = defaultdict(list)
    with transaction.atomic():
        rows = Site.objects.values_list(
            "pk", "comune_id", "latitude", "longitude", "municipio_id", "nil_id"
        )
        for pk, comune_id, latitude, longitude, municipio_id, nil_id in rows.iterator(
            chunk_size=5000
        ):
            if comune_id == MILANO_ISTAT_CODE:
                place = (locator.municipio(latitude, longitude), locator.nil(latitude, longitude))
            else:
                place = (None, None)
            if place != (municipio_id, nil_id):
                moves[place].append(pk)
            located += place[0] is not None
        for (to_municipio, to_nil), pks in moves.items():
            for start in range(0, len(pks), 5000):
                Site.objects.filter(pk__in=pks[start : start + 5000]).update(
                    municipio_id=to_municipio, nil_id=to_nil
                )
    return located


def periphery_nil_ids(nils: list[Nil]) -> set[int]:
    """The NIL that count as periphery, by the rule in docs/periphery.md: the
    PERIPHERY_NIL_IDS setting when given, otherwise every NIL whose centroid lies
    farther than PERIPHERY_MIN_DISTANCE_KM from PERIPHERY_CENTRE (the Duomo)."""
    explicit = conf.periphery_nil_ids()
    if explicit is not None:
        return {int(n) for n in explicit}
    centre_lat, centre_lon = conf.periphery_centre()
    limit = conf.periphery_min_distance_km()
    return {
        nil.id
        for nil in nils
        if geo.distance_km(centre_lat, centre_lon, nil.centroid_latitude, nil.centroid_longitude)
        > limit
    }


def load_nils(features: list[dict]) -> list[Nil]:
    """Create or update the NIL from the Comune's GeoJSON features (ID_NIL, NIL),
    mark the periphery and place every site; one transaction."""
    nils = []
    for feature in features:
        properties, geometry = feature["properties"], feature["geometry"]
        min_lon, min_lat, max_lon, max_lat = geo.bbox(geometry)
        lon, lat = geo.centroid(geometry)
        nils.append(
            Nil(
                id=int(properties["ID_NIL"]),
                name=str(properties["NIL"]).strip(),
                geometry=geometry,
                min_latitude=min_lat,
                max_latitude=max_lat,
                min_longitude=min_lon,
                max_longitude=max_lon,
                centroid_latitude=lat,
                centroid_longitude=lon,
            )
        )
    periphery = periphery_nil_ids(nils)
    for nil in nils:
        nil.is_periphery = nil.id in periphery
    with transaction.atomic():
        Nil.objects.bulk_create(
            nils,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=[
                "name",
                "geometry",
                "min_latitude",
                "max_latitude",
                "min_longitude",
                "max_longitude",
                "centroid_latitude",
                "centroid_longitude",
                "is_periphery",
            ],
        )
        locate_sites()
    return nils
