"""The draw as staff run it: the database around the pure draw."""

import datetime
import decimal
import random

import pytest
from django.core import mail
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, HubVenueFactory
from manifatture.ballots import services
from manifatture.ballots.exceptions import AlreadyDrawn, NotAllowed, WindowStillOpen
from manifatture.ballots.models import Ballot, BallotEntry
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import SlotFull
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.bookings.tests.factories import BookingFactory
from manifatture.directory.tests.factories import SiteFactory

from .conftest import balloted_activity, make_slot
from .factories import BallotEntryFactory

pytestmark = pytest.mark.django_db


def enter(ballot, visitor, *choices):
    """Choices written as the service would, while the window was open."""
    return [
        BallotEntryFactory(ballot=ballot, visitor=visitor, rank=rank, slot=slot, party_size=size)
        for rank, (slot, size) in enumerate(choices, start=1)
    ]


def results(ballot):
    return {
        (entry.visitor_id, entry.slot_id): entry.result
        for entry in BallotEntry.objects.filter(ballot=ballot)
    }


def seats_booked(slot) -> int:
    return Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).aggregate(
        n=Sum("party_size", default=0)
    )["n"]


def test_only_staff_run_the_draw(closed_ballot, visitor):
    with pytest.raises(NotAllowed):
        services.run_draw(closed_ballot, by=visitor)
    closed_ballot.refresh_from_db()
    assert closed_ballot.status == Ballot.Status.OPEN


def test_no_draw_while_the_window_is_open(ballot, staff):
    with pytest.raises(WindowStillOpen):
        services.run_draw(ballot, by=staff)
    ballot.refresh_from_db()
    assert ballot.seed is None


def test_a_ballot_is_drawn_once(closed_ballot, staff):
    services.run_draw(closed_ballot, by=staff, seed=5)
    with pytest.raises(AlreadyDrawn):
        services.run_draw(closed_ballot, by=staff, seed=6)
    closed_ballot.refresh_from_db()
    assert closed_ballot.seed == 5


def test_the_draw_records_its_seed_and_who_ran_it(closed_ballot, staff):
    drawn = services.run_draw(closed_ballot, by=staff)
    drawn.refresh_from_db()
    assert drawn.status == Ballot.Status.DRAWN
    assert 0 <= drawn.seed < services.SEED_LIMIT
    assert drawn.drawn_by == staff
    assert drawn.drawn_at <= timezone.now()


def test_winners_get_bookings_and_the_others_join_the_waiting_list(closed_ballot, staff):
    activity = balloted_activity(closed_ballot)
    slot = make_slot(activity, capacity=3)
    people = UserFactory.create_batch(5)
    for person in people:
        enter(closed_ballot, person, (slot, 1))
    # Registration opens in weeks and the activity is in ballot mode: the draw books anyway.
    assert closed_ballot.edition.registration_opens > timezone.now()

    services.run_draw(closed_ballot, by=staff, seed=42)

    slot.refresh_from_db()
    assert slot.seats_taken == 3
    assert seats_booked(slot) == 3
    outcome = results(closed_ballot)
    winners = {visitor for (visitor, _), result in outcome.items() if result == "won"}
    waiting = {visitor for (visitor, _), result in outcome.items() if result == "waiting"}
    assert len(winners) == 3
    assert waiting == {p.pk for p in people} - winners
    assert set(Booking.objects.values_list("visitor_id", flat=True)) == winners
    assert (
        set(
            WaitingListEntry.objects.filter(slot=slot, status="waiting").values_list(
                "visitor_id", flat=True
            )
        )
        == waiting
    )
    for entry in BallotEntry.objects.filter(result="won"):
        assert entry.booking.slot == slot
        assert entry.booking.visitor_id == entry.visitor_id
        assert entry.round == 1
    for entry in BallotEntry.objects.filter(result="waiting"):
        assert entry.waiting_entry.visitor_id == entry.visitor_id
        assert entry.booking is None


def test_after_the_draw_the_activities_are_booked_as_usual(closed_ballot, staff):
    activity = balloted_activity(closed_ballot)
    services.run_draw(closed_ballot, by=staff, seed=1)
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BOOKING


def test_a_party_is_all_or_nothing(closed_ballot, staff):
    slot = make_slot(balloted_activity(closed_ballot), capacity=4)
    big, small = UserFactory(), UserFactory()
    enter(closed_ballot, big, (slot, 4))
    enter(closed_ballot, small, (slot, 2))
    services.run_draw(closed_ballot, by=staff, seed=3)
    won = BallotEntry.objects.get(result="won")
    slot.refresh_from_db()
    assert slot.seats_taken == won.party_size
    loser = BallotEntry.objects.get(result="waiting")
    assert {won.visitor, loser.visitor} == {big, small}
    assert WaitingListEntry.objects.get().party_size == loser.party_size


def test_seats_kept_for_groups_and_seats_already_taken_are_not_drawn(closed_ballot, staff):
    # Three seats booked before the ballot.
    slot = make_slot(balloted_activity(closed_ballot), capacity=10, group_seats=4, seats_taken=3)
    people = UserFactory.create_batch(5)
    for person in people:
        enter(closed_ballot, person, (slot, 1))
    services.run_draw(closed_ballot, by=staff, seed=8)
    slot.refresh_from_db()
    assert BallotEntry.objects.filter(result="won").count() == 3  # 10 - 4 kept - 3 taken
    assert slot.seats_taken == 6
    assert slot.places_left == 0


def test_nobody_gets_two_overlapping_places(closed_ballot, staff, visitor):
    morning = make_slot(balloted_activity(closed_ballot), hour=10)
    same_time = make_slot(balloted_activity(closed_ballot), hour=10, minute=30)
    afternoon = make_slot(balloted_activity(closed_ballot), hour=15)
    enter(closed_ballot, visitor, (morning, 1), (same_time, 1), (afternoon, 1))
    services.run_draw(closed_ballot, by=staff, seed=0)
    assert results(closed_ballot) == {
        (visitor.pk, morning.pk): "won",
        (visitor.pk, same_time.pk): "clash",
        (visitor.pk, afternoon.pk): "won",
    }
    assert not WaitingListEntry.objects.exists()
    assert Booking.objects.filter(visitor=visitor).count() == 2


def test_travel_time_between_sites_counts(closed_ballot, staff, visitor, settings):
    settings.TRAVEL_SPEED_KMH = 12
    near_hub = SiteFactory(
        latitude=decimal.Decimal("45.452500"), longitude=decimal.Decimal("9.162200")
    )
    lambrate = SiteFactory(
        latitude=decimal.Decimal("45.484200"), longitude=decimal.Decimal("9.239900")
    )
    first = make_slot(
        balloted_activity(closed_ballot, organisation=near_hub.organisation, site=near_hub),
        hour=10,
    )
    # 15 minutes after the first ends, 7 km away: 36 minutes at 12 km/h.
    too_close = make_slot(
        balloted_activity(closed_ballot, organisation=lambrate.organisation, site=lambrate),
        hour=11,
        minute=15,
    )
    enter(closed_ballot, visitor, (first, 1), (too_close, 1))
    services.run_draw(closed_ballot, by=staff, seed=0)
    assert results(closed_ballot) == {
        (visitor.pk, first.pk): "won",
        (visitor.pk, too_close.pk): "clash",
    }


def test_hub_slots_use_the_hubs_place(closed_ballot, staff, visitor, settings):
    settings.TRAVEL_SPEED_KMH = 12
    HubVenueFactory(edition=closed_ballot.edition)  # BASE Milano
    lambrate = SiteFactory()  # Via Ventura, about 7 km away
    talk = make_slot(balloted_activity(closed_ballot, kind="talk", site=None), hour=10)
    visit = make_slot(
        balloted_activity(closed_ballot, organisation=lambrate.organisation, site=lambrate),
        hour=11,
        minute=15,
    )
    enter(closed_ballot, visitor, (visit, 1), (talk, 1))
    services.run_draw(closed_ballot, by=staff, seed=0)
    assert results(closed_ballot) == {(visitor.pk, visit.pk): "won", (visitor.pk, talk.pk): "clash"}


def test_bookings_people_already_have_are_respected(closed_ballot, staff, visitor):
    other = ActivityFactory(edition=closed_ballot.edition)
    booked = make_slot(other, hour=10)
    BookingFactory(slot=booked, visitor=visitor, party_size=1)
    clashing = make_slot(balloted_activity(closed_ballot), hour=10, minute=30)
    enter(closed_ballot, visitor, (clashing, 1))
    services.run_draw(closed_ballot, by=staff, seed=0)
    assert results(closed_ballot) == {(visitor.pk, clashing.pk): "clash"}


def test_the_limit_of_bookings_per_visitor_applies(closed_ballot, staff, visitor, settings):
    settings.BOOKINGS_PER_VISITOR = 2
    BookingFactory(
        slot=make_slot(ActivityFactory(edition=closed_ballot.edition), hour=8),
        visitor=visitor,
        party_size=1,
    )
    a = make_slot(balloted_activity(closed_ballot), hour=10)
    b = make_slot(balloted_activity(closed_ballot), hour=12)
    enter(closed_ballot, visitor, (a, 1), (b, 1))
    services.run_draw(closed_ballot, by=staff, seed=0)
    assert results(closed_ballot) == {(visitor.pk, a.pk): "won", (visitor.pk, b.pk): "not_placed"}
    assert Booking.objects.filter(visitor=visitor).count() == 2


def test_a_cancelled_slot_gives_no_place(closed_ballot, staff, visitor):
    slot = make_slot(balloted_activity(closed_ballot), cancelled_at=timezone.now())
    enter(closed_ballot, visitor, (slot, 1))
    services.run_draw(closed_ballot, by=staff, seed=0)
    assert results(closed_ballot) == {(visitor.pk, slot.pk): "not_placed"}
    assert not Booking.objects.exists() and not WaitingListEntry.objects.exists()


def test_people_with_no_place_come_first_on_the_waiting_list(closed_ballot, staff):
    # One seat in the morning and one in the afternoon; four people want both.
    morning = make_slot(balloted_activity(closed_ballot), hour=10, capacity=1)
    afternoon = make_slot(balloted_activity(closed_ballot), hour=15, capacity=1)
    people = UserFactory.create_batch(4)
    for person in people:
        enter(closed_ballot, person, (morning, 1), (afternoon, 1))
    services.run_draw(closed_ballot, by=staff, seed=11)
    winners = set(BallotEntry.objects.filter(result="won").values_list("visitor_id", flat=True))
    assert len(winners) == 2  # two different people, one place each
    for slot in (morning, afternoon):
        queue = list(
            WaitingListEntry.objects.filter(slot=slot)
            .order_by("joined_at", "pk")
            .values_list("visitor_id", flat=True)
        )
        without_place = [v for v in queue if v not in winners]
        assert queue[: len(without_place)] == without_place
        assert len(without_place) == 2


def test_the_same_seed_on_the_same_entries_gives_the_same_result(closed_ballot, staff):
    slots = [
        make_slot(balloted_activity(closed_ballot), hour=hour, capacity=capacity)
        for hour, capacity in ((10, 3), (12, 2), (14, 4))
    ]
    rng = random.Random(2030)
    for person in UserFactory.create_batch(12):
        chosen = rng.sample(slots, rng.randint(1, 3))
        enter(closed_ballot, person, *[(slot, rng.randint(1, 2)) for slot in chosen])

    class Undo(Exception):
        pass

    def draw_and_undo(seed):
        try:
            with transaction.atomic():
                services.run_draw(closed_ballot, by=staff, seed=seed)
                outcome = results(closed_ballot)
                raise Undo
        except Undo:
            return outcome

    first = draw_and_undo(1234)
    assert not Booking.objects.exists()  # undone
    assert draw_and_undo(1234) == first
    assert any(draw_and_undo(seed) != first for seed in range(1, 6))
    assert sorted(set(first.values())) == ["waiting", "won"]


def test_a_larger_draw_never_overbooks(closed_ballot, staff):
    rng = random.Random(7)
    slots = [
        make_slot(
            balloted_activity(closed_ballot),
            day=rng.randint(0, 1),
            hour=rng.randint(9, 17),
            capacity=rng.randint(1, 8),
        )
        for _ in range(6)
    ]
    for person in UserFactory.create_batch(40):
        chosen = rng.sample(slots, rng.randint(1, 3))
        enter(closed_ballot, person, *[(slot, rng.randint(1, 4)) for slot in chosen])
    services.run_draw(closed_ballot, by=staff, seed=99)
    for slot in slots:
        slot.refresh_from_db()
        assert seats_booked(slot) == slot.seats_taken <= slot.capacity
    for entry in BallotEntry.objects.filter(result="won").select_related("booking"):
        assert entry.booking.party_size == entry.party_size
        assert entry.booking.slot_id == entry.slot_id
    # Every confirmed booking came from a winning choice.
    assert Booking.objects.count() == BallotEntry.objects.filter(result="won").count()


def test_everyone_gets_the_result_by_email_and_winners_their_ticket(
    closed_ballot, staff, django_capture_on_commit_callbacks
):
    slot = make_slot(balloted_activity(closed_ballot), capacity=1)
    winner_and_loser = UserFactory.create_batch(2, language="it")
    for person in winner_and_loser:
        enter(closed_ballot, person, (slot, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.run_draw(closed_ballot, by=staff, seed=4)
    winner = BallotEntry.objects.get(result="won").visitor
    loser = BallotEntry.objects.get(result="waiting").visitor
    to_winner = [m for m in mail.outbox if m.to == [winner.email]]
    to_loser = [m for m in mail.outbox if m.to == [loser.email]]
    assert len(mail.outbox) == 3
    assert len(to_loser) == 1
    assert "esito del sorteggio" in to_loser[0].subject
    assert "In lista d'attesa" in to_loser[0].body
    assert str(closed_ballot.edition.title) in to_loser[0].subject
    subjects = sorted(m.subject for m in to_winner)
    assert any("avete vinto al sorteggio" in s for s in subjects)
    ticket = Booking.objects.get().ticket_code
    assert any(ticket in m.body for m in to_winner)  # the booking confirmation


def test_the_emails_are_in_the_visitors_language(
    closed_ballot, staff, django_capture_on_commit_callbacks
):
    slot = make_slot(balloted_activity(closed_ballot), capacity=1)
    english = UserFactory(language="en")
    enter(closed_ballot, english, (slot, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.run_draw(closed_ballot, by=staff, seed=4)
    assert {m.to[0] for m in mail.outbox} == {english.email}
    # The result (no attachments) and the ticket (QR code and calendar file).
    result, ticket = sorted(mail.outbox, key=lambda m: len(m.attachments))
    assert len(ticket.attachments) == 2
    assert 'lang="en"' in result.alternatives[0].content
    assert 'lang="en"' in ticket.alternatives[0].content


def test_waiting_list_entries_are_offered_when_a_winner_cancels(closed_ballot, staff, settings):
    # After the draw the activity is booked as usual: a freed seat goes to the
    # waiting list (once visitor registration is open).
    slot = make_slot(balloted_activity(closed_ballot), capacity=1)
    first, second = UserFactory(), UserFactory()
    enter(closed_ballot, first, (slot, 1))
    enter(closed_ballot, second, (slot, 1))
    services.run_draw(closed_ballot, by=staff, seed=2)
    edition = closed_ballot.edition
    type(edition).objects.filter(pk=edition.pk).update(
        registration_opens=timezone.now() - datetime.timedelta(days=1)
    )
    booking = Booking.objects.get()
    booking_services.cancel_booking(booking, by=booking.visitor)
    entry = WaitingListEntry.objects.get()
    assert entry.status == WaitingListEntry.Status.OFFERED


def test_a_place_is_never_booked_on_a_slot_cancelled_during_the_draw(closed_ballot):
    # The draw reads the slots first; a slot cancelled in between refuses the
    # seats in the same conditional update that takes them.
    activity = balloted_activity(closed_ballot)
    slot = make_slot(activity, capacity=5)
    TimeSlot.objects.filter(pk=slot.pk).update(cancelled_at=timezone.now())
    with pytest.raises(SlotFull):
        booking_services.book_drawn_place(slot, visitor=UserFactory(), party_size=1)
    assert seats_booked(slot) == 0
    slot.refresh_from_db()
    assert slot.seats_taken == 0


def test_a_drawn_place_respects_capacity_and_seats_kept_for_groups(closed_ballot):
    activity = balloted_activity(closed_ballot, max_group_size=10)
    slot = make_slot(activity, capacity=4, group_seats=2)
    booking_services.book_drawn_place(slot, visitor=UserFactory(), party_size=2)
    with pytest.raises(SlotFull):
        booking_services.book_drawn_place(slot, visitor=UserFactory(), party_size=1)
    assert seats_booked(slot) == 2
