from django import template
from django.utils import timezone

from manifatture.surveys import display, queries

register = template.Library()

register.filter("figure", display.figure)
register.filter("percent", display.percent)


@register.inclusion_tag("surveys/_pending_prompt.html")
def pending_surveys(user):
    """The prompt in the visitor's area: their visits with a survey to answer."""
    if not user.is_authenticated:
        return {"count": 0}
    return {"count": queries.pending_for(user, now=timezone.now()).count()}
