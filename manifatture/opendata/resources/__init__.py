"""The published resources: their fields (one table serves the API's JSON, the
CSV files, the OpenAPI schemas and the Frictionless table schemas), their
filters and how each row is written.

Only the fields listed here leave the platform. Nothing about people is among
them: no users, e-mail addresses, bookings, applications or VAT numbers.

One module per resource (`editions`, `activities`, `slots`, `organisations`,
`sites`, `spaces`, `calls`), each with its fields, filters and serializer;
`schema` describes what a resource is.
"""

from .activities import ACTIVITIES, serialize_activity
from .calls import CALLS, serialize_call
from .editions import EDITIONS, serialize_edition
from .organisations import ORGANISATIONS, serialize_organisation
from .schema import Field, Filter, ForeignKey, Resource
from .sites import SITES, serialize_site
from .slots import SLOTS, serialize_slot
from .spaces import SPACES, serialize_space

RESOURCES: dict[str, Resource] = {
    resource.name: resource
    for resource in (EDITIONS, ACTIVITIES, SLOTS, ORGANISATIONS, SITES, SPACES, CALLS)
}

__all__ = [
    "ACTIVITIES",
    "CALLS",
    "EDITIONS",
    "ORGANISATIONS",
    "RESOURCES",
    "SITES",
    "SLOTS",
    "SPACES",
    "Field",
    "Filter",
    "ForeignKey",
    "Resource",
    "serialize_activity",
    "serialize_call",
    "serialize_edition",
    "serialize_organisation",
    "serialize_site",
    "serialize_slot",
    "serialize_space",
]
