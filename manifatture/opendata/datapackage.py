"""The Frictionless data package (https://specs.frictionlessdata.io/) that
describes the CSV files with their table schemas."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from .aggregates import AGGREGATES
from .changes import catalogue_last_change
from .files import CSV_NOTE
from .resources import RESOURCES, Field, Resource

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
PUBLISHER = "Comune di Milano"


def table_field(field: Field) -> dict:
    out: dict[str, Any] = {"name": field.name, "type": field.type, "description": field.description}
    if field.format == "uri":
        out["format"] = "uri"
    constraints: dict[str, Any] = {}
    if not field.nullable and field.type != "string":
        constraints["required"] = True
    if field.enum:
        constraints["enum"] = list(field.enum)
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(resource: Resource) -> dict:
    schema = {
        "fields": [table_field(field) for field in resource.fields],
        "primaryKey": [resource.primary_key],
        "missingValues": [""],
    }
    if resource.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": [fk.field],
                "reference": {"resource": fk.resource, "fields": [fk.reference]},
            }
            for fk in resource.foreign_keys
        ]
    return schema


def _italian(text) -> str:
    # The descriptor is in Italian, whatever language the request asked for.
    with translation.override("it"):
        return str(text)


def package(absolute: Callable[[str], str]) -> dict:
    return {
        "name": "manifatture-aperte",
        "title": "Manifatture Aperte e Manifattura Milano – dati aperti",
        "description": (
            "Edizioni, programma (attività e turni con i posti), organizzazioni e sedi, "
            "spazi pubblici inutilizzati e bandi del Comune di Milano. Nessun dato personale. "
            + _italian(CSV_NOTE)
        ),
        "homepage": absolute(reverse("opendata:index")),
        "version": "1.0.0",
        # When the data last changed: the same data always give the same descriptor.
        "created": timezone.localtime(catalogue_last_change()).replace(microsecond=0).isoformat(),
        "licenses": [LICENCE],
        "contributors": [{"title": PUBLISHER, "role": "publisher"}],
        "sources": [
            {"title": "Manifatture Aperte – Comune di Milano", "path": absolute("/")},
            {
                "title": "Comune di Milano – Open Data (confini di Municipi e NIL), CC BY 4.0",
                "path": "https://dati.comune.milano.it/",
            },
            {
                "title": "ISTAT, elenco dei comuni, CC BY 4.0 (elaborazione openpolis)",
                "path": "https://www.istat.it/",
            },
        ],
        "resources": [
            {
                "name": resource.name,
                "title": resource.title,
                "description": resource.description,
                "path": absolute(reverse("opendata:file", args=[resource.name, "csv"])),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": table_schema(resource),
            }
            for resource in RESOURCES.values()
        ]
        + [
            {
                "name": aggregate.name,
                "title": aggregate.title,
                "description": aggregate.description,
                "path": absolute(reverse("opendata:file", args=[aggregate.name, "csv"])),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [table_field(field) for field in aggregate.fields],
                    "primaryKey": list(aggregate.primary_key),
                    "missingValues": [""],
                },
            }
            for aggregate in AGGREGATES.values()
        ],
    }
