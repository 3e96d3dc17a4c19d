"""The activities of the published programmes."""

from collections.abc import Callable

from manifatture.activities.models import Activity
from manifatture.participations.models import ActivityKind

from .. import queries
from .schema import (
    YEAR,
    Field,
    Filter,
    ForeignKey,
    Resource,
    _category,
    _choices,
    _comune,
    _iso,
    _municipio,
    _updated_since,
)


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
