import pytest
from django.core.cache import cache

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import (
    ActivityFactory,
    HubVenueFactory,
    LanguageFactory,
    MunicipioFactory,
    TimeSlotFactory,
)
from manifatture.calls.models import Call
from manifatture.calls.tests.factories import (
    CallFactory,
    DraftCallFactory,
)
from manifatture.calls.tests.factories import (
    SubmittedApplicationFactory as CallApplicationFactory,
)
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SiteFactory,
)
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory
from manifatture.spaces.tests.factories import SpaceFactory
from manifatture.tickets.tests.factories import BookingFactory

# Values that must never leave the platform through the API or the open data.
SECRETS = {
    "visitor_email": "giulia.segreta@esempio.it",
    "visitor_name": "Giulia Segretissima",
    "host_email": "titolare.riservato@esempio.it",
    "host_name": "Ermenegildo Riservatissimo",
    "motivation": "Motivazione riservata numero 7781",
    "call_project": "Progetto riservato numero 9912",
    "contact_email": "contatti.privati@esempio.it",
    "vat_number": "12345678903",
    "notes_for_staff": "Nota interna per lo staff 5521",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The limiter counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """An edition with one host, its site, an activity with two slots, a booking,
    an application, a space and calls: public and private things side by side."""
    edition = EditionFactory(year=2019, title="Manifatture Aperte 2019")
    HubVenueFactory(edition=edition)
    municipio = MunicipioFactory(number=3)
    host = UserFactory(email=SECRETS["host_email"], full_name=SECRETS["host_name"])
    organisation = OrganisationFactory(
        name="Officina Pubblica",
        category=Organisation.Category.WORKSHOP,
        contact_email=SECRETS["contact_email"],
        vat_number=SECRETS["vat_number"],
    )
    MembershipFactory(user=host, organisation=organisation)
    AcceptedApplicationFactory(
        edition=edition,
        organisation=organisation,
        motivation=SECRETS["motivation"],
        notes_for_staff=SECRETS["notes_for_staff"],
    )
    site = SiteFactory(organisation=organisation, municipio=municipio)
    activity = ActivityFactory(edition=edition, organisation=organisation, site=site)
    activity.languages.add(LanguageFactory(code="it"))
    slot = TimeSlotFactory(activity=activity, capacity=10)
    other_slot = TimeSlotFactory(activity=activity, capacity=5)
    visitor = UserFactory(email=SECRETS["visitor_email"], full_name=SECRETS["visitor_name"])
    booking = BookingFactory(slot=slot, visitor=visitor, party_size=3)
    cancelled = ActivityFactory(
        edition=edition,
        organisation=organisation,
        site=site,
        status=Activity.Status.CANCELLED,
        title_it="Attività annullata",
    )
    TimeSlotFactory(activity=cancelled)
    space = SpaceFactory(municipio=municipio)
    hidden_space = SpaceFactory(is_published=False, name="Spazio non pubblicato")
    call = CallFactory()
    draft = DraftCallFactory(title_it="Bando in bozza")
    CallApplicationFactory(
        call=call, organisation=organisation, project_summary=SECRETS["call_project"]
    )
    return {
        "edition": edition,
        "organisation": organisation,
        "site": site,
        "activity": activity,
        "slot": slot,
        "other_slot": other_slot,
        "booking": booking,
        "cancelled_activity": cancelled,
        "space": space,
        "hidden_space": hidden_space,
        "call": call,
        "draft_call": draft,
        "visitor": visitor,
        "municipio": municipio,
        "Call": Call,
    }
