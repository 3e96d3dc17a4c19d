import datetime
import decimal

import pytest

from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.directory.models import Site
from manifatture.directory.tests.factories import SiteFactory
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import EditionFactory


@pytest.fixture
def edition() -> Edition:
    return EditionFactory()


@pytest.fixture
def visitor() -> User:
    return UserFactory(full_name="Giulia Bianchi")


@pytest.fixture
def lambrate() -> Site:
    """Via Ventura, Lambrate."""
    return SiteFactory(
        name="Officina Ventura",
        latitude=decimal.Decimal("45.484200"),
        longitude=decimal.Decimal("9.239900"),
    )


@pytest.fixture
def duomo() -> Site:
    """Near the Duomo, 4.48 km from Via Ventura as the crow flies."""
    return SiteFactory(
        name="Atelier Duomo",
        address="Piazza del Duomo 1",
        latitude=decimal.Decimal("45.464200"),
        longitude=decimal.Decimal("9.190000"),
    )


def activity_at(edition: Edition, site: Site | None, **fields) -> Activity:
    if site is None:
        return ActivityFactory(edition=edition, site=None, kind="talk", **fields)
    return ActivityFactory(edition=edition, organisation=site.organisation, site=site, **fields)


def slot_at(
    edition: Edition,
    site: Site | None,
    start: tuple[int, int],
    end: tuple[int, int],
    *,
    day: int = 0,
    activity: Activity | None = None,
    **fields,
) -> TimeSlot:
    """A slot on event day `day` from start (hour, minute) to end (hour, minute)."""
    activity = activity or activity_at(edition, site, **fields)
    return TimeSlotFactory(
        activity=activity,
        starts_at=event_time(edition, day=day, hour=start[0], minute=start[1]),
        ends_at=event_time(edition, day=day, hour=end[0], minute=end[1]),
    )


def day_of(edition: Edition, day: int = 0) -> datetime.date:
    return edition.event_start + datetime.timedelta(days=day)
