import datetime

import factory
from django.utils import timezone

from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.ballots.models import Ballot, BallotActivity, BallotEntry
from manifatture.editions.tests.factories import EditionFactory


def _at(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class BallotFactory(factory.django.DjangoModelFactory):
    """A ballot taking choices now; its edition's event is a month away."""

    class Meta:
        model = Ballot

    edition = factory.SubFactory(EditionFactory)
    opens_at = factory.LazyFunction(lambda: _at(-1))
    closes_at = factory.LazyFunction(lambda: _at(5))

    class Params:
        # The window has closed: ready to draw.
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: _at(-5)),
            closes_at=factory.LazyFunction(lambda: _at(-1)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: _at(2)),
            closes_at=factory.LazyFunction(lambda: _at(5)),
        )


class BallotActivityFactory(factory.django.DjangoModelFactory):
    """An activity in a ballot (booking mode set as the service does)."""

    class Meta:
        model = BallotActivity

    ballot = factory.SubFactory(BallotFactory)
    activity = factory.SubFactory(
        ActivityFactory,
        edition=factory.SelfAttribute("..ballot.edition"),
        booking_mode=Activity.BookingMode.BALLOT,
    )


class BallotEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BallotEntry

    ballot = factory.SubFactory(BallotFactory)
    visitor = factory.SubFactory("manifatture.accounts.tests.factories.UserFactory")
    rank = 1
    slot = factory.SubFactory("manifatture.activities.tests.factories.TimeSlotFactory")
    party_size = 1
