"""The open-data files: every public resource as CSV and JSON, sites and spaces
as GeoJSON, the programme's slots as iCalendar."""

from collections.abc import Callable, Iterable, Iterator

from django.utils.translation import gettext_lazy as _

from manifatture.activities.models import HubVenue
from manifatture.bookings import ical
from manifatture.directory.models import Site

from .resources import RESOURCES, Resource

CHUNK = 2000
# The CSV files are written by manifatture/tabular.py, like every download.
CSV_NOTE = _(
    "Nei file CSV un testo che comincia con =, +, -, @, una tabulazione o un ritorno a capo "
    "porta un apostrofo in più all'inizio, perché un foglio di calcolo non lo esegua come "
    "formula; i file JSON e l'API danno ogni valore com'è scritto."
)


def rows_of(resource: Resource, absolute: Callable[[str], str], rows=None) -> Iterable[dict]:
    rows = resource.rows() if rows is None else rows
    for item in rows.iterator(chunk_size=CHUNK):
        yield resource.serialize(item, absolute)


def csv_table(resource: Resource, rows: Iterable[dict]) -> tuple[list[str], Iterator[list]]:
    """A resource's CSV file as a header (the field names) and rows, for
    manifatture/tabular.py to write."""
    names = [field.name for field in resource.fields]
    return names, ([row[name] for name in names] for row in rows)


def to_geojson(rows: Iterable[dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": {k: v for k, v in row.items() if k not in {"latitude", "longitude"}},
            }
            for row in rows
        ],
    }


def programme_calendar(absolute: Callable[[str], str], *, edition: int | None = None) -> str:
    from .queries import public_slots

    slots = public_slots().select_related("activity__site", "activity__edition__hub_venue")
    if edition is not None:
        slots = slots.filter(activity__edition__year=edition)
    events = []
    for slot in slots.iterator(chunk_size=CHUNK):
        activity = slot.activity
        site = activity.site
        venue = getattr(activity.edition, "hub_venue", None)
        place: Site | HubVenue | None
        if site is not None:
            location, place = f"{site.name}, {site.address}", site
        else:
            location = ", ".join(
                part for part in (activity.edition.hub_name, activity.edition.hub_address) if part
            )
            place = venue
        events.append(
            ical.Event(
                uid=f"opendata-slot-{slot.pk}@manifatture-aperte",
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                summary=activity.title_it,
                description=activity.description_it,
                location=location,
                url=absolute(activity.get_absolute_url()),
                latitude=float(place.latitude) if place is not None else None,
                longitude=float(place.longitude) if place is not None else None,
                status="CANCELLED" if slot.cancelled_at else "CONFIRMED",
            )
        )
    return ical.calendar(events, name="Manifatture Aperte – programma", method="")


__all__ = ["RESOURCES", "programme_calendar", "csv_table", "rows_of", "to_geojson"]
