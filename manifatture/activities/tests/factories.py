import datetime
import decimal

import factory
from django.utils import timezone

from manifatture.activities.models import (
    Activity,
    HubRoom,
    HubVenue,
    Language,
    Route,
    RouteStop,
    TimeSlot,
)
from manifatture.directory.models import Municipio
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.models import ActivityKind


def event_time(edition, day: int = 0, hour: int = 10, minute: int = 0) -> datetime.datetime:
    date = edition.event_start + datetime.timedelta(days=day)
    return datetime.datetime.combine(
        date, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    edition = factory.SubFactory(EditionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = ActivityKind.GUIDED_VISIT
    title_it = factory.Sequence(lambda n: f"Visita al laboratorio {n}")
    title_en = factory.Sequence(lambda n: f"Workshop tour {n}")
    description_it = "Un percorso tra le macchine a controllo numerico."
    site = factory.SubFactory(SiteFactory, organisation=factory.SelfAttribute("..organisation"))
    duration_minutes = 60


class CancelledActivityFactory(ActivityFactory):
    status = Activity.Status.CANCELLED


class HubRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubRoom

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Sala {n}")
    seats = 80


class TimeSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeSlot

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyAttribute(lambda o: event_time(o.activity.edition, hour=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    capacity = 15

    @classmethod
    def _create(cls, model_class, *args, seats_taken=0, group_seats_taken=0, **kwargs):
        """Counters (`seats_taken`, `group_seats_taken`) are taken as bookings
        take them, through the one seat arithmetic (`TimeSlotQuerySet.take_seats`):
        a factory cannot build a slot no booking could reach."""
        slot = super()._create(model_class, *args, **kwargs)
        for seats, group in ((group_seats_taken, True), (seats_taken - group_seats_taken, False)):
            if seats and not TimeSlot.objects.filter(pk=slot.pk).take_seats(seats, group=group):
                raise ValueError(f"No room for {seats} seats (group={group}) on {slot!r}.")
        if seats_taken or group_seats_taken:
            slot.refresh_from_db(fields=["seats_taken", "group_seats_taken"])
        return slot


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    edition = factory.SubFactory(EditionFactory)
    slug = factory.Sequence(lambda n: f"percorso-{n}")
    title_it = factory.Sequence(lambda n: f"Percorso del legno {n}")


class RouteStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStop

    route = factory.SubFactory(RouteFactory)
    activity = factory.SubFactory(ActivityFactory)


def square(lon: float, lat: float, half: float = 0.01) -> dict:
    """A small square GeoJSON polygon around a point."""
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


class MunicipioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipio
        django_get_or_create = ("number",)

    number = 3
    geometry = factory.LazyFunction(lambda: square(9.2399, 45.4842))


class HubVenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubVenue
        django_get_or_create = ("edition",)

    edition = factory.SubFactory(EditionFactory)
    # BASE Milano, Via Bergognone 34.
    latitude = decimal.Decimal("45.452500")
    longitude = decimal.Decimal("9.162200")


class LanguageFactory(factory.django.DjangoModelFactory):
    """The languages come with migration 0003; this fetches them."""

    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "it"
    name_it = "Italiano"
    name_en = "Italian"
