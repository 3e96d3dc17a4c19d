from django import template
from django.utils.safestring import SafeString

from manifatture.directory.models import Organisation
from manifatture.directory.structured_data import jsonld_script, organisation_data

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_jsonld(context: template.Context, organisation: Organisation, sites) -> SafeString:
    """The organisation as a schema.org Organization, with its sites as Places."""
    request = context["request"]
    return jsonld_script(organisation_data(organisation, list(sites), request.build_absolute_uri))
