from dataclasses import dataclass

import pytest

from manifatture.accounts.models import User
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import ComuneFactory, MembershipFactory, SiteFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_storage_in_memory(settings):
    """Attachments go to memory in tests, like the public media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@dataclass
class Applicant:
    user: User
    organisation: Organisation


def make_applicant(*, ateco: str = "25.62.00", province: str = "MI", name: str = "") -> Applicant:
    """A member of an organisation with one site (in Milano, or in Brescia)."""
    extra = {"organisation__name": name} if name else {}
    membership = MembershipFactory(organisation__ateco_code=ateco, **extra)
    if province == "MI":
        comune = ComuneFactory()
    else:
        comune = ComuneFactory(istat_code="017029", name="Brescia", province="BS")
    SiteFactory(organisation=membership.organisation, comune=comune)
    return Applicant(user=membership.user, organisation=membership.organisation)


@pytest.fixture
def applicant(db) -> Applicant:
    return make_applicant()
