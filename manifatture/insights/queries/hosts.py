"""The hosts of the editions, each with its place (site, Municipio, NIL,
periphery) and figures."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BigIntegerField, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from manifatture.activities.areas import OUTSIDE, area_of_place
from manifatture.activities.models import Activity
from manifatture.directory.models import Site
from manifatture.participations.models import Application

from .filters import ACCEPTED, PUBLISHED, Filters, _editions_q


@dataclass(frozen=True)
class Place:
    municipio: int | None
    nil_id: int | None
    nil_name: str
    periphery: bool
    comune: str

    @property
    def area(self) -> str:
        return area_of_place(nil_id=self.nil_id, periphery=self.periphery)


@dataclass(frozen=True)
class Host:
    edition_id: int
    organisation_id: int
    category: str
    place: Place | None
    returning: bool  # accepted in an earlier edition too

    @property
    def area(self) -> str:
        return self.place.area if self.place else OUTSIDE


def hosts(edition_ids: Iterable[int] | None, filters: Filters) -> list[Host]:
    """The accepted hosts with their place, in two queries (applications, then places)."""
    activity_site = (
        Activity.objects.filter(
            edition=OuterRef("edition"),
            organisation=OuterRef("organisation"),
            status=PUBLISHED,
            site__isnull=False,
        )
        .order_by("site_id")
        .values("site_id")[:1]
    )
    first_site = Site.objects.filter(organisation=OuterRef("organisation")).order_by("pk")
    earlier = Application.objects.filter(
        organisation=OuterRef("organisation"),
        state=ACCEPTED,
        edition__year__lt=OuterRef("edition__year"),
    )
    rows = list(
        Application.objects.filter(
            _editions_q("edition", edition_ids),
            filters.organisation_q("organisation"),
            state=ACCEPTED,
        )
        .annotate(
            place_id=Coalesce(
                Subquery(activity_site),
                Subquery(first_site.values("pk")[:1]),
                output_field=BigIntegerField(),
            ),
            returning=Exists(earlier),
        )
        .values("edition_id", "organisation_id", "organisation__category", "place_id", "returning")
        .order_by()
    )
    places = {
        row["pk"]: Place(
            municipio=row["municipio_id"],
            nil_id=row["nil_id"],
            nil_name=row["nil__name"] or "",
            periphery=bool(row["nil__is_periphery"]),
            comune=row["comune__name"],
        )
        for row in Site.objects.filter(pk__in={row["place_id"] for row in rows} - {None})
        .values("pk", "municipio_id", "nil_id", "nil__name", "nil__is_periphery", "comune__name")
        .order_by()
    }
    found = [
        Host(
            edition_id=row["edition_id"],
            organisation_id=row["organisation_id"],
            category=row["organisation__category"],
            place=places.get(row["place_id"]),
            returning=row["returning"],
        )
        for row in rows
    ]
    return [host for host in found if filters.admits_place(host.place)]
