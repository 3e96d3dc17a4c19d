"""How the figures of report cards and the impact report read, on the page and
in the PDF alike: numbers in the reader's language, suppressed ones as words."""

from decimal import Decimal

from django.utils import formats

from .rules import Suppressed


def figure(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, Decimal):
        return formats.number_format(value, 1)
    return formats.number_format(value, 0, force_grouping=True)


def percent(value) -> str:
    if value is None or isinstance(value, Suppressed):
        return figure(value)
    return f"{formats.number_format(value, 1)} %"
