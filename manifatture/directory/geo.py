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


def centroid(geometry: dict) -> tuple[float, float]:
    """(longitude, latitude) of the area centroid of the largest outline; for a
    city-sized polygon the flat-plane formula is accurate to a few metres."""
    best: tuple[float, float, float] | None = None
    for polygon in _polygons(geometry):
        ring = polygon[0]
        area = cx = cy = 0.0
        for i in range(len(ring) - 1):
            x0, y0 = ring[i][0], ring[i][1]
            x1, y1 = ring[i + 1][0], ring[i + 1][1]
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and (best is None or abs(area) > abs(best[0])):
            best = (area, cx / (3 * area), cy / (3 * area))
    if best is None:
        raise ValueError("Empty polygon")
    return best[1], best[2]


class PolygonIndex:
    """Finds which of many polygons contains a point, fast enough to place tens of
    thousands of points in pure Python.

    Two filters before any geometry: a coarse grid over the polygons' bounding boxes
    gives the two or three candidates near the point; each candidate keeps its edges
    bucketed by latitude band, so ray casting looks only at the few edges that cross
    the point's latitude. Rings are counted together (even-odd), which handles holes
    and multipolygons alike.
    """

    CELL = 0.01  # degrees, about 1 km: a few polygons per cell in a city

    def __init__(self, items: Iterable[tuple[object, dict]]):
        self._polygons: list[
            tuple[object, tuple[float, float, float, float], float, float, list]
        ] = []
        self._grid: dict[tuple[int, int], list[int]] = {}
        for key, geometry in items:
            min_x, min_y, max_x, max_y = bbox(geometry)
            edges = []
            for polygon in _polygons(geometry):
                for ring in polygon:
                    for i in range(len(ring)):
                        x0, y0 = ring[i - 1][0], ring[i - 1][1]
                        x1, y1 = ring[i][0], ring[i][1]
                        if y0 != y1:
                            edges.append((x0, y0, x1, y1))
            bands = max(1, len(edges) // 4)
            height = (max_y - min_y) / bands or 1.0
            buckets: list[list[tuple[float, float, float, float]]] = [[] for _ in range(bands)]
            for edge in edges:
                low, high = sorted((edge[1], edge[3]))
                first = max(0, int((low - min_y) / height))
                last = min(bands - 1, int((high - min_y) / height))
                for band in range(first, last + 1):
                    buckets[band].append(edge)
            index = len(self._polygons)
            self._polygons.append((key, (min_x, min_y, max_x, max_y), min_y, height, buckets))
            for gx in range(int(min_x // self.CELL), int(max_x // self.CELL) + 1):
                for gy in range(int(min_y // self.CELL), int(max_y // self.CELL) + 1):
                    self._grid.setdefault((gx, gy), []).append(index)

    def __len__(self) -> int:
        return len(self._polygons)

    def find(self, lon: float, lat: float):
        """The key of the first polygon containing the point, or None."""
        for index in self._grid.get((int(lon // self.CELL), int(lat // self.CELL)), ()):
            key, (min_x, min_y, max_x, max_y), base, height, buckets = self._polygons[index]
            if not (min_x <= lon <= max_x and min_y <= lat <= max_y):
                continue
            band = min(len(buckets) - 1, int((lat - base) / height))
            inside = False
            for x0, y0, x1, y1 in buckets[band]:
                if (y0 > lat) != (y1 > lat) and lon < (x1 - x0) * (lat - y0) / (y1 - y0) + x0:
                    inside = not inside
            if inside:
                return key
        return None
