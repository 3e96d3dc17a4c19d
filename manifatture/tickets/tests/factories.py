from manifatture.bookings.tests.factories import BookingFactory as _BookingFactory


class BookingFactory(_BookingFactory):
    """A confirmed booking of two that takes its seats on the slot as
    bookings.services.book_slot would, through the one seat arithmetic
    (without its rules on dates and limits, which check-in tests must step
    outside of)."""

    party_size = 2
