"""Where an activity happens, as the City's figures count it: at the central hub
(no site of its own), in a periphery NIL, in another NIL of Milan (centre), or
outside Milan or without a NIL. Periphery is the NIL's own flag
(docs/periphery.md). The staff dashboard, the hosts' report cards and the impact
report all read areas from here."""

from django.db.models import Case, CharField, Value, When
from django.utils.translation import gettext as _

PERIPHERY, CENTRE, OUTSIDE, HUB = "periphery", "centre", "outside", "hub"
AREAS = (PERIPHERY, CENTRE, OUTSIDE, HUB)


def area_of(site: str) -> Case:
    """The area of the site reached through `site` (e.g. "slot__activity__site"),
    as an SQL expression; no site means the hub."""
    return Case(
        When(**{f"{site}__isnull": True}, then=Value(HUB)),
        When(**{f"{site}__nil__is_periphery": True}, then=Value(PERIPHERY)),
        When(**{f"{site}__nil__isnull": False}, then=Value(CENTRE)),
        default=Value(OUTSIDE),
        output_field=CharField(),
    )


def area_of_place(*, nil_id: int | None, periphery: bool) -> str:
    """The same rule on a site already read (no hub: a place is a site)."""
    if periphery:
        return PERIPHERY
    return CENTRE if nil_id else OUTSIDE


def area_label(area: str) -> str:
    return {
        PERIPHERY: _("Periferia"),
        CENTRE: _("Centro (NIL non periferici)"),
        OUTSIDE: _("Fuori Milano o senza NIL"),
        HUB: _("Hub centrale"),
    }[area]
