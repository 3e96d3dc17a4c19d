from django import template

register = template.Library()


@register.filter
def criterion_for(criteria: dict, decided_by: str):
    """The criterion named by a tie-break code "criterion:<id>"."""
    _prefix, _sep, pk = decided_by.partition(":")
    return criteria.get(int(pk)) if pk.isdigit() else None
