import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from manifatture.calls.tests.factories import CallFactory, DraftCallFactory
from manifatture.news import queries
from manifatture.news.models import Opportunity

from .factories import OpportunityFactory


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.mark.django_db
def test_only_current_opportunities_are_listed_ending_first(client):
    OpportunityFactory(title_it="Evento passato", starts_on=_in(-3))
    OpportunityFactory(title_it="Bando scaduto", kind="call", starts_on=None, deadline=_in(-1))
    OpportunityFactory(
        title_it="Corso iniziato, iscrizioni chiuse",
        kind="training",
        starts_on=_in(-10),
        ends_on=_in(20),
        deadline=_in(-12),
    )
    OpportunityFactory(
        title_it="Bando in scadenza oggi", kind="call", starts_on=None, deadline=_in(0)
    )
    OpportunityFactory(title_it="Evento tra una settimana", starts_on=_in(7))
    OpportunityFactory(title_it="Fiera di tre giorni in corso", starts_on=_in(-1), ends_on=_in(1))

    response = client.get(reverse("news:opportunities"))

    assert [o.title_it for o in response.context["opportunities"]] == [
        "Bando in scadenza oggi",
        "Fiera di tre giorni in corso",
        "Evento tra una settimana",
        "Corso iniziato, iscrizioni chiuse",
    ]
    content = response.content.decode()
    assert "Evento passato" not in content
    assert "Bando scaduto" not in content


@pytest.mark.django_db
def test_opportunity_links_internal_and_external(client):
    OpportunityFactory(title_it="Bando spazi", kind="call", url="/bandi/")
    OpportunityFactory(title_it="Fiera", url="https://fiera.example/")

    content = client.get(reverse("news:opportunities")).content.decode()

    assert '<a href="/bandi/">Bando spazi</a>' in content
    assert '<a href="https://fiera.example/" rel="noopener noreferrer nofollow">Fiera' in content
    assert "(sito esterno)" in content


@pytest.mark.django_db
def test_opportunity_language_fallback(client):
    OpportunityFactory(title_it="Corso", title_en="Course", summary_it="Descr.", summary_en="")
    content = client.get("/en" + reverse("news:opportunities")).content.decode()

    assert "Course" in content
    assert "Descr." in content


@pytest.mark.django_db
def test_an_opportunity_needs_a_date_in_the_database():
    with pytest.raises(IntegrityError):
        Opportunity.objects.create(kind="event", title_it="Senza data", summary_it="x")


@pytest.mark.django_db
def test_an_opportunity_cannot_end_before_it_starts_in_the_database():
    with pytest.raises(IntegrityError):
        OpportunityFactory(starts_on=_in(5), ends_on=_in(4))


@pytest.mark.django_db
def test_current_opportunities_query_on_a_given_day():
    OpportunityFactory(title_it="Giovedì", starts_on=datetime.date(2026, 3, 5))
    assert [o.title_it for o in queries.current_opportunities(today=datetime.date(2026, 3, 5))] == [
        "Giovedì"
    ]
    assert list(queries.current_opportunities(today=datetime.date(2026, 3, 6))) == []


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_opportunity_list_query_count(client, django_assert_num_queries, count):
    OpportunityFactory.create_batch(count)
    CallFactory.create_batch(count)
    with django_assert_num_queries(2):  # open calls, opportunities
        client.get(reverse("news:opportunities"))


@pytest.mark.django_db
def test_open_calls_of_the_city_are_listed_with_the_opportunities(client):
    now = timezone.now()
    CallFactory(
        title_it="Bando spazi in periferia",
        slug="spazi-periferia",
        closes_at=now + datetime.timedelta(days=20),
    )
    CallFactory(
        title_it="Bando investimenti",
        slug="investimenti",
        closes_at=now + datetime.timedelta(days=5),
    )
    DraftCallFactory(title_it="Bando in preparazione")
    CallFactory(
        title_it="Bando chiuso",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    CallFactory(
        title_it="Bando che apre domani",
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    OpportunityFactory(title_it="Open day")

    response = client.get(reverse("news:opportunities"))

    assert [c.title_it for c in response.context["calls"]] == [
        "Bando investimenti",
        "Bando spazi in periferia",
    ]
    content = response.content.decode()
    assert '<a href="/bandi/spazi-periferia/">Bando spazi in periferia</a>' in content
    assert "Open day" in content
    for hidden in ["Bando in preparazione", "Bando chiuso", "Bando che apre domani"]:
        assert hidden not in content
    portal = client.get(reverse("news:portal")).content.decode()
    assert '<a href="/bandi/investimenti/">Bando investimenti</a>' in portal
    assert "Bando chiuso" not in portal
