import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.activities.tests.factories import (
    ActivityFactory,
    CancelledActivityFactory,
    RouteFactory,
    RouteStopFactory,
    TimeSlotFactory,
)
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def local_date(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment).day}"


# home


def test_home_without_a_current_edition(client):
    PhasedEditionFactory(past=True)
    response = client.get(reverse("editions:home"))
    assert response.status_code == 200
    assert response.context["edition"] is None
    content = text(response)
    assert "La prossima edizione è in preparazione" in content
    assert reverse("editions:archive") in content


def test_home_shows_the_current_edition(client):
    edition = EditionFactory(
        title="Manifatture Aperte 2030",
        tagline_it="La città che produce",
        tagline_en="The city that makes",
        hub_name="BASE Milano",
        hub_address="Via Bergognone 34, Milano",
    )
    PhasedEditionFactory(past=True, title="Edizione vecchia")
    response = client.get(reverse("editions:home"))
    content = text(response)
    assert "<h1>Manifatture Aperte 2030</h1>" in content
    assert "La città che produce" in content
    assert "The city that makes" not in content
    assert "BASE Milano, Via Bergognone 34, Milano" in content
    for day in edition.event_days:
        assert day.isoformat() in content
    assert "Edizione vecchia" not in content


def test_home_tagline_in_english(client):
    EditionFactory(tagline_it="La città che produce", tagline_en="The city that makes")
    response = client.get("/en" + reverse("editions:home"))
    assert "The city that makes" in text(response)


def test_home_during_the_host_call_invites_hosts_to_apply(client):
    edition = EditionFactory()
    content = text(client.get(reverse("editions:home")))
    closes = timezone.localtime(edition.host_call_closes)
    assert "Candidature aperte" in content  # the phase
    assert f"Candidature aperte fino al {closes.day} " in content
    assert f"alle {closes:%H:%M}" in content
    assert reverse("participations:start") in content
    assert "Candidati come host" in content
    assert "Scopri il programma" not in content


@pytest.mark.parametrize(
    ("trait", "phase_label", "sentence", "programme"),
    [
        ("upcoming", "In preparazione", "Candidature degli host dal", False),
        ("in_review", "Valutazione delle candidature", "Esito delle candidature entro il", False),
        ("programme", "Programma in preparazione", "Iscrizioni dei visitatori dal", True),
        (
            "registration",
            "Iscrizioni dei visitatori aperte",
            "Iscrizioni dei visitatori aperte fino al",
            True,
        ),
        ("event_on", "Evento in corso", "Evento in corso fino al", True),
    ],
)
def test_home_phase_and_next_step(client, trait, phase_label, sentence, programme):
    PhasedEditionFactory(**{trait: True})
    content = text(client.get(reverse("editions:home")))
    assert phase_label in content
    assert sentence in content
    # The phase is said once: as a badge only when the sentence does not begin with it.
    assert (f'badge bg-primary">{phase_label}<' in content) is not sentence.startswith(phase_label)
    assert (reverse("activities:programme") in content.split("<main")[1]) is programme
    assert ("Candidati come host" in content) is False


def test_home_counts_hosts_activities_and_slots(client):
    edition = EditionFactory()
    past = PhasedEditionFactory(past=True)
    AcceptedApplicationFactory.create_batch(2, edition=edition)
    SubmittedApplicationFactory(edition=edition)
    AcceptedApplicationFactory(edition=past)
    visit = ActivityFactory(edition=edition)
    TimeSlotFactory.create_batch(3, activity=visit)
    TimeSlotFactory(activity=ActivityFactory(edition=edition))
    cancelled = CancelledActivityFactory(edition=edition)
    TimeSlotFactory(activity=cancelled)
    TimeSlotFactory(activity=ActivityFactory(edition=past))
    response = client.get(reverse("editions:home"))
    shown = response.context["edition"]
    assert (shown.host_count, shown.activity_count, shown.slot_count) == (2, 2, 4)


def test_home_lists_the_routes_of_the_current_edition(client):
    edition = EditionFactory()
    route = RouteFactory(edition=edition, title_it="Il percorso del legno")
    RouteStopFactory.create_batch(2, route=route, activity__edition=edition)
    RouteFactory(edition=PhasedEditionFactory(past=True), title_it="Percorso vecchio")
    content = text(client.get(reverse("editions:home")))
    assert "Il percorso del legno" in content
    assert route.get_absolute_url() in content
    assert "2 tappe" in content
    assert "Percorso vecchio" not in content


def test_home_query_count_does_not_grow(client, django_assert_max_num_queries):
    edition = EditionFactory()

    def add(n):
        for _ in range(n):
            route = RouteFactory(edition=edition)
            RouteStopFactory(route=route, activity__edition=edition)
            AcceptedApplicationFactory(edition=edition)
            TimeSlotFactory(activity__edition=edition)

    add(1)
    with django_assert_max_num_queries(4) as one:
        client.get(reverse("editions:home"))
    add(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("editions:home"))
    assert len(response.context["routes"]) == 3
    assert response.context["edition"].host_count == 3


# archive and detail


def test_archive_lists_every_edition_newest_first(client):
    EditionFactory(year=2030, title="Manifatture Aperte 2030")
    PhasedEditionFactory(year=2019, past=True, title="Manifatture Aperte 2019")
    PhasedEditionFactory(year=2018, past=True, title="Manifatture Aperte 2018")
    response = client.get(reverse("editions:archive"))
    assert [e.year for e in response.context["editions"]] == [2030, 2019, 2018]
    content = text(response)
    assert reverse("editions:detail", args=[2018]) in content
    assert "Edizione corrente" in content


def test_archive_query_count(client, django_assert_max_num_queries):
    def add(n, start):
        for year in range(start, start + n):
            edition = PhasedEditionFactory(year=year, past=True)
            AcceptedApplicationFactory(edition=edition)
            TimeSlotFactory(activity__edition=edition)

    add(1, 2010)
    with django_assert_max_num_queries(3) as one:
        client.get(reverse("editions:archive"))
    add(2, 2011)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("editions:archive"))
    assert [e.host_count for e in response.context["editions"]] == [1, 1, 1]
    assert [e.slot_count for e in response.context["editions"]] == [1, 1, 1]


def test_detail_of_a_past_edition(client):
    edition = PhasedEditionFactory(year=2019, past=True, title="Manifatture Aperte 2019")
    beta = AcceptedApplicationFactory(edition=edition, organisation__name="Beta Srl").organisation
    alfa = AcceptedApplicationFactory(edition=edition, organisation__name="Alfa Snc").organisation
    SubmittedApplicationFactory(edition=edition, organisation__name="Gamma in attesa")
    AcceptedApplicationFactory(
        edition=PhasedEditionFactory(year=2018, past=True), organisation__name="Delta 2018"
    )
    response = client.get(reverse("editions:detail", args=[2019]))
    content = text(response)
    assert list(response.context["hosts"]) == [alfa, beta]
    assert alfa.get_absolute_url() in content
    assert "Gamma in attesa" not in content
    assert "Delta 2018" not in content
    assert "Edizione conclusa" in content
    assert [step.status for step in response.context["timeline"]] == ["past"] * 4
    assert response.context["edition"].host_count == 2


def test_detail_timeline_marks_the_current_phase(client):
    PhasedEditionFactory(year=2030, registration=True)
    response = client.get(reverse("editions:detail", args=[2030]))
    assert [step.status for step in response.context["timeline"]] == [
        "past",
        "past",
        "current",
        "future",
    ]
    assert "in corso" in text(response)


def test_detail_of_an_unknown_year_is_404(client):
    assert client.get(reverse("editions:detail", args=[1999])).status_code == 404


def test_detail_query_count(client, django_assert_max_num_queries):
    edition = PhasedEditionFactory(year=2019, past=True)
    AcceptedApplicationFactory(edition=edition)
    with django_assert_max_num_queries(3) as one:
        client.get(reverse("editions:detail", args=[2019]))
    AcceptedApplicationFactory.create_batch(2, edition=edition)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("editions:detail", args=[2019]))
    assert len(response.context["hosts"]) == 3
