"""Strings of Django itself whose Italian we set in our own catalogue.

Listing them here lets `makemessages` extract them into locale/it, where our
translations take precedence over Django's: Italian writes month and day names
in lower case ("29 novembre"), and Django 6.1's blank choice label and its new
wording of the password length error are not yet translated upstream (Italian
visitors saw the English). Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]


def _plurals() -> None:
    """Never called: makemessages reads the plural strings from here."""
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    )
