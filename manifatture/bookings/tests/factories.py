import factory
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import TimeSlotFactory
from manifatture.bookings.models import Booking, VisitorProfile, WaitingListEntry


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


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking row whose seats are taken on its slot as the booking
    service takes them (`TimeSlotQuerySet.take_seats`, the one seat arithmetic),
    without the service's other rules (booking window, per-visitor limit)."""

    class Meta:
        model = Booking

    slot = factory.SubFactory(TimeSlotFactory)
    visitor = factory.SubFactory(UserFactory)
    party_size = 1
    kind = Booking.Kind.INDIVIDUAL
    group_name = factory.LazyAttribute(
        lambda o: "Scuola Media Rinaldi" if o.kind == Booking.Kind.GROUP else ""
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        slot, seats = kwargs["slot"], kwargs["party_size"]
        group = kwargs["kind"] == Booking.Kind.GROUP
        confirmed = kwargs.get("status", Booking.Status.CONFIRMED) == Booking.Status.CONFIRMED
        if confirmed and not TimeSlot.objects.filter(pk=slot.pk).take_seats(seats, group=group):
            raise ValueError(f"No room for {seats} seats (group={group}) on {slot!r}.")
        return super()._create(model_class, *args, **kwargs)
