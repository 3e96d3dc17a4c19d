"""The OpenAPI 3.1 document of API v1, generated from the resource table so
that the document and the code cannot drift apart."""

from typing import Any

from manifatture.ratelimit import limit_of

from .http import COMUNE_PATTERN, DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE, MAX_PAGE_SIZE
from .resources import RESOURCES, Field, Filter, Resource

VERSION = "1.0.0"
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}

_TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}


def field_schema(field: Field) -> dict:
    schema: dict[str, Any] = dict(_TYPES[field.type])
    if field.enum:
        schema["enum"] = list(field.enum)
    if field.format:
        schema["format"] = field.format
    if field.nullable:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    schema["description"] = field.description
    return schema


def item_schema(resource: Resource) -> dict:
    return {
        "type": "object",
        "properties": {field.name: field_schema(field) for field in resource.fields},
        "required": [field.name for field in resource.fields],
        "additionalProperties": False,
    }


def filter_parameter(flt: Filter) -> dict:
    if flt.type == "integer":
        schema = {
            "type": "integer",
            "minimum": flt.minimum if flt.minimum is not None else -MAX_ID,
            "maximum": flt.maximum if flt.maximum is not None else MAX_ID,
        }
    elif flt.type == "boolean":
        schema = {"type": "boolean"}
    elif flt.type == "date-time":
        schema = {"type": "string", "format": "date-time"}
    elif flt.enum:
        schema = {"type": "string", "enum": list(flt.enum)}
    elif flt.name == "comune":
        schema = {"type": "string", "pattern": COMUNE_PATTERN}
    else:
        schema = {"type": "string"}
    return {
        "name": flt.name,
        "in": "query",
        "required": False,
        "description": flt.description,
        "schema": schema,
    }


PAGE_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Numero della pagina, da 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    {
        "name": "page_size",
        "in": "query",
        "required": False,
        "description": f"Righe per pagina (al massimo {MAX_PAGE_SIZE}).",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
    },
]


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


COMMON_RESPONSES = {
    "405": {"$ref": "#/components/responses/MethodNotAllowed"},
    "429": {"$ref": "#/components/responses/RateLimited"},
}


def _list_operation(resource: Resource) -> dict:
    name = resource.name
    return {
        "operationId": f"list_{name}",
        "summary": resource.title,
        "description": resource.description,
        "tags": [name],
        "parameters": [filter_parameter(flt) for flt in resource.filters] + PAGE_PARAMETERS,
        "responses": {
            "200": {
                "description": "Una pagina di risultati.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "count": {"type": "integer", "minimum": 0},
                                "next": {"type": ["string", "null"], "format": "uri"},
                                "previous": {"type": ["string", "null"], "format": "uri"},
                                "results": {
                                    "type": "array",
                                    "items": {
                                        "$ref": f"#/components/schemas/{_schema_name(resource)}"
                                    },
                                },
                            },
                            "required": ["count", "next", "previous", "results"],
                            "additionalProperties": False,
                        }
                    }
                },
            },
            "400": _error("Parametro non valido."),
            **COMMON_RESPONSES,
        },
    }


def _detail_operation(resource: Resource) -> dict:
    key = resource.primary_key
    return {
        "operationId": f"get_{resource.name}",
        "summary": f"{resource.title}: una riga",
        "tags": [resource.name],
        "parameters": [
            {
                "name": key,
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            }
        ],
        "responses": {
            "200": {
                "description": "La riga.",
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{_schema_name(resource)}"}
                    }
                },
            },
            "404": _error("Non trovata (o non pubblica)."),
            **COMMON_RESPONSES,
        },
    }


def _schema_name(resource: Resource) -> str:
    return resource.name.capitalize()


def document(server_url: str = "/api/v1") -> dict:
    paths = {}
    for resource in RESOURCES.values():
        paths[f"/{resource.name}/"] = {"get": _list_operation(resource)}
        paths[f"/{resource.name}/{{{resource.primary_key}}}/"] = {
            "get": _detail_operation(resource)
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Manifatture Aperte – API v1",
            "version": VERSION,
            "summary": "Dati aperti di Manifatture Aperte e Manifattura Milano, in sola lettura.",
            "description": (
                "Edizioni, programma (attività e turni con i posti liberi), organizzazioni, "
                "sedi, spazi pubblici e bandi del Comune di Milano. Nessun dato personale. "
                "Licenza CC BY 4.0: citare «Comune di Milano – Manifatture Aperte». "
                f"Limite: {settings_rate_limit()} richieste al minuto per indirizzo; "
                "oltre si riceve 429 con l'intestazione Retry-After."
            ),
            "license": {"name": LICENCE["name"], "identifier": "CC-BY-4.0"},
            "contact": {"name": "Comune di Milano – Manifattura Milano"},
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": {
                **{_schema_name(r): item_schema(r) for r in RESOURCES.values()},
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "parameter": {"type": "string"},
                            },
                            "required": ["code", "message"],
                        }
                    },
                    "required": ["error"],
                },
            },
            "responses": {
                "MethodNotAllowed": _error("Solo lettura: GET, HEAD e OPTIONS."),
                "RateLimited": {
                    **_error("Troppe richieste."),
                    "headers": {
                        "Retry-After": {
                            "description": "Secondi da attendere.",
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    },
                },
            },
        },
    }


def settings_rate_limit() -> int:
    """The "api" rate limit, in requests per minute."""
    limit, window = limit_of("api")
    return round(limit * 60 / window)
