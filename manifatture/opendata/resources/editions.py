"""The editions of Manifatture Aperte, as published."""

from collections.abc import Callable

from .. import queries
from .schema import YEAR, Field, Filter, Resource, _iso, _number


def serialize_edition(edition, absolute: Callable[[str], str]) -> dict:
    venue = getattr(edition, "hub_venue", None)
    return {
        "year": edition.year,
        "title": edition.title,
        "tagline_it": edition.tagline_it,
        "tagline_en": edition.tagline_en,
        "is_current": edition.is_current,
        "event_start": _iso(edition.event_start),
        "event_end": _iso(edition.event_end),
        "host_call_opens": _iso(edition.host_call_opens),
        "host_call_closes": _iso(edition.host_call_closes),
        "registration_opens": _iso(edition.registration_opens),
        "registration_closes": _iso(edition.registration_closes),
        "hub_name": edition.hub_name,
        "hub_address": edition.hub_address,
        "hub_latitude": _number(venue.latitude) if venue else None,
        "hub_longitude": _number(venue.longitude) if venue else None,
        "url": absolute(edition.get_absolute_url()),
    }


EDITIONS = Resource(
    name="editions",
    title="Edizioni di Manifatture Aperte",
    description="Le edizioni annuali dell'evento, con le date delle fasi e l'hub centrale.",
    fields=(
        Field("year", "integer", "Anno dell'edizione (identificativo)."),
        Field("title", "string", "Titolo."),
        Field("tagline_it", "string", "Sottotitolo in italiano."),
        Field("tagline_en", "string", "Sottotitolo in inglese."),
        Field("is_current", "boolean", "Edizione corrente."),
        Field("event_start", "date", "Primo giorno dell'evento."),
        Field("event_end", "date", "Ultimo giorno dell'evento."),
        Field("host_call_opens", "datetime", "Apertura delle candidature."),
        Field("host_call_closes", "datetime", "Chiusura delle candidature."),
        Field("registration_opens", "datetime", "Apertura delle iscrizioni dei visitatori."),
        Field("registration_closes", "datetime", "Chiusura delle iscrizioni dei visitatori."),
        Field("hub_name", "string", "Nome dell'hub centrale."),
        Field("hub_address", "string", "Indirizzo dell'hub centrale."),
        Field("hub_latitude", "number", "Latitudine dell'hub (WGS84).", nullable=True),
        Field("hub_longitude", "number", "Longitudine dell'hub (WGS84).", nullable=True),
        Field("url", "string", "Pagina dell'edizione.", format="uri"),
    ),
    rows=queries.public_editions,
    serialize=serialize_edition,
    filters=(
        Filter(
            "year",
            "integer",
            "Anno dell'edizione.",
            lambda rows, value: rows.filter(year=value),
            **YEAR,
        ),
        Filter(
            "is_current",
            "boolean",
            "Solo l'edizione corrente (true) o le altre (false).",
            lambda rows, value: rows.filter(is_current=value),
        ),
    ),
    primary_key="year",
    lookup="year",
)
