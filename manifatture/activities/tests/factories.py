import datetime

import factory
from django.utils import timezone

from manifatture.activities.models import Activity, HubRoom, Route, RouteStop, TimeSlot
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
