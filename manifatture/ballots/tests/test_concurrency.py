"""The draw racing other writers, with real row locks."""

import threading

import pytest
from django.db import connections

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.ballots import services
from manifatture.ballots.exceptions import BallotError
from manifatture.ballots.models import Ballot, BallotEntry
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import BookingError
from manifatture.bookings.models import Booking
from manifatture.editions.tests.factories import PhasedEditionFactory

from .conftest import balloted_activity, make_slot
from .factories import BallotEntryFactory, BallotFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
]


def run_at_once(jobs):
    """Run each job in its own thread (its own connection), released together."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = ("ok", job())
        except (BallotError, BookingError) as error:
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


def test_two_staff_drawing_at_once_draw_once():
    ballot = BallotFactory(closed=True)
    slot = make_slot(balloted_activity(ballot), capacity=3)
    for person in UserFactory.create_batch(6):
        BallotEntryFactory(ballot=ballot, visitor=person, slot=slot)
    staff = StaffFactory.create_batch(2)

    results = run_at_once(
        [lambda by=by: services.run_draw(ballot, by=by, seed=by.pk).seed for by in staff]
    )

    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert [value for kind, value in results if kind == "refused"] == ["AlreadyDrawn"]
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.DRAWN
    assert [value for kind, value in results if kind == "ok"] == [ballot.seed]
    assert Booking.objects.count() == 3
    assert BallotEntry.objects.filter(result="won").count() == 3
    slot.refresh_from_db()
    assert slot.seats_taken == 3


def test_a_visitor_booking_elsewhere_during_the_draw_never_gets_two_overlapping_places():
    # Registration is open: the visitor may book an ordinary visit while the
    # draw runs. Whoever comes second sees the other's place: never both.
    edition = PhasedEditionFactory(registration=True)
    staff = StaffFactory()
    for attempt in range(5):
        ballot = BallotFactory(edition=edition, closed=True)
        balloted = make_slot(balloted_activity(ballot), hour=10, capacity=5)
        ordinary = make_slot(ActivityFactory(edition=edition), hour=10, minute=30, capacity=5)
        visitor = UserFactory()
        BallotEntryFactory(ballot=ballot, visitor=visitor, slot=balloted)

        results = run_at_once(
            [
                lambda b=ballot: services.run_draw(b, by=staff).seed,
                lambda s=ordinary, v=visitor: (
                    booking_services.book_slot(s, visitor=v, party_size=1).pk
                ),
            ]
        )

        assert [kind for kind, _ in results].count("error") == 0, results
        places = Booking.objects.filter(visitor=visitor, status="confirmed")
        assert places.count() == 1, (attempt, results)
        entry = BallotEntry.objects.get(visitor=visitor)
        if places.get().slot == balloted:
            assert entry.result == "won"
            assert results[1] == ("refused", "OverlappingBooking")
        else:
            assert entry.result == "clash"
        BallotEntry.objects.all().delete()
        Booking.objects.filter(visitor=visitor).delete()
        Ballot.objects.all().delete()
