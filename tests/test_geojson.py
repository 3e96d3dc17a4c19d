"""Every GeoJSON the platform serves, against RFC 7946: a FeatureCollection of
Features with valid geometries, positions as [longitude, latitude] in range,
linear rings closed with at least four positions, and polygon rings that follow
the right-hand rule (3.1.6: exterior rings counterclockwise, holes clockwise).

The URLs are enumerated from the URL configuration (every route ending in
.geojson) and the open-data catalogue (every resource published as GeoJSON), so
a new GeoJSON endpoint is checked without being listed here."""

import io
import itertools

import pytest
from django.core.management import call_command
from django.urls import reverse

from manifatture.activities.tests.factories import ActivityFactory, HubVenueFactory
from manifatture.directory.tests.factories import SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.opendata.resources import RESOURCES
from manifatture.spaces.tests.factories import SpaceFactory
from tests.permissions.resolver import all_routes

pytestmark = pytest.mark.django_db

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def geojson_urls() -> list[str]:
    urls = []
    for route in all_routes():
        if route.pattern.endswith(".geojson") or route.pattern.endswith(".geojson$"):
            urls.append(reverse(route.name))  # no arguments: add them here when one needs some
    urls += [
        reverse("opendata:file", args=[name, "geojson"])
        for name, resource in RESOURCES.items()
        if resource.geo
    ]
    return urls


def twice_signed_area(ring: list) -> float:
    """Shoelace formula: positive for a counterclockwise ring (x east, y north)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring))


def check_position(position, where: str, problems: list[str]) -> None:
    if not (isinstance(position, list) and len(position) in (2, 3)):
        problems.append(f"{where}: position {position!r}")
        return
    lon, lat = position[:2]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        problems.append(f"{where}: [{lon}, {lat}] out of range (longitude first)")


def check_polygon(rings: list, where: str, problems: list[str]) -> int:
    for index, ring in enumerate(rings):
        label = f"{where} ring {index}"
        if len(ring) < 4 or ring[0] != ring[-1]:
            problems.append(f"{label}: not a closed linear ring of 4+ positions")
            continue
        for position in ring:
            check_position(position, label, problems)
        area = twice_signed_area(ring)
        if index == 0 and area <= 0:
            problems.append(f"{label}: exterior ring clockwise")
        if index > 0 and area >= 0:
            problems.append(f"{label}: hole counterclockwise")
    return len(rings)


def check_geometry(geometry: dict, where: str, problems: list[str]) -> int:
    """Problems found go to `problems`; returns how many polygon rings were checked."""
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        problems.append(f"{where}: geometry type {kind!r}")
        return 0
    if kind == "GeometryCollection":
        return sum(
            check_geometry(g, f"{where}[{i}]", problems)
            for i, g in enumerate(geometry["geometries"])
        )
    coordinates = geometry["coordinates"]
    if kind == "Point":
        check_position(coordinates, where, problems)
    elif kind in ("MultiPoint", "LineString"):
        for position in coordinates:
            check_position(position, where, problems)
    elif kind == "MultiLineString":
        for line in coordinates:
            for position in line:
                check_position(position, where, problems)
    elif kind == "Polygon":
        return check_polygon(coordinates, where, problems)
    elif kind == "MultiPolygon":
        return sum(
            check_polygon(polygon, f"{where} polygon {i}", problems)
            for i, polygon in enumerate(coordinates)
        )
    return 0


def check_collection(data: dict, url: str, problems: list[str]) -> int:
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        problems.append(f"{url}: not a FeatureCollection")
        return 0
    rings = 0
    for index, feature in enumerate(data["features"]):
        where = f"{url} feature {index}"
        if feature.get("type") != "Feature" or "properties" not in feature:
            problems.append(f"{where}: not a Feature with properties")
        if feature.get("geometry") is not None:
            rings += check_geometry(feature["geometry"], where, problems)
    return rings


@pytest.fixture
def places(db):
    """Something on every map: Milan's real Municipi, a host's site with an
    activity, the hub, a published space."""
    call_command("load_municipi", stdout=io.StringIO())
    edition = EditionFactory(year=2031, is_current=True)
    HubVenueFactory(edition=edition)
    ActivityFactory(edition=edition, site=SiteFactory())
    ActivityFactory(edition=edition, site=None, kind="talk")
    SpaceFactory()


def test_the_enumeration_finds_every_kind_of_geojson():
    urls = geojson_urls()
    for expected in (
        reverse("activities:map_data"),
        reverse("activities:municipi_data"),
        reverse("spaces:map_data"),
        reverse("opendata:file", args=["sites", "geojson"]),
    ):
        assert expected in urls


def test_every_geojson_follows_rfc_7946(client, places):
    problems: list[str] = []
    rings = 0
    for url in geojson_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/geo+json"), url
        data = response.json()
        assert data["features"], f"{url}: nothing to check"
        rings += check_collection(data, url, problems)
    assert not problems, "\n".join(problems)
    # The nine Municipi at least (a MultiPolygon counts each of its polygons).
    assert rings >= 9


def test_the_check_catches_a_clockwise_exterior_ring():
    clockwise = [[9.0, 45.0], [9.0, 45.1], [9.1, 45.1], [9.1, 45.0], [9.0, 45.0]]
    problems: list[str] = []
    check_geometry({"type": "Polygon", "coordinates": [clockwise]}, "x", problems)
    assert problems == ["x ring 0: exterior ring clockwise"]
    problems = []
    hole = clockwise[::-1]  # counterclockwise: wrong for a hole
    outer = [[8.9, 44.9], [9.2, 44.9], [9.2, 45.2], [8.9, 45.2], [8.9, 44.9]]
    check_geometry({"type": "Polygon", "coordinates": [outer, hole]}, "x", problems)
    assert problems == ["x ring 1: hole counterclockwise"]
