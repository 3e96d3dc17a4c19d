"""The sites of the listed organisations."""

from collections.abc import Callable

from .. import queries
from .schema import Field, Filter, ForeignKey, Resource, _category, _comune, _municipio, _number


def serialize_site(site, absolute: Callable[[str], str]) -> dict:
    return {
        "id": site.pk,
        "organisation_id": site.organisation_id,
        "name": site.name,
        "address": site.address,
        "postcode": site.postcode,
        "comune": site.comune_id,
        "comune_name": site.comune.name,
        "municipio": site.municipio_id,
        "nil": site.nil_id,
        "nil_name": site.nil.label if site.nil else "",
        "latitude": _number(site.latitude),
        "longitude": _number(site.longitude),
        "step_free": site.step_free,
        "accessible_toilet": site.accessible_toilet,
        "seating": site.seating,
        "hearing_loop": site.hearing_loop,
        "accessibility_notes": site.accessibility_notes,
    }


SITES = Resource(
    name="sites",
    title="Sedi",
    description="Le sedi delle organizzazioni pubbliche, con comune, Municipio, NIL e accessibilità.",
    fields=(
        Field("id", "integer", "Identificativo della sede."),
        Field("organisation_id", "integer", "Organizzazione."),
        Field("name", "string", "Nome della sede."),
        Field("address", "string", "Indirizzo."),
        Field("postcode", "string", "CAP."),
        Field("comune", "string", "Codice ISTAT del comune."),
        Field("comune_name", "string", "Nome del comune."),
        Field("municipio", "integer", "Municipio di Milano (1–9).", nullable=True),
        Field("nil", "integer", "NIL (quartiere) di Milano (1–88).", nullable=True),
        Field("nil_name", "string", "Nome del NIL."),
        Field("latitude", "number", "Latitudine (WGS84)."),
        Field("longitude", "number", "Longitudine (WGS84)."),
        Field("step_free", "boolean", "Accesso senza gradini."),
        Field("accessible_toilet", "boolean", "Bagno accessibile."),
        Field("seating", "boolean", "Posti a sedere."),
        Field("hearing_loop", "boolean", "Anello a induzione magnetica."),
        Field("accessibility_notes", "string", "Note sull'accessibilità."),
    ),
    rows=queries.public_sites,
    serialize=serialize_site,
    filters=(
        Filter(
            "organisation",
            "integer",
            "Identificativo dell'organizzazione.",
            lambda rows, value: rows.filter(organisation_id=value),
            minimum=1,
        ),
        _category("organisation__category"),
        _municipio("municipio_id"),
        _comune("comune_id"),
        Filter(
            "nil",
            "integer",
            "Numero del NIL (1–88).",
            lambda rows, value: rows.filter(nil_id=value),
            minimum=1,
            maximum=88,
        ),
    ),
    foreign_keys=(ForeignKey("organisation_id", "organisations"),),
    geo=True,
)
