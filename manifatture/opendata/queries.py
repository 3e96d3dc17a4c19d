"""What the open data and the API publish: public rows only, with what they need
in a constant number of queries.

The public rule for organisations: only `Organisation.objects.public()` (approved
by staff); of those, every one that is not archived (synthetic load-test rows
aside), and an organisation that took part
in an edition (accepted application or published activity) stays public even
once archived, so that the programme of past editions keeps its hosts.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from manifatture.activities.models import Activity, TimeSlot
from manifatture.calls.models import Call
from manifatture.calls.queries import public_calls as calls_queries_public_calls
from manifatture.directory.models import Organisation, Site
from manifatture.editions.models import Edition
from manifatture.participations.models import Application
from manifatture.spaces.models import Space


def public_editions() -> QuerySet[Edition]:
    return Edition.objects.select_related("hub_venue").order_by("year")


def public_activities() -> QuerySet[Activity]:
    return (
        Activity.objects.filter(status=Activity.Status.PUBLISHED)
        .select_related("edition", "site", "site__comune")
        .defer("site__comune__region")
        .prefetch_related("languages")
        .order_by("pk")
    )


def public_slots() -> QuerySet[TimeSlot]:
    return (
        TimeSlot.objects.filter(activity__status=Activity.Status.PUBLISHED)
        .select_related("activity", "activity__edition", "room")
        .order_by("starts_at", "pk")
    )


def public_organisations() -> QuerySet[Organisation]:
    took_part = Exists(
        Application.objects.filter(organisation=OuterRef("pk"), state=Application.State.ACCEPTED)
    ) | Exists(
        Activity.objects.filter(organisation=OuterRef("pk"), status=Activity.Status.PUBLISHED)
    )
    in_directory = Q(archived_at__isnull=True) & ~Q(source=Organisation.Source.SYNTHETIC)
    return Organisation.objects.public().filter(in_directory | took_part).order_by("pk")


def public_sites() -> QuerySet[Site]:
    return (
        Site.objects.filter(organisation__in=public_organisations().values("pk"))
        .with_places()
        .order_by("pk")
    )


def public_spaces() -> QuerySet[Space]:
    return (
        Space.objects.filter(is_published=True)
        .select_related("comune", "municipio")
        .defer("municipio__geometry")
        .order_by("pk")
    )


def public_calls() -> QuerySet[Call]:
    """Calls once published (open, closed or with results); never drafts."""
    return calls_queries_public_calls().order_by("pk")
