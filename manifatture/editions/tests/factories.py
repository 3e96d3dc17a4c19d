import datetime

import factory
from django.utils import timezone

from manifatture.editions.models import Edition


def _at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _on(days: int) -> datetime.date:
    """The date `days` from now where the event is (the project's time zone),
    not in UTC: from 23:00 UTC Milan is already on the next day."""
    return timezone.localdate(_at(days))


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
    event_start = factory.LazyFunction(lambda: _on(30))
    event_end = factory.LazyFunction(lambda: _on(31))
    hub_name = "BASE Milano"
    hub_address = "Via Bergognone 34, Milano"


def _dates(
    call_opens: int, call_closes: int, review: int, reg_opens: int, reg_closes: int, event: int
):
    """Trait values: each phase date `n` days from now (the event lasts two days)."""
    return {
        "host_call_opens": factory.LazyFunction(lambda: _at(call_opens)),
        "host_call_closes": factory.LazyFunction(lambda: _at(call_closes)),
        "review_closes": factory.LazyFunction(lambda: _at(review)),
        "registration_opens": factory.LazyFunction(lambda: _at(reg_opens)),
        "registration_closes": factory.LazyFunction(lambda: _at(reg_closes)),
        "event_start": factory.LazyFunction(lambda: _on(event)),
        "event_end": factory.LazyFunction(lambda: _on(event + 1)),
    }


class PhasedEditionFactory(EditionFactory):
    """EditionFactory with one trait per phase: PhasedEditionFactory(in_review=True)."""

    class Params:
        upcoming = factory.Trait(**_dates(5, 15, 20, 25, 29, 30))
        in_review = factory.Trait(**_dates(-20, -2, 5, 10, 20, 25))
        programme = factory.Trait(**_dates(-30, -20, -10, 5, 10, 15))
        registration = factory.Trait(**_dates(-40, -30, -20, -5, 10, 15))
        event_on = factory.Trait(**_dates(-60, -50, -40, -30, -3, -1))
        past = factory.Trait(is_current=False, **_dates(-400, -390, -380, -370, -362, -360))
