import datetime

import factory
from django.utils import timezone

from manifatture.editions.models import Edition


def _at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition whose host call is open now and whose event is in a month."""

    class Meta:
        model = Edition
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2030 + n)
    title = factory.LazyAttribute(lambda o: f"Manifatture Aperte {o.year}")
    is_current = True
    host_call_opens = factory.LazyFunction(lambda: _at(-10))
    host_call_closes = factory.LazyFunction(lambda: _at(10))
    review_closes = factory.LazyFunction(lambda: _at(15))
    registration_opens = factory.LazyFunction(lambda: _at(20))
    registration_closes = factory.LazyFunction(lambda: _at(29))
    event_start = factory.LazyFunction(lambda: _at(30).date())
    event_end = factory.LazyFunction(lambda: _at(31).date())
    hub_name = "BASE Milano"
    hub_address = "Via Bergognone 34, Milano"
