import datetime
import decimal

import pytest
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings import services
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory


@pytest.fixture
def edition():
    """The current edition, with visitor registration open now."""
    return PhasedEditionFactory(registration=True)


@pytest.fixture
def activity(edition):
    return ActivityFactory(edition=edition)


@pytest.fixture
def slot(activity):
    return TimeSlotFactory(activity=activity, capacity=10)


@pytest.fixture
def visitor():
    return UserFactory()


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def host(activity):
    """A member of the organisation hosting `activity`."""
    return MembershipFactory(organisation=activity.organisation).user


def make_slot(activity, *, day=0, hour=10, minute=0, minutes=60, **kwargs):
    starts = event_time(activity.edition, day=day, hour=hour, minute=minute)
    return TimeSlotFactory(
        activity=activity,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=minutes),
        **kwargs,
    )


def sibling(activity, **fields):
    """Another activity like `activity` (same edition, host, site and sizes):
    a visitor books one slot per activity, so tests of limits across bookings
    spread them over activities."""
    values = {
        "edition": activity.edition,
        "organisation": activity.organisation,
        "site": activity.site,
        "max_party_size": activity.max_party_size,
        "max_group_size": activity.max_group_size,
        **fields,
    }
    return ActivityFactory(**values)


def fill(slot, seats: int):
    """Book `seats` seats on the slot, one visitor per seat."""
    return [services.book_slot(slot, visitor=UserFactory(), party_size=1) for _ in range(seats)]


def site_at(organisation, latitude: str, longitude: str):
    return SiteFactory(
        organisation=organisation,
        latitude=decimal.Decimal(latitude),
        longitude=decimal.Decimal(longitude),
    )


def in_minutes(minutes: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)
