import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.directory.models import Organisation, Site
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import EditionFactory


@dataclass
class Host:
    user: User
    organisation: Organisation
    site: Site


def make_host() -> Host:
    membership = MembershipFactory()
    site = SiteFactory(organisation=membership.organisation)
    return Host(user=membership.user, organisation=membership.organisation, site=site)


def make_slot(
    host: Host,
    edition: Edition,
    *,
    starts_in: datetime.timedelta = datetime.timedelta(minutes=10),
    hours: int = 1,
    activity: Activity | None = None,
    **activity_fields,
) -> TimeSlot:
    """A slot of one of the host's activities starting `starts_in` from now."""
    activity = activity or ActivityFactory(
        edition=edition, organisation=host.organisation, site=host.site, **activity_fields
    )
    start = timezone.now().replace(microsecond=0) + starts_in
    return TimeSlotFactory(
        activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=hours)
    )


@pytest.fixture
def edition() -> Edition:
    return EditionFactory()


@pytest.fixture
def host() -> Host:
    return make_host()


@pytest.fixture
def visitor() -> User:
    return UserFactory(full_name="Giulia Bianchi")


@pytest.fixture
def staff() -> User:
    return StaffFactory()


@pytest.fixture
def slot(host, edition) -> TimeSlot:
    """A guided visit of the host starting in ten minutes: check-in is open."""
    return make_slot(host, edition)
