import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from manifatture.activities.tests.factories import ActivityFactory, CancelledActivityFactory
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    SubmittedApplicationFactory,
)


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name="Liuteria Ferri",
        description_it="Costruiamo violini a mano.",
        description_en="We build violins by hand.",
        website="https://liuteria.example",
        ateco_code="32.20.00",
    )


@pytest.mark.django_db
def test_public_page_shows_profile_sites_and_accessibility(client, organisation):
    SiteFactory(
        organisation=organisation,
        name="Bottega di Brera",
        address="Via Fiori Chiari 3",
        postcode="20121",
        step_free=True,
        hearing_loop=False,
        accessibility_notes="Una rampa all'ingresso.",
    )

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="mb-1">Liuteria Ferri</h1>' in content
    assert "Costruiamo violini a mano." in content
    assert "Officina" in content  # the category
    assert 'href="https://liuteria.example"' in content
    assert "32.20.00 – Fabbricazione di strumenti musicali" in content
    assert "Bottega di Brera" in content
    assert "Via Fiori Chiari 3, 20121 Milano" in content
    assert "Accesso senza gradini</li>" in content
    assert "Anello a induzione magnetica: non disponibile" in content
    assert "Una rampa all&#x27;ingresso." in content


@pytest.mark.django_db
def test_public_page_description_follows_the_active_language(client, organisation):
    response = client.get("/en" + organisation.get_absolute_url())

    content = response.content.decode()
    assert "We build violins by hand." in content
    assert "Costruiamo violini a mano." not in content


@pytest.mark.django_db
def test_public_page_lists_accepted_editions_and_current_published_activities(client, organisation):
    past = EditionFactory(year=2019, title="Manifatture Aperte 2019", is_current=False)
    current = EditionFactory(year=2026, title="Manifatture Aperte 2026", is_current=True)
    AcceptedApplicationFactory(organisation=organisation, edition=past)
    SubmittedApplicationFactory(organisation=organisation, edition=current)
    shown = ActivityFactory(
        organisation=organisation, edition=current, title_it="Visita alla bottega"
    )
    CancelledActivityFactory(
        organisation=organisation, edition=current, title_it="Visita annullata"
    )
    ActivityFactory(organisation=organisation, edition=past, title_it="Visita del 2019")
    ActivityFactory(edition=current, title_it="Attività di altri")

    response = client.get(organisation.get_absolute_url())

    content = response.content.decode()
    assert f'href="{past.get_absolute_url()}"' in content
    assert f'href="{current.get_absolute_url()}"' not in content  # not accepted (yet)
    assert f'href="{shown.get_absolute_url()}"' in content
    assert "Visita alla bottega" in content
    assert "Visita annullata" not in content
    assert "Visita del 2019" not in content
    assert "Attività di altri" not in content


@pytest.mark.django_db
def test_unknown_organisation_is_404(client):
    assert client.get("/organizzazioni/non-esiste/").status_code == 404


def _fill(organisation, current, past_editions, n: int) -> None:
    for _ in range(n):
        site = SiteFactory(organisation=organisation)
        ActivityFactory(organisation=organisation, edition=current, site=site)
    for edition in past_editions[:n]:
        AcceptedApplicationFactory(organisation=organisation, edition=edition)


@pytest.mark.django_db
def test_public_page_queries_do_not_grow_with_sites_activities_and_editions(client, organisation):
    current = EditionFactory(year=2026, is_current=True)
    past = [EditionFactory(year=y, is_current=False) for y in (2017, 2018, 2019)]
    url = organisation.get_absolute_url()

    _fill(organisation, current, past[:1], 1)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    _fill(organisation, current, past[1:], 2)
    with CaptureQueriesContext(connection) as three:
        second = client.get(url)

    assert first.content.decode().count("card-title h5") == 1
    assert second.content.decode().count("card-title h5") == 3
    assert second.content.decode().count('href="/edizioni/201') == 3
    assert second.content.decode().count('href="/programma/attivita/') == 3
    assert len(three) == len(one)
