"""When the published data last changed: the date the DCAT-AP_IT catalogue gives
each dataset (dct:modified) and the data package's `created`. Read from the rows,
so that the same data always carry the same date (never the time of the request)."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Max
from django.utils import timezone

from .resources import RESOURCES, Resource

# The day the platform first published its data (Manifatture Aperte 2019's platform
# opened on 15 October 2019): the date of a catalogue with no rows yet.
FIRST_PUBLISHED = datetime.datetime(2019, 10, 15, tzinfo=datetime.UTC)
# Rows without a change time of their own change with the rows they belong to.
CHANGED_WITH = {"slots": "activity__updated_at", "sites": "organisation__updated_at"}


def _change_field(resource: Resource) -> str | None:
    if resource.name in CHANGED_WITH:
        return CHANGED_WITH[resource.name]
    try:
        resource.rows().model._meta.get_field("updated_at")
    except FieldDoesNotExist:
        return None
    return "updated_at"


def last_change(resource: Resource) -> datetime.datetime | None:
    """The latest change of the resource's published rows (None: no change time)."""
    field = _change_field(resource)
    if field is None:
        return None
    return resource.rows().order_by().aggregate(latest=Max(field))["latest"]


def last_changes() -> dict[str, datetime.datetime]:
    """Each resource's last change; one without its own (editions) or without rows
    takes the latest of the others, or FIRST_PUBLISHED when nothing is published."""
    changes = {name: last_change(resource) for name, resource in RESOURCES.items()}
    latest = max((when for when in changes.values() if when), default=FIRST_PUBLISHED)
    return {name: when or latest for name, when in changes.items()}


def catalogue_last_change(changes: dict[str, datetime.datetime] | None = None) -> datetime.datetime:
    return max((changes or last_changes()).values())


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)
