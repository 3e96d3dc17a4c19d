"""The published resources: their fields (one table serves the API's JSON, the
CSV files, the OpenAPI schemas and the Frictionless table schemas), their
filters and how each row is written.

Only the fields listed here leave the platform. Nothing about people is among
them: no users, e-mail addresses, bookings, applications or VAT numbers.
"""

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from manifatture.activities.models import Activity
from manifatture.calls.models import Call
from manifatture.directory.models import Organisation, Site
from manifatture.participations.models import ActivityKind, Application
from manifatture.spaces.models import Space

from . import queries


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema types: integer, number, string, boolean, date, datetime
    description: str
    nullable: bool = False
    enum: tuple[str, ...] = ()
    format: str = ""  # "uri" for links


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    reference: str = "id"


@dataclass(frozen=True)
class Filter:
    name: str
    type: str  # integer, string, date-time, boolean
    description: str
    apply: Callable[[QuerySet, object], QuerySet]
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Resource:
    name: str  # plural, as in the URL
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[], QuerySet]
    serialize: Callable[[object, Callable[[str], str]], dict]
    filters: tuple[Filter, ...] = ()
    primary_key: str = "id"
    lookup: str = "pk"
    foreign_keys: tuple[ForeignKey, ...] = ()
    geo: bool = False  # has latitude/longitude: published as GeoJSON too
    extra: dict = field(default_factory=dict)


def _iso(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _number(value: decimal.Decimal | None) -> float | None:
    return None if value is None else float(value)


def _choices(choices) -> tuple[str, ...]:
    return tuple(choices.values)


# Filters shared by several resources ------------------------------------------------

YEAR = {"minimum": 2000, "maximum": 2100}


def _updated_since(path: str = "updated_at") -> Filter:
    return Filter(
        "updated_since",
        "date-time",
        "Solo le righe modificate da questo istante in poi (ISO 8601).",
        lambda rows, value: rows.filter(**{f"{path}__gte": value}),
    )


def _municipio(path: str) -> Filter:
    return Filter(
        "municipio",
        "integer",
        "Numero del Municipio di Milano (1–9).",
        lambda rows, value: rows.filter(**{path: value}),
        minimum=1,
        maximum=9,
    )


def _comune(path: str) -> Filter:
    return Filter(
        "comune",
        "string",
        "Codice ISTAT del comune (6 cifre).",
        lambda rows, value: rows.filter(**{path: value}),
    )


def _category(path: str) -> Filter:
    return Filter(
        "category",
        "string",
        "Categoria dell'organizzazione.",
        lambda rows, value: rows.filter(**{path: value}),
        enum=_choices(Organisation.Category),
    )


# Editions ------------------------------------------------------------------------------


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


# Activities ---------------------------------------------------------------------------


def serialize_activity(activity, absolute: Callable[[str], str]) -> dict:
    return {
        "id": activity.pk,
        "edition": activity.edition.year,
        "organisation_id": activity.organisation_id,
        "site_id": activity.site_id,
        "at_hub": activity.at_hub,
        "kind": activity.kind,
        "title_it": activity.title_it,
        "title_en": activity.title_en,
        "description_it": activity.description_it,
        "description_en": activity.description_en,
        "audience": activity.audience,
        "min_age": activity.min_age,
        "duration_minutes": activity.duration_minutes,
        "languages": ",".join(sorted(language.code for language in activity.languages.all())),
        "booking_mode": activity.booking_mode,
        "safety_notes_it": activity.safety_notes_it,
        "safety_notes_en": activity.safety_notes_en,
        "site_rules": ",".join(rule.code for rule in activity.site_rules),
        "closed_shoes": activity.closed_shoes,
        "protective_equipment": activity.protective_equipment,
        "no_photography": activity.no_photography,
        "id_required": activity.id_required,
        "named_tickets": activity.named_tickets,
        "companion_free": activity.companion_free,
        "quiet_visit": activity.quiet_visit,
        "updated_at": _iso(activity.updated_at),
        "url": absolute(activity.get_absolute_url()),
    }


ACTIVITIES = Resource(
    name="activities",
    title="Programma: attività",
    description="Le attività pubblicate (visite, laboratori, talk, eventi serali) di ogni edizione.",
    fields=(
        Field("id", "integer", "Identificativo dell'attività."),
        Field("edition", "integer", "Anno dell'edizione."),
        Field("organisation_id", "integer", "Organizzazione che ospita l'attività."),
        Field("site_id", "integer", "Sede dell'attività; vuoto se all'hub.", nullable=True),
        Field("at_hub", "boolean", "Si svolge all'hub centrale."),
        Field("kind", "string", "Tipo di attività.", enum=_choices(ActivityKind)),
        Field("title_it", "string", "Titolo in italiano."),
        Field("title_en", "string", "Titolo in inglese."),
        Field("description_it", "string", "Descrizione in italiano."),
        Field("description_en", "string", "Descrizione in inglese."),
        Field("audience", "string", "Pubblico.", enum=_choices(Activity.Audience)),
        Field("min_age", "integer", "Età minima."),
        Field("duration_minutes", "integer", "Durata in minuti."),
        Field("languages", "string", "Lingue (codici separati da virgola)."),
        Field(
            "booking_mode",
            "string",
            "Modalità di accesso.",
            enum=_choices(Activity.BookingMode),
        ),
        Field("safety_notes_it", "string", "Note di sicurezza in italiano."),
        Field("safety_notes_en", "string", "Note di sicurezza in inglese."),
        Field(
            "site_rules",
            "string",
            "Regole della visita, codici separati da virgola (min_age, closed_shoes, "
            "protective_equipment_provided, protective_equipment_required, no_photography, "
            "id_required, named_tickets); chi prenota le accetta.",
        ),
        Field("closed_shoes", "boolean", "Scarpe chiuse obbligatorie."),
        Field(
            "protective_equipment",
            "string",
            "Dispositivi di protezione: forniti dall'host (provided), da portare (required), "
            "nessuno (vuoto).",
            enum=_choices(Activity.ProtectiveEquipment),
        ),
        Field("no_photography", "boolean", "Vietato fotografare e filmare."),
        Field("id_required", "boolean", "Documento d'identità all'ingresso."),
        Field("named_tickets", "boolean", "Biglietti nominativi."),
        Field(
            "companion_free", "boolean", "Accompagnatore di una persona con disabilità gratuito."
        ),
        Field("quiet_visit", "boolean", "Visita tranquilla (poche persone, niente rumori forti)."),
        Field("updated_at", "datetime", "Ultima modifica."),
        Field("url", "string", "Pagina dell'attività.", format="uri"),
    ),
    rows=queries.public_activities,
    serialize=serialize_activity,
    filters=(
        Filter(
            "edition",
            "integer",
            "Anno dell'edizione.",
            lambda rows, value: rows.filter(edition__year=value),
            **YEAR,
        ),
        Filter(
            "kind",
            "string",
            "Tipo di attività.",
            lambda rows, value: rows.filter(kind=value),
            enum=_choices(ActivityKind),
        ),
        Filter(
            "audience",
            "string",
            "Pubblico.",
            lambda rows, value: rows.filter(audience=value),
            enum=_choices(Activity.Audience),
        ),
        Filter(
            "organisation",
            "integer",
            "Identificativo dell'organizzazione.",
            lambda rows, value: rows.filter(organisation_id=value),
            minimum=1,
        ),
        _category("organisation__category"),
        _municipio("site__municipio_id"),
        _comune("site__comune_id"),
        _updated_since(),
    ),
    foreign_keys=(
        ForeignKey("edition", "editions", "year"),
        ForeignKey("organisation_id", "organisations"),
        ForeignKey("site_id", "sites"),
    ),
)


# Time slots ---------------------------------------------------------------------------


def serialize_slot(slot, absolute: Callable[[str], str]) -> dict:
    return {
        "id": slot.pk,
        "activity_id": slot.activity_id,
        "edition": slot.activity.edition.year,
        "starts_at": _iso(slot.starts_at),
        "ends_at": _iso(slot.ends_at),
        "capacity": slot.capacity,
        "seats_taken": slot.seats_taken,
        # The places every page shows (TimeSlot.places_left): what a visitor
        # can book, for individuals and for groups.
        "places_left": slot.places_left,
        "group_places_left": slot.group_places_left,
        "cancelled": slot.cancelled_at is not None,
        "room": slot.room.name if slot.room else "",
        "url": absolute(slot.activity.get_absolute_url()),
    }


SLOTS = Resource(
    name="slots",
    title="Programma: turni e posti",
    description="I turni delle attività pubblicate, con i posti totali, prenotati e ancora liberi.",
    fields=(
        Field("id", "integer", "Identificativo del turno."),
        Field("activity_id", "integer", "Attività."),
        Field("edition", "integer", "Anno dell'edizione."),
        Field("starts_at", "datetime", "Inizio."),
        Field("ends_at", "datetime", "Fine."),
        Field("capacity", "integer", "Posti totali."),
        Field(
            "seats_taken",
            "integer",
            "Posti occupati: prenotati, e ingressi senza prenotazione alla porta.",
        ),
        Field(
            "places_left",
            "integer",
            "Posti ancora prenotabili da un visitatore (esclusi quelli riservati ai gruppi; "
            "0 se il turno è annullato).",
        ),
        Field(
            "group_places_left",
            "integer",
            "Posti ancora prenotabili da un gruppo (0 se il turno è annullato).",
        ),
        Field("cancelled", "boolean", "Turno annullato."),
        Field("room", "string", "Sala dell'hub, se all'hub."),
        Field("url", "string", "Pagina dell'attività.", format="uri"),
    ),
    rows=queries.public_slots,
    serialize=serialize_slot,
    filters=(
        Filter(
            "edition",
            "integer",
            "Anno dell'edizione.",
            lambda rows, value: rows.filter(activity__edition__year=value),
            **YEAR,
        ),
        Filter(
            "activity",
            "integer",
            "Identificativo dell'attività.",
            lambda rows, value: rows.filter(activity_id=value),
            minimum=1,
        ),
        Filter(
            "kind",
            "string",
            "Tipo di attività.",
            lambda rows, value: rows.filter(activity__kind=value),
            enum=_choices(ActivityKind),
        ),
        _category("activity__organisation__category"),
        _municipio("activity__site__municipio_id"),
        _comune("activity__site__comune_id"),
        Filter(
            "starts_after",
            "date-time",
            "Solo i turni che iniziano da questo istante in poi.",
            lambda rows, value: rows.filter(starts_at__gte=value),
        ),
        Filter(
            "starts_before",
            "date-time",
            "Solo i turni che iniziano prima di questo istante.",
            lambda rows, value: rows.filter(starts_at__lt=value),
        ),
        _updated_since("activity__updated_at"),
    ),
    foreign_keys=(
        ForeignKey("activity_id", "activities"),
        ForeignKey("edition", "editions", "year"),
    ),
)


# Organisations ------------------------------------------------------------------------


def serialize_organisation(organisation, absolute: Callable[[str], str]) -> dict:
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "category": organisation.category,
        "description_it": organisation.description_it,
        "description_en": organisation.description_en,
        "website": organisation.website,
        "ateco_code": organisation.ateco_code,
        "founded_year": organisation.founded_year,
        "archived": organisation.archived_at is not None,
        "updated_at": _iso(organisation.updated_at),
        "url": absolute(organisation.get_absolute_url()),
    }


def _took_part_in(rows: QuerySet, year: int) -> QuerySet:
    return rows.filter(
        Q(
            pk__in=Application.objects.filter(edition__year=year, state="accepted").values(
                "organisation_id"
            )
        )
        | Q(
            pk__in=Activity.objects.filter(
                edition__year=year, status=Activity.Status.PUBLISHED
            ).values("organisation_id")
        )
    )


def _with_site(**lookup) -> Callable[[QuerySet, object], QuerySet]:
    """Organisations with at least one site matching (a subquery: no duplicate rows)."""
    [(path, _)] = lookup.items()
    return lambda rows, value: rows.filter(
        pk__in=Site.objects.filter(**{path: value}).values("organisation_id")
    )


ORGANISATIONS = Resource(
    name="organisations",
    title="Elenco delle organizzazioni",
    description=(
        "Le organizzazioni dell'ecosistema manifatturiero (imprese, artigiani, fablab, scuole…): "
        "solo i dati pubblici del profilo."
    ),
    fields=(
        Field("id", "integer", "Identificativo dell'organizzazione."),
        Field("slug", "string", "Nome breve nell'indirizzo della pagina."),
        Field("name", "string", "Nome."),
        Field("category", "string", "Categoria.", enum=_choices(Organisation.Category)),
        Field("description_it", "string", "Descrizione in italiano."),
        Field("description_en", "string", "Descrizione in inglese."),
        Field("website", "string", "Sito web (può essere vuoto)."),
        Field("ateco_code", "string", "Codice ATECO 2025 (può essere vuoto)."),
        Field("founded_year", "integer", "Anno di fondazione.", nullable=True),
        Field("archived", "boolean", "Profilo archiviato (non più confermato o cessato)."),
        Field("updated_at", "datetime", "Ultima modifica."),
        Field("url", "string", "Pagina pubblica.", format="uri"),
    ),
    rows=queries.public_organisations,
    serialize=serialize_organisation,
    filters=(
        _category("category"),
        Filter(
            "municipio",
            "integer",
            "Con almeno una sede in questo Municipio di Milano (1–9).",
            _with_site(municipio_id=None),
            minimum=1,
            maximum=9,
        ),
        Filter(
            "comune",
            "string",
            "Con almeno una sede in questo comune (codice ISTAT).",
            _with_site(comune_id=None),
        ),
        Filter(
            "edition",
            "integer",
            "Ha partecipato all'edizione di quest'anno.",
            _took_part_in,
            **YEAR,
        ),
        _updated_since(),
    ),
)


# Sites --------------------------------------------------------------------------------


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


# Spaces -------------------------------------------------------------------------------


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


# Calls --------------------------------------------------------------------------------


def serialize_call(call, absolute: Callable[[str], str]) -> dict:
    return {
        "id": call.pk,
        "slug": call.slug,
        "kind": call.kind,
        "status": call.status,
        "title_it": call.title_it,
        "title_en": call.title_en,
        "summary_it": call.summary_it,
        "summary_en": call.summary_en,
        "opens_at": _iso(call.opens_at),
        "closes_at": _iso(call.closes_at),
        "results_at": _iso(call.results_at),
        "budget": _number(call.budget),
        "max_grant": _number(call.max_grant),
        "published_at": _iso(call.published_at),
        "updated_at": _iso(call.updated_at),
        "url": absolute(call.get_absolute_url()),
    }


CALLS = Resource(
    name="calls",
    title="Bandi",
    description="I bandi pubblicati per gli spazi e per il sostegno agli investimenti.",
    fields=(
        Field("id", "integer", "Identificativo del bando."),
        Field("slug", "string", "Nome breve nell'indirizzo della pagina."),
        Field("kind", "string", "Tipo di bando.", enum=_choices(Call.Kind)),
        Field(
            "status",
            "string",
            "Stato.",
            enum=(Call.Status.PUBLISHED.value, Call.Status.RESULTS_PUBLISHED.value),
        ),
        Field("title_it", "string", "Titolo in italiano."),
        Field("title_en", "string", "Titolo in inglese."),
        Field("summary_it", "string", "In breve, in italiano."),
        Field("summary_en", "string", "In breve, in inglese."),
        Field("opens_at", "datetime", "Apertura delle domande."),
        Field("closes_at", "datetime", "Scadenza delle domande."),
        Field("results_at", "datetime", "Pubblicazione prevista dei risultati."),
        Field("budget", "number", "Dotazione in euro.", nullable=True),
        Field("max_grant", "number", "Contributo massimo per domanda in euro.", nullable=True),
        Field("published_at", "datetime", "Pubblicato il."),
        Field("updated_at", "datetime", "Ultima modifica."),
        Field("url", "string", "Pagina del bando.", format="uri"),
    ),
    rows=queries.public_calls,
    serialize=serialize_call,
    filters=(
        Filter(
            "kind",
            "string",
            "Tipo di bando.",
            lambda rows, value: rows.filter(kind=value),
            enum=_choices(Call.Kind),
        ),
        Filter(
            "status",
            "string",
            "Stato del bando.",
            lambda rows, value: rows.filter(status=value),
            enum=(Call.Status.PUBLISHED.value, Call.Status.RESULTS_PUBLISHED.value),
        ),
        _updated_since(),
    ),
)


RESOURCES: dict[str, Resource] = {
    resource.name: resource
    for resource in (EDITIONS, ACTIVITIES, SLOTS, ORGANISATIONS, SITES, SPACES, CALLS)
}
