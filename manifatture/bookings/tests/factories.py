import factory
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import TimeSlotFactory
from manifatture.bookings.models import VisitorProfile, WaitingListEntry


class VisitorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitorProfile

    user = factory.SubFactory(UserFactory)
    age_band = VisitorProfile.AgeBand.FROM_35_TO_54
    statistics_consent_at = factory.LazyFunction(timezone.now)


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    """A waiting entry (not an offer: offers hold seats, made by the services)."""

    class Meta:
        model = WaitingListEntry

    slot = factory.SubFactory(TimeSlotFactory)
    visitor = factory.SubFactory(UserFactory)
    party_size = 1
