"""A wave opening while many people book, with real row locks on PostgreSQL:
the waiting list gets its offers before anyone else can take the new seats,
and the seats booked or held never pass the released share. Counted from the
booking and waiting-list rows, not from the slot's counter."""

import datetime
import random

import pytest
from django.db.models import Sum
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.models import ReleaseWave
from manifatture.bookings import services, waves
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.bookings.queries import places_left
from manifatture.bookings.tests.conftest import fill, make_slot
from manifatture.bookings.tests.test_concurrency import run_at_once

pytestmark = [pytest.mark.django_db(transaction=True)]

BOOKERS = 40
DAY = datetime.timedelta(days=1)


def seats_held(slot) -> int:
    booked = Booking.objects.filter(slot=slot, status="confirmed").aggregate(n=Sum("party_size"))
    offered = WaitingListEntry.objects.filter(slot=slot, status="offered").aggregate(
        n=Sum("party_size")
    )
    return (booked["n"] or 0) + (offered["n"] or 0)


def test_a_wave_opening_under_a_rush_serves_the_waiting_list_and_never_overbooks(activity):
    slot = make_slot(activity, capacity=20)
    now = timezone.now()
    waves.define_release_waves(
        activity.edition, waves=[(now - DAY, 50), (now + DAY, 50)], by=StaffFactory()
    )
    fill(slot, 10)  # the first wave's ten seats are gone
    waiting = [
        services.join_waiting_list(slot, visitor=UserFactory(), party_size=size)
        for size in (2, 1, 3)
    ]
    # The second wave's minute has come; its release runs among the bookers.
    ReleaseWave.objects.filter(released_at__isnull=True).update(opens_at=now)
    visitors = [UserFactory() for _ in range(BOOKERS)]
    rng = random.Random(20261207)
    parties = [rng.choice([1, 1, 2, 3]) for _ in visitors]
    jobs = [
        (lambda v=v, n=n: services.book_slot(slot, visitor=v, party_size=n).pk)
        for v, n in zip(visitors, parties, strict=True)
    ]
    jobs.insert(BOOKERS // 2, lambda: waves.release_due_waves())

    results = run_at_once(jobs)

    assert [r for r in results if r[0] == "error"] == []
    assert {r[1] for r in results if r[0] == "refused"} <= {"SlotFull"}
    # The release ran once, and each waiting person was offered seats.
    assert ReleaseWave.objects.filter(released_at__isnull=True).count() == 0
    statuses = [WaitingListEntry.objects.get(pk=entry.pk).status for entry in waiting]
    assert statuses == ["offered", "offered", "offered"]
    # Never past the released share (all 20 now), counted from the rows.
    assert seats_held(slot) <= 20
    slot.refresh_from_db()
    assert slot.seats_taken == seats_held(slot)
    # What is not held is what the pages offer: the whole wave is out.
    assert places_left(slot) == 20 - seats_held(slot)
