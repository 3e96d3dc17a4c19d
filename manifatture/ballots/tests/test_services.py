import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.ballots import services
from manifatture.ballots.exceptions import (
    ActivityHasChoices,
    AlreadyDrawn,
    BallotClosed,
    BallotExists,
    InvalidActivity,
    InvalidChoice,
    InvalidWindow,
    NotAllowed,
    TooManyChoices,
)
from manifatture.ballots.models import Ballot, BallotActivity, BallotEntry
from manifatture.editions.tests.factories import EditionFactory

from .conftest import balloted_activity, make_slot
from .factories import BallotEntryFactory, BallotFactory

pytestmark = pytest.mark.django_db


def _days(n: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


# The ballot and its window --------------------------------------------------------


def test_staff_create_the_editions_ballot(edition, staff):
    ballot = services.create_ballot(edition, by=staff, opens_at=_days(1), closes_at=_days(3))
    assert Ballot.objects.get() == ballot
    assert ballot.status == Ballot.Status.OPEN
    assert ballot.seed is None


def test_only_staff_create_a_ballot(edition, visitor):
    with pytest.raises(NotAllowed):
        services.create_ballot(edition, by=visitor, opens_at=_days(1), closes_at=_days(3))
    assert not Ballot.objects.exists()


def test_one_ballot_per_edition(ballot, staff):
    with pytest.raises(BallotExists):
        services.create_ballot(ballot.edition, by=staff, opens_at=_days(1), closes_at=_days(3))


def test_the_window_must_close_after_it_opens(edition, staff):
    moment = _days(3)
    with pytest.raises(InvalidWindow) as error:
        services.create_ballot(edition, by=staff, opens_at=moment, closes_at=moment)
    assert error.value.field == "closes_at"


def test_the_window_must_close_before_the_event(edition, staff):
    with pytest.raises(InvalidWindow) as error:
        services.create_ballot(edition, by=staff, opens_at=_days(1), closes_at=_days(31))
    assert "prima dell'inizio dell'evento" in str(error.value.message)


def test_the_window_can_move_until_the_draw(ballot, staff):
    services.update_ballot_window(ballot, by=staff, opens_at=_days(2), closes_at=_days(4))
    ballot.refresh_from_db()
    assert ballot.opens_at > timezone.now()
    Ballot.objects.filter(pk=ballot.pk).update(
        status=Ballot.Status.DRAWN, seed=1, drawn_at=timezone.now()
    )
    with pytest.raises(AlreadyDrawn):
        services.update_ballot_window(ballot, by=staff, opens_at=_days(2), closes_at=_days(5))


def test_the_database_refuses_a_drawn_ballot_without_seed(ballot):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.filter(pk=ballot.pk).update(status=Ballot.Status.DRAWN)


# Activities in the ballot ---------------------------------------------------------


def test_marking_an_activity_puts_it_in_ballot_mode(ballot, staff):
    activity = ActivityFactory(edition=ballot.edition)
    services.add_ballot_activity(ballot, by=staff, activity=activity)
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BALLOT
    assert BallotActivity.objects.get().activity == activity


def test_only_staff_mark_activities(ballot, visitor):
    activity = ActivityFactory(edition=ballot.edition)
    with pytest.raises(NotAllowed):
        services.add_ballot_activity(ballot, by=visitor, activity=activity)
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BOOKING


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"edition": None}, "non fa parte dell'edizione"),
        ({"status": Activity.Status.CANCELLED}, "annullata"),
        ({"booking_mode": Activity.BookingMode.DROP_IN}, "ingresso libero"),
    ],
)
def test_some_activities_cannot_be_balloted(ballot, staff, kwargs, message):
    if kwargs.get("edition", "") is None:
        kwargs = {"edition": EditionFactory(is_current=False)}
    activity = ActivityFactory(**{"edition": ballot.edition, **kwargs})
    with pytest.raises(InvalidActivity) as error:
        services.add_ballot_activity(ballot, by=staff, activity=activity)
    assert message in str(error.value.message)
    assert not BallotActivity.objects.exists()


def test_an_activity_is_balloted_once(ballot, staff):
    activity = balloted_activity(ballot)
    with pytest.raises(InvalidActivity):
        services.add_ballot_activity(ballot, by=staff, activity=activity)


def test_removing_an_activity_makes_it_bookable_again(ballot, staff):
    activity = ActivityFactory(edition=ballot.edition)
    services.add_ballot_activity(ballot, by=staff, activity=activity)
    services.remove_ballot_activity(ballot, by=staff, activity=activity)
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BOOKING
    assert not BallotActivity.objects.exists()


def test_an_activity_already_chosen_stays_in_the_ballot(ballot, staff):
    activity = balloted_activity(ballot)
    BallotEntryFactory(ballot=ballot, slot=make_slot(activity))
    with pytest.raises(ActivityHasChoices):
        services.remove_ballot_activity(ballot, by=staff, activity=activity)
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BALLOT


# Visitors' choices ----------------------------------------------------------------


def _choices(*pairs):
    return [services.Choice(slot=slot, party_size=size) for slot, size in pairs]


@pytest.fixture
def three_slots(ballot):
    activity = balloted_activity(ballot)
    return [make_slot(activity, hour=hour) for hour in (10, 12, 14)]


def test_a_visitor_enters_ranked_choices(ballot, visitor, three_slots):
    a, b, c = three_slots
    services.save_choices(ballot, visitor=visitor, choices=_choices((b, 2), (a, 1), (c, 4)))
    entries = BallotEntry.objects.filter(visitor=visitor).order_by("rank")
    assert [(e.rank, e.slot, e.party_size, e.result) for e in entries] == [
        (1, b, 2, "pending"),
        (2, a, 1, "pending"),
        (3, c, 4, "pending"),
    ]


def test_choices_can_be_changed_and_withdrawn(ballot, visitor, three_slots):
    a, b, c = three_slots
    services.save_choices(ballot, visitor=visitor, choices=_choices((a, 1), (b, 1)))
    services.save_choices(ballot, visitor=visitor, choices=_choices((c, 3)))
    assert [(e.slot, e.party_size) for e in BallotEntry.objects.all()] == [(c, 3)]
    services.save_choices(ballot, visitor=visitor, choices=[])
    assert not BallotEntry.objects.exists()


def test_at_most_three_choices(ballot, visitor, three_slots):
    fourth = make_slot(three_slots[0].activity, hour=16)
    with pytest.raises(TooManyChoices):
        services.save_choices(
            ballot, visitor=visitor, choices=_choices(*[(s, 1) for s in [*three_slots, fourth]])
        )
    assert not BallotEntry.objects.exists()


def test_the_database_keeps_ranks_one_to_three(ballot, visitor, three_slots):
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotEntryFactory(ballot=ballot, visitor=visitor, slot=three_slots[0], rank=4)
    BallotEntryFactory(ballot=ballot, visitor=visitor, slot=three_slots[0], rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotEntryFactory(ballot=ballot, visitor=visitor, slot=three_slots[1], rank=1)


def test_choices_only_while_the_window_is_open(edition, visitor):
    for ballot in (BallotFactory(edition=edition, upcoming=True),):
        slot = make_slot(balloted_activity(ballot))
        with pytest.raises(BallotClosed) as error:
            services.save_choices(ballot, visitor=visitor, choices=_choices((slot, 1)))
        assert "aprono il" in str(error.value.message)
    Ballot.objects.update(opens_at=_days(-5), closes_at=_days(-1))
    with pytest.raises(BallotClosed) as error:
        services.save_choices(ballot, visitor=visitor, choices=_choices((slot, 1)))
    assert "si sono chiuse il" in str(error.value.message)
    assert not BallotEntry.objects.exists()


def test_a_choice_must_be_a_balloted_slot(ballot, visitor, three_slots):
    elsewhere = TimeSlotFactory(activity__edition=ballot.edition)
    with pytest.raises(InvalidChoice) as error:
        services.save_choices(
            ballot, visitor=visitor, choices=_choices((three_slots[0], 1), (elsewhere, 1))
        )
    assert error.value.rank == 2
    assert "non fa parte del sorteggio" in str(error.value.message)


def test_a_choice_cannot_repeat_a_slot(ballot, visitor, three_slots):
    with pytest.raises(InvalidChoice) as error:
        services.save_choices(
            ballot, visitor=visitor, choices=_choices((three_slots[0], 1), (three_slots[0], 2))
        )
    assert error.value.rank == 2


def test_a_party_is_one_to_the_activitys_maximum(ballot, visitor):
    slot = make_slot(balloted_activity(ballot, max_party_size=3))
    for size in (0, 4):
        with pytest.raises(InvalidChoice) as error:
            services.save_choices(ballot, visitor=visitor, choices=_choices((slot, size)))
        assert error.value.field == "party_size"
        assert "1–3 persone" in str(error.value.message)
    services.save_choices(ballot, visitor=visitor, choices=_choices((slot, 3)))


def test_a_cancelled_slot_cannot_be_chosen(ballot, visitor):
    slot = make_slot(balloted_activity(ballot), cancelled_at=timezone.now())
    with pytest.raises(InvalidChoice):
        services.save_choices(ballot, visitor=visitor, choices=_choices((slot, 1)))
