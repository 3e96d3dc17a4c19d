import factory
from django.db.models import F

from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import TimeSlotFactory
from manifatture.bookings.models import Booking


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking that takes its seats on the slot, as
    bookings.services.book_slot would (without its rules on dates and limits,
    which check-in tests must step outside of)."""

    class Meta:
        model = Booking

    slot = factory.SubFactory(TimeSlotFactory)
    visitor = factory.SubFactory("manifatture.accounts.tests.factories.UserFactory")
    party_size = 2

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = super()._create(model_class, *args, **kwargs)
        if booking.status == Booking.Status.CONFIRMED:
            changes = {"seats_taken": F("seats_taken") + booking.party_size}
            if booking.kind == Booking.Kind.GROUP:
                changes["group_seats_taken"] = F("group_seats_taken") + booking.party_size
            TimeSlot.objects.filter(pk=booking.slot_id).update(**changes)
        return booking
