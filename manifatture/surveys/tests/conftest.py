import datetime

import pytest

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.tickets.tests.factories import BookingFactory


@pytest.fixture
def edition():
    """The event ended yesterday: its surveys are open."""
    return PhasedEditionFactory(event_on=True)


@pytest.fixture
def host():
    return MembershipFactory()


@pytest.fixture
def activity(edition, host):
    site = SiteFactory(organisation=host.organisation)
    return ActivityFactory(
        edition=edition, organisation=host.organisation, site=site, title_it="Visita alla fonderia"
    )


@pytest.fixture
def slot(activity, edition):
    return TimeSlotFactory(
        activity=activity,
        capacity=40,
        starts_at=event_time(edition, hour=10),
        ends_at=event_time(edition, hour=11),
    )


def admitted(slot, **extra):
    """A booking admitted at the door five minutes before its start."""
    return BookingFactory(
        slot=slot, checked_in_at=slot.starts_at - datetime.timedelta(minutes=5), **extra
    )


@pytest.fixture
def visitor():
    return UserFactory(full_name="Giulia Bianchi", email="giulia@example.org")


@pytest.fixture
def booking(slot, visitor):
    return admitted(slot, visitor=visitor)
