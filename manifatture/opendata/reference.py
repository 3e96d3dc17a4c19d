"""The API reference page, read from the OpenAPI document itself: the page that
people read without JavaScript and the "try it" forms built by
static/js/api-docs.js describe the same document, so neither can drift from
the API."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Parameter:
    name: str
    location: str  # "query" or "path"
    required: bool
    type: str
    constraints: list[str]
    description: str


@dataclass
class Response:
    status: str
    description: str


@dataclass
class Operation:
    id: str
    method: str
    path: str  # as in the document, e.g. /activities/{id}/
    url: str  # the server's URL and the path
    summary: str
    description: str
    parameters: list[Parameter]
    responses: list[Response]


@dataclass
class Property:
    name: str
    type: str
    constraints: list[str]
    description: str


@dataclass
class Group:
    tag: str
    title: str
    description: str
    operations: list[Operation] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)


def _resolve(document: dict, item: dict) -> dict:
    """Follow a local "$ref" (#/components/...) to what it points to."""
    while "$ref" in item:
        node = document
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


def _type(schema: dict) -> tuple[str, bool]:
    """The schema's type without "null", and whether null is allowed."""
    types = schema.get("type", "")
    if isinstance(types, str):
        types = [types]
    named = [t for t in types if t != "null"]
    label = " | ".join(named)
    if schema.get("format"):
        label = f"{label} ({schema['format']})"
    return label, "null" in types


def _constraints(schema: dict) -> list[str]:
    found = []
    if "minimum" in schema and "maximum" in schema:
        found.append(
            _("da %(minimum)s a %(maximum)s")
            % {"minimum": schema["minimum"], "maximum": schema["maximum"]}
        )
    elif "minimum" in schema:
        found.append(_("almeno %(minimum)s") % {"minimum": schema["minimum"]})
    enum = [value for value in schema.get("enum", []) if value is not None]
    if enum:
        found.append(_("valori: %(values)s") % {"values": ", ".join(map(str, enum))})
    if "pattern" in schema:
        found.append(_("forma: %(pattern)s") % {"pattern": schema["pattern"]})
    if "default" in schema:
        found.append(_("predefinito: %(default)s") % {"default": schema["default"]})
    return found


def _parameter(document: dict, raw: dict) -> Parameter:
    raw = _resolve(document, raw)
    schema = raw.get("schema", {})
    label, _nullable = _type(schema)
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        required=bool(raw.get("required")),
        type=label,
        constraints=_constraints(schema),
        description=raw.get("description", ""),
    )


def _properties(document: dict, operation: dict) -> list[Property]:
    """The fields of one row, from the schema of the list operation's results."""
    content = _resolve(document, operation["responses"]["200"])["content"]
    schema = _resolve(document, content["application/json"]["schema"])
    items = schema.get("properties", {}).get("results", {}).get("items")
    row = _resolve(document, items) if items else schema
    found = []
    for name, raw in row.get("properties", {}).items():
        label, nullable = _type(raw)
        constraints = _constraints(raw)
        if nullable:
            constraints.insert(0, _("può mancare (null)"))
        found.append(Property(name, label, constraints, raw.get("description", "")))
    return found


def groups(document: dict) -> list[Group]:
    """The document's operations grouped by their tag (one per resource), in the
    document's order."""
    server = document["servers"][0]["url"] if document.get("servers") else ""
    by_tag: dict[str, Group] = {}
    for path, methods in document["paths"].items():
        for method, raw in methods.items():
            tag = (raw.get("tags") or [""])[0]
            group = by_tag.get(tag)
            if group is None:
                group = by_tag[tag] = Group(
                    tag, raw.get("summary", tag), raw.get("description", "")
                )
                group.properties = _properties(document, raw)
            group.operations.append(
                Operation(
                    id=raw["operationId"],
                    method=method.upper(),
                    path=path,
                    url=f"{server}{path}",
                    summary=raw.get("summary", ""),
                    description=raw.get("description", ""),
                    parameters=[_parameter(document, p) for p in raw.get("parameters", [])],
                    responses=[
                        Response(status, _resolve(document, response).get("description", ""))
                        for status, response in raw["responses"].items()
                    ],
                )
            )
    return list(by_tag.values())
