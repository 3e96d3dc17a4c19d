"""Many people booking the last seats at once, with real row locks.

Seats over capacity are counted from the booking rows, not from the slot's
counter: a wrong design could keep the counter right and still overbook."""

import random
import threading

import pytest
from django.db import connections
from django.db.models import Sum

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.bookings import services
from manifatture.bookings.exceptions import BookingError
from manifatture.bookings.models import Booking

from .conftest import fill, make_slot, sibling

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

BOOKERS = 60


def run_at_once(jobs):
    """Run each job in its own thread (its own database connection), all
    released together; returns their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = ("ok", job())
        except BookingError as error:
            results[index] = ("refused", type(error).__name__)
        except Exception as error:
            results[index] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def booked_rows(slot) -> int:
    return (
        Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).aggregate(
            seats=Sum("party_size")
        )["seats"]
        or 0
    )


def test_many_bookers_on_the_last_seats_never_overbook(activity):
    slot = make_slot(activity, capacity=20)
    fill(slot, 14)  # six seats left
    visitors = [UserFactory() for _ in range(BOOKERS)]
    rng = random.Random(20191129)
    parties = [rng.choice([1, 1, 2, 3]) for _ in visitors]
    jobs = [
        (lambda v=v, n=n: services.book_slot(slot, visitor=v, party_size=n).pk)
        for v, n in zip(visitors, parties, strict=True)
    ]

    results = run_at_once(jobs)

    assert [r for r in results if r[0] == "error"] == []
    answered = {r[1] for r in results if r[0] == "ok"}
    refused = [r for r in results if r[0] == "refused"]
    assert {name for _, name in refused} <= {"SlotFull"}
    assert len(answered) + len(refused) == BOOKERS
    rows = set(
        Booking.objects.filter(
            slot=slot, status=Booking.Status.CONFIRMED, visitor__in=visitors
        ).values_list("pk", flat=True)
    )
    # Every success answered has its row, every row was answered as a success.
    assert rows == answered
    seats = booked_rows(slot)
    assert max(seats - slot.capacity, 0) == 0  # seats over capacity, from the rows
    slot = TimeSlot.objects.get(pk=slot.pk)
    assert slot.seats_taken == seats
    # The last seats went: whoever was refused asked for more than was left.
    left = slot.capacity - seats
    refused_parties = [parties[i] for i, r in enumerate(results) if r[0] == "refused"]
    assert all(n > left for n in refused_parties)


def test_one_visitor_racing_stays_within_the_limit(activity, settings):
    settings.BOOKINGS_PER_VISITOR = 3
    visitor = UserFactory()
    slots = [make_slot(sibling(activity), hour=9 + i) for i in range(10)]
    jobs = [(lambda s=s: services.book_slot(s, visitor=visitor, party_size=1).pk) for s in slots]

    results = run_at_once(jobs)

    assert [r for r in results if r[0] == "error"] == []
    answered = {r[1] for r in results if r[0] == "ok"}
    assert len(answered) == 3
    assert {r[1] for r in results if r[0] == "refused"} == {"AllBookingsUsed"}
    assert set(Booking.objects.filter(visitor=visitor).values_list("pk", flat=True)) == answered


def test_one_visitor_racing_never_double_books_overlapping_slots(activity):
    visitor = UserFactory()
    # Ten slots all at 10:00 at the same site: only one can be booked.
    slots = [make_slot(activity, hour=10) for _ in range(10)]
    results = run_at_once(
        [(lambda s=s: services.book_slot(s, visitor=visitor, party_size=1).pk) for s in slots]
    )
    assert [r for r in results if r[0] == "error"] == []
    assert len([r for r in results if r[0] == "ok"]) == 1
    assert Booking.objects.filter(visitor=visitor).count() == 1


def test_a_burst_of_double_submits_books_once(activity):
    slot = make_slot(activity, capacity=20)
    visitor = UserFactory()
    results = run_at_once([lambda: services.book_slot(slot, visitor=visitor, party_size=2).pk] * 20)
    assert [r for r in results if r[0] != "ok"] == []
    (only,) = Booking.objects.filter(slot=slot).values_list("pk", flat=True)
    assert {r[1] for r in results} == {only}
    assert TimeSlot.objects.get(pk=slot.pk).seats_taken == 2


def test_cancellations_and_bookings_racing_keep_the_counter_true(activity):
    slot = make_slot(activity, capacity=10)
    bookings = fill(slot, 10)
    newcomers = [UserFactory() for _ in range(30)]
    jobs = [(lambda b=b: services.cancel_booking(b, by=b.visitor)) for b in bookings[:5]] + [
        (lambda v=v: services.book_slot(slot, visitor=v, party_size=1).pk) for v in newcomers
    ]

    results = run_at_once(jobs)

    assert [r for r in results if r[0] == "error"] == []
    seats = booked_rows(slot)
    assert seats <= slot.capacity
    assert TimeSlot.objects.get(pk=slot.pk).seats_taken == seats


def test_host_cancelling_a_slot_while_visitors_cancel_never_deadlocks(activity):
    from manifatture.directory.tests.factories import MembershipFactory

    host = MembershipFactory(organisation=activity.organisation).user
    slot = make_slot(activity, capacity=20)
    bookings = fill(slot, 20)
    jobs = [(lambda b=b: services.cancel_booking(b, by=b.visitor)) for b in bookings]
    jobs.append(lambda: services.cancel_slot(slot, by=host))

    results = run_at_once(jobs)

    assert [r for r in results if r[0] != "ok"] == []
    slot = TimeSlot.objects.get(pk=slot.pk)
    assert slot.is_cancelled
    assert (slot.seats_taken, booked_rows(slot)) == (0, 0)
