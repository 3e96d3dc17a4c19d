import decimal
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.activities import services
from manifatture.activities.models import Activity, Language
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory
from manifatture.participations.models import ActivityKind

from .factories import (
    ActivityFactory,
    HubRoomFactory,
    HubVenueFactory,
    MunicipioFactory,
    RouteFactory,
    RouteStopFactory,
    TimeSlotFactory,
    event_time,
)

pytestmark = pytest.mark.django_db


def json_script(html: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1))


# Activity page -------------------------------------------------------------------------


def test_activity_page_shows_every_detail(client, edition):
    organisation = OrganisationFactory(name="Liuteria Brera")
    site = SiteFactory(
        organisation=organisation,
        name="Bottega",
        address="Via Solferino 12",
        municipio=MunicipioFactory(number=1),
        step_free=True,
        hearing_loop=False,
        accessibility_notes="Rampa sul retro.",
        latitude=decimal.Decimal("45.476000"),
        longitude=decimal.Decimal("9.186000"),
    )
    activity = ActivityFactory(
        edition=edition,
        organisation=organisation,
        site=site,
        title_it="Come nasce un violino",
        description_it="Dalla tavola di abete alla verniciatura.",
        audience=Activity.Audience.FAMILIES,
        min_age=10,
        duration_minutes=75,
        safety_notes_it="Non toccate gli attrezzi.",
    )
    activity.languages.set(Language.objects.filter(code__in=["it", "fr"]))
    TimeSlotFactory(activity=activity, starts_at=event_time(edition, 0, 10, 30), capacity=8)
    route = RouteStopFactory(activity=activity, route__edition=edition).route

    response = client.get(activity.get_absolute_url())

    html = response.text
    assert response.status_code == 200
    for text in [
        "<h1>Come nasce un violino</h1>",
        "Dalla tavola di abete alla verniciatura.",
        f'<a href="{organisation.get_absolute_url()}">Liuteria Brera</a>',
        "Bottega",
        "Via Solferino 12",
        "Municipio 1",
        "Accesso senza gradini: sì",
        "Anello a induzione magnetica: no",
        "Rampa sul retro.",
        "Francese, Italiano",
        "Famiglie",
        "10 anni",
        "75 minuti",
        "Non toccate gli attrezzi.",
        "10:30",
        "<span>8</span></td>",  # the slot's seats, in its cell (a card on a phone)
        route.get_absolute_url(),
        'aria-label="Mappa: dove si svolge l\'attività"',
    ]:
        assert text in html, text
    assert json_script(html, "activity-map-points") == [
        {"lat": 45.476, "lon": 9.186, "label": "Bottega", "url": None}
    ]
    assert "Annullata" not in html


def test_cancelled_activity_page_says_so(client, edition):
    activity = services.cancel_activity(ActivityFactory(edition=edition))
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert "Questa attività è stata annullata e non si svolgerà." in response.text


def test_hub_activity_page_shows_the_hub_and_its_room(client, edition):
    HubVenueFactory(edition=edition, seating=True, accessibility_notes="Ascensore al piano.")
    talk = ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None)
    room = HubRoomFactory(edition=edition, name="Sala Ex Ansaldo")
    TimeSlotFactory(activity=talk, room=room)

    html = client.get(talk.get_absolute_url()).text

    for text in [
        "Hub centrale: BASE Milano",
        "Via Bergognone 34, Milano",
        "Posti a sedere: sì",
        "Ascensore al piano.",
        "Sala Ex Ansaldo",
    ]:
        assert text in html, text
    assert json_script(html, "activity-map-points")[0]["lat"] == 45.4525


def test_hub_activity_page_without_a_placed_hub_has_no_map(client, edition):
    talk = ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None)
    html = client.get(talk.get_absolute_url()).text
    assert "data-programme-map" not in html
    assert "programme-map.js" not in html


def test_unknown_activity_is_404(client, edition):
    assert client.get(reverse("activities:detail", kwargs={"pk": 999})).status_code == 404


# Routes --------------------------------------------------------------------------------------


def test_routes_page_lists_the_current_editions_routes(client, edition):
    route = RouteFactory(edition=edition, title_it="Il legno")
    RouteStopFactory(route=route, activity__edition=edition)
    cancelled = RouteStopFactory(route=route, activity__edition=edition).activity
    services.cancel_activity(cancelled)
    RouteFactory(edition__is_current=False, title_it="Percorso vecchio")

    html = client.get(reverse("activities:routes")).text

    assert route.get_absolute_url() in html
    assert "Il legno" in html
    assert "1 tappa" in html
    assert "Percorso vecchio" not in html


def test_route_page_shows_the_stops_in_order_with_a_map(client, edition):
    HubVenueFactory(edition=edition)
    route = RouteFactory(edition=edition, title_it="Metalli")
    second = RouteStopFactory(
        route=route,
        position=1,
        activity__edition=edition,
        activity__title_it="Seconda",
        activity__site__latitude=decimal.Decimal("45.5"),
        activity__site__longitude=decimal.Decimal("9.2"),
    ).activity
    first = RouteStopFactory(
        route=route,
        position=0,
        activity__edition=edition,
        activity__title_it="Prima (all'hub)",
        activity__kind=ActivityKind.TALK,
        activity__site=None,
    ).activity
    hidden = RouteStopFactory(
        route=route, position=2, activity__edition=edition, activity__title_it="Annullata"
    ).activity
    services.cancel_activity(hidden)

    response = client.get(route.get_absolute_url())

    html = response.text
    assert response.status_code == 200
    assert html.index("Prima (all&#x27;hub)") < html.index("Seconda")
    assert "Annullata" not in html
    assert "2 tappe" in html
    assert json_script(html, "route-map-points") == [
        {
            "lat": 45.4525,
            "lon": 9.1622,
            "label": "1. Prima (all'hub)",
            "url": first.get_absolute_url(),
        },
        {"lat": 45.5, "lon": 9.2, "label": "2. Seconda", "url": second.get_absolute_url()},
    ]


def test_route_of_a_past_edition_is_reachable_by_year(client, edition):
    route = RouteFactory(edition__is_current=False, slug="legno")
    assert client.get(route.get_absolute_url()).status_code == 200
    wrong_year = reverse("activities:route", kwargs={"year": edition.year, "slug": "legno"})
    assert client.get(wrong_year).status_code == 404


# Query counts -------------------------------------------------------------------------------


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_route_page_query_count_does_not_grow_with_stops(client, edition):
    HubVenueFactory(edition=edition)
    route = RouteFactory(edition=edition)

    def add_stop(position):
        RouteStopFactory(route=route, position=position, activity__edition=edition)

    add_stop(0)
    with_one = count(client, route.get_absolute_url())
    add_stop(1)
    RouteStopFactory(
        route=route,
        position=2,
        activity__edition=edition,
        activity__kind=ActivityKind.TALK,
        activity__site=None,
    )
    with_three = count(client, route.get_absolute_url())
    # The third stop is at the hub: the hub's place is read once, whatever the count.
    assert with_three <= with_one + 1
    add_stop(3)
    assert count(client, route.get_absolute_url()) == with_three


def test_routes_page_query_count_does_not_grow_with_routes(client, edition):
    def add_route():
        route = RouteFactory(edition=edition)
        RouteStopFactory.create_batch(2, route=route, activity__edition=edition)

    add_route()
    with_one = count(client, reverse("activities:routes"))
    add_route()
    add_route()
    assert count(client, reverse("activities:routes")) == with_one
