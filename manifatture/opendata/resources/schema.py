"""How a published resource is described: its fields (one table serves the
API's JSON, the CSV files, the OpenAPI schemas and the Frictionless table
schemas), its filters, and the conversions every row uses."""

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db.models import QuerySet
from django.utils import timezone

from manifatture.directory.models import Organisation


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
    apply: Callable[[QuerySet, Any], QuerySet]  # the value parsed as `type` says
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


class Bounds(TypedDict):
    minimum: int
    maximum: int


YEAR: Bounds = {"minimum": 2000, "maximum": 2100}


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
