import datetime

import pytest

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.tests.factories import TimeSlotFactory, event_time
from manifatture.editions.tests.factories import EditionFactory

from .factories import BallotActivityFactory, BallotFactory


@pytest.fixture
def edition():
    """The current edition: the event is in a month and visitor registration
    has not opened yet (ballots usually come first)."""
    return EditionFactory()


@pytest.fixture
def ballot(edition):
    """A ballot taking choices now."""
    return BallotFactory(edition=edition)


@pytest.fixture
def closed_ballot(edition):
    """A ballot whose window has closed: ready to draw."""
    return BallotFactory(edition=edition, closed=True)


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def visitor():
    return UserFactory()


def balloted_activity(ballot, **kwargs):
    return BallotActivityFactory(
        ballot=ballot,
        activity__edition=ballot.edition,
        **{f"activity__{key}": value for key, value in kwargs.items()},
    ).activity


def make_slot(activity, *, day=0, hour=10, minute=0, minutes=60, **kwargs):
    starts = event_time(activity.edition, day=day, hour=hour, minute=minute)
    return TimeSlotFactory(
        activity=activity,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=minutes),
        **kwargs,
    )
