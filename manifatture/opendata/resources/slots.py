"""The time slots of the published activities, with their places."""

from collections.abc import Callable

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
