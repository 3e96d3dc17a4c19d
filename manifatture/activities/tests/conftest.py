from dataclasses import dataclass

import pytest

from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory.models import Organisation, Site
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    SubmittedApplicationFactory,
)


@dataclass
class Host:
    user: User
    organisation: Organisation
    site: Site


@pytest.fixture
def edition() -> Edition:
    """The current edition (only one may be current)."""
    return EditionFactory()


def make_host(edition: Edition, *, accepted: bool = True) -> Host:
    membership = MembershipFactory()
    organisation = membership.organisation
    site = SiteFactory(organisation=organisation)
    factory = AcceptedApplicationFactory if accepted else SubmittedApplicationFactory
    factory(edition=edition, organisation=organisation)
    return Host(user=membership.user, organisation=organisation, site=site)


@pytest.fixture
def host(edition) -> Host:
    """A member of an organisation whose application to the edition is accepted."""
    return make_host(edition)


@pytest.fixture
def staff() -> User:
    return StaffFactory()


@pytest.fixture
def visitor() -> User:
    return UserFactory()
