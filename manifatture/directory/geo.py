"""Plain-Python geometry on WGS84 coordinates: enough to place a point in a
Municipio or NIL polygon and to measure distances across a city.

GeoJSON polygons are lists of rings of [longitude, latitude]; the first ring
is the outline, the others are holes.
"""

import math
from collections.abc import Iterable, Sequence

Ring = Sequence[Sequence[float]]


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geometry: dict) -> Iterable[Sequence[Ring]]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]
    else:
        raise ValueError(f"Not a polygon: {geometry['type']}")


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a Polygon or MultiPolygon."""
    xs, ys = [], []
    for polygon in _polygons(geometry):
        for x, y, *_ in polygon[0]:
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """Whether the point lies inside the Polygon or MultiPolygon."""
    for polygon in _polygons(geometry):
        outline, *holes = polygon
        if _in_ring(lon, lat, outline) and not any(_in_ring(lon, lat, h) for h in holes):
            return True
    return False


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
