from django import template
from django.utils.safestring import SafeString

from manifatture.activities.models import Activity, HubVenue
from manifatture.activities.structured_data import activity_events
from manifatture.directory.structured_data import jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_jsonld(
    context: template.Context, activity: Activity, venue: HubVenue | None
) -> SafeString:
    """Each time slot of the activity as a schema.org Event ("" without slots)."""
    request = context["request"]
    slots = getattr(activity, "slot_list", None)
    if slots is None:
        slots = list(activity.slots.all())
    if not slots:
        return SafeString("")
    return jsonld_script(activity_events(activity, slots, venue, request.build_absolute_uri))
