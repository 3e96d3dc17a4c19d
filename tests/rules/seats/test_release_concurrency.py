"""Releasing unconfirmed bookings while people book, confirm and the release
job runs twice at once, with real row locks on PostgreSQL: the seats counted
from the rows (bookings and the offers holding seats) never pass the capacity,
and every booking ends either confirmed by its visitor or released, once."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.bookings import reconfirmation, services
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.bookings.tests.conftest import make_slot
from manifatture.bookings.tests.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 12
BOOKERS = 24


def seats_in_rows(slot) -> int:
    booked = Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).aggregate(
        n=Sum("party_size")
    )["n"]
    held = WaitingListEntry.objects.filter(
        slot=slot, status=WaitingListEntry.Status.OFFERED
    ).aggregate(n=Sum("party_size"))["n"]
    return (booked or 0) + (held or 0)


def test_release_with_bookers_confirmers_and_a_second_job_never_overbooks(activity):
    slot = make_slot(activity, capacity=CAPACITY)
    holders = [
        services.book_slot(slot, visitor=UserFactory(), party_size=2) for _ in range(CAPACITY // 2)
    ]
    for party in (3, 1, 2, 1):
        services.join_waiting_list(slot, visitor=UserFactory(), party_size=party)
    # All were asked; the deadline has just passed.
    Booking.objects.filter(pk__in=[b.pk for b in holders]).update(
        reconfirm_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    late_confirmers = holders[:3]
    bookers = [UserFactory() for _ in range(BOOKERS)]

    jobs = [
        *(lambda: reconfirmation.release_unconfirmed() for _ in range(3)),
        *(
            (lambda b=b: reconfirmation.reconfirm_booking(b, by=b.visitor).pk)
            for b in late_confirmers
        ),
        *((lambda v=v: services.book_slot(slot, visitor=v, party_size=1).pk) for v in bookers),
    ]
    results = run_at_once(jobs)

    assert [r for r in results if r[0] == "error"] == []
    released_by_jobs = sum(r[1] for r in results[:3])
    released = Booking.objects.filter(slot=slot, released=Booking.Release.UNCONFIRMED)
    assert released.count() == released_by_jobs  # each released once, by one job
    for booking in Booking.objects.filter(pk__in=[b.pk for b in holders]):
        # Confirmed in time or released: never both, never neither.
        assert (booking.reconfirmed_at is not None) != (booking.status == "cancelled")
    assert released_by_jobs >= len(holders) - len(late_confirmers)
    # Seats from the rows: within capacity, and the counter agrees with them.
    slot = TimeSlot.objects.get(pk=slot.pk)
    assert seats_in_rows(slot) <= CAPACITY
    assert slot.seats_taken == seats_in_rows(slot)
    # The waiting list was served before any newcomer: whoever fits was offered.
    waiting = WaitingListEntry.objects.filter(slot=slot, status=WaitingListEntry.Status.WAITING)
    assert all(entry.party_size > slot.places_left for entry in waiting)
