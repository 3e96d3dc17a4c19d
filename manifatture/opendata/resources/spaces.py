"""The published spaces of the City's census."""

from collections.abc import Callable

from manifatture.spaces.models import Space

from .. import queries
from .schema import (
    Field,
    Filter,
    Resource,
    _choices,
    _comune,
    _iso,
    _municipio,
    _number,
    _updated_since,
)


def serialize_space(space, absolute: Callable[[str], str]) -> dict:
    return {
        "id": space.pk,
        "slug": space.slug,
        "name": space.name,
        "description_it": space.description_it,
        "description_en": space.description_en,
        "address": space.address,
        "postcode": space.postcode,
        "comune": space.comune_id,
        "comune_name": space.comune.name,
        "municipio": space.municipio_id,
        "latitude": _number(space.latitude),
        "longitude": _number(space.longitude),
        "surface_m2": space.surface_m2,
        "floors": space.floors,
        "condition": space.condition,
        "current_use": space.current_use,
        "status": space.status,
        "updated_at": _iso(space.updated_at),
        "url": absolute(space.get_absolute_url()),
    }


SPACES = Resource(
    name="spaces",
    title="Spazi pubblici inutilizzati",
    description="Il censimento degli spazi pubblici inutilizzati offerti alle nuove imprese.",
    fields=(
        Field("id", "integer", "Identificativo dello spazio."),
        Field("slug", "string", "Nome breve nell'indirizzo della pagina."),
        Field("name", "string", "Nome."),
        Field("description_it", "string", "Descrizione in italiano."),
        Field("description_en", "string", "Descrizione in inglese."),
        Field("address", "string", "Indirizzo."),
        Field("postcode", "string", "CAP."),
        Field("comune", "string", "Codice ISTAT del comune."),
        Field("comune_name", "string", "Nome del comune."),
        Field("municipio", "integer", "Municipio di Milano (1–9).", nullable=True),
        Field("latitude", "number", "Latitudine (WGS84)."),
        Field("longitude", "number", "Longitudine (WGS84)."),
        Field("surface_m2", "integer", "Superficie in metri quadrati."),
        Field("floors", "integer", "Piani."),
        Field("condition", "string", "Stato di conservazione.", enum=_choices(Space.Condition)),
        Field("current_use", "string", "Uso attuale."),
        Field("status", "string", "Stato.", enum=_choices(Space.Status)),
        Field("updated_at", "datetime", "Ultima modifica."),
        Field("url", "string", "Pagina dello spazio.", format="uri"),
    ),
    rows=queries.public_spaces,
    serialize=serialize_space,
    filters=(
        Filter(
            "status",
            "string",
            "Stato dello spazio.",
            lambda rows, value: rows.filter(status=value),
            enum=_choices(Space.Status),
        ),
        _municipio("municipio_id"),
        _comune("comune_id"),
        _updated_since(),
    ),
    geo=True,
)
