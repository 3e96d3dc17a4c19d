"""What every figure shares: the states that count (areas: activities.areas),
and the filters staff narrow the figures to."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from manifatture.activities.models import Activity
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.participations.models import Application

if TYPE_CHECKING:
    from .hosts import Place


PUBLISHED = Activity.Status.PUBLISHED
CONFIRMED = Booking.Status.CONFIRMED
ACCEPTED = Application.State.ACCEPTED
UNPLACED_WAITING = [
    WaitingListEntry.Status.WAITING,
    WaitingListEntry.Status.OFFERED,
    WaitingListEntry.Status.EXPIRED,
]


def municipio_label(number: int | None, *, missing: str | None = None) -> str:
    """The label of a Municipio; `missing` (by default "Municipio non indicato") for none."""
    if number is None:
        return missing if missing is not None else _("Municipio non indicato")
    return _("Municipio %(n)s") % {"n": number}


@dataclass(frozen=True)
class Filters:
    """What the staff narrow the figures to: a host category and an area
    (a Municipio, and/or periphery yes/no)."""

    category: str = ""
    municipio: int | None = None
    periphery: bool | None = None

    def key(self) -> str:
        return f"{self.category}|{self.municipio or ''}|{self.periphery}"

    def site_q(self, site: str) -> Q:
        """The area filter on a site reached through `site` (e.g. "slot__activity__site")."""
        q = Q()
        if self.municipio:
            q &= Q(**{f"{site}__municipio_id": self.municipio})
        if self.periphery is True:
            q &= Q(**{f"{site}__nil__is_periphery": True})
        elif self.periphery is False:
            q &= ~Q(**{f"{site}__nil__is_periphery": True})
        return q

    def organisation_q(self, organisation: str) -> Q:
        return Q(**{f"{organisation}__category": self.category}) if self.category else Q()

    def activity_q(self, activity: str) -> Q:
        """Filters on activities reached through `activity` ("" for Activity itself)."""
        prefix = f"{activity}__" if activity else ""
        return self.organisation_q(f"{prefix}organisation") & self.site_q(f"{prefix}site")

    def admits_place(self, place: "Place | None") -> bool:
        """The same area filter, on a host's place already read."""
        if self.municipio and (place is None or place.municipio != self.municipio):
            return False
        in_periphery = place is not None and place.periphery
        return self.periphery is None or in_periphery == self.periphery


def _editions_q(path: str, edition_ids: Iterable[int] | None) -> Q:
    return Q() if edition_ids is None else Q(**{f"{path}__in": list(edition_ids)})
