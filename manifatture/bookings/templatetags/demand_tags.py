"""The host's demand nudges, for the pages of the host's area (the programme
management pages of `activities`, which may not import bookings: a template
loads this library instead)."""

from django import template

from manifatture.directory.queries import organisations_of

from ..demand import HostNudge, open_nudges

register = template.Library()


@register.simple_tag
def host_demand_nudges(user, activity=None) -> list[HostNudge]:
    """Open nudges on the activities of the person's organisations (or of one activity)."""
    if not user.is_authenticated:
        return []
    if activity is not None:
        return open_nudges([activity.organisation_id], activity=activity)
    return open_nudges(list(organisations_of(user).values_list("pk", flat=True)))
