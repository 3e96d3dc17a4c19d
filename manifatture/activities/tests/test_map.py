import decimal
import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.activities import services
from manifatture.activities.queries import MUNICIPI_CACHE_KEY
from manifatture.directory import geo
from manifatture.directory.models import Municipio, Organisation
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory
from manifatture.participations.models import ActivityKind

from .factories import ActivityFactory, HubVenueFactory, MunicipioFactory, square

pytestmark = pytest.mark.django_db

DATA_URL = reverse("activities:map_data")
MAP_URL = reverse("activities:map")
MUNICIPI_URL = reverse("activities:municipi_data")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.delete(MUNICIPI_CACHE_KEY)
    yield
    cache.delete(MUNICIPI_CACHE_KEY)


def test_map_data_is_one_point_feature_per_site(client, edition):
    organisation = OrganisationFactory(name="Fonderia Battaglia", category="factory")
    site = SiteFactory(
        organisation=organisation,
        name="Fonderia",
        address="Via Stilicone 10",
        latitude=decimal.Decimal("45.489512"),
        longitude=decimal.Decimal("9.166021"),
    )
    first = ActivityFactory(edition=edition, organisation=organisation, site=site, title_it="A")
    second = ActivityFactory(
        edition=edition,
        organisation=organisation,
        site=site,
        title_it="B",
        kind=ActivityKind.WORKSHOP,
    )

    response = client.get(DATA_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f"site-{site.pk}",
                "geometry": {"type": "Point", "coordinates": [9.166021, 45.489512]},
                "properties": {
                    "name": "Fonderia",
                    "address": "Via Stilicone 10",
                    "comune": "Milano",
                    "at_hub": False,
                    "organisation": "Fonderia Battaglia",
                    "organisation_url": organisation.get_absolute_url(),
                    "category": "factory",
                    "category_label": "Fabbrica",
                    "activities": [
                        {
                            "title": "A",
                            "kind": "Visita guidata",
                            "url": first.get_absolute_url(),
                            "organisation": "Fonderia Battaglia",
                        },
                        {
                            "title": "B",
                            "kind": "Laboratorio",
                            "url": second.get_absolute_url(),
                            "organisation": "Fonderia Battaglia",
                        },
                    ],
                },
            }
        ],
    }


def test_map_data_puts_hub_activities_at_the_hub(client, edition):
    HubVenueFactory(
        edition=edition, latitude=decimal.Decimal("45.4525"), longitude=decimal.Decimal("9.1622")
    )
    ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None, title_it="Talk 1")
    ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None, title_it="Talk 2")
    ActivityFactory(edition=edition)

    features = client.get(DATA_URL).json()["features"]

    hub = features[0]
    assert hub["id"] == "hub"
    assert hub["geometry"] == {"type": "Point", "coordinates": [9.1622, 45.4525]}
    assert hub["properties"]["at_hub"] is True
    assert hub["properties"]["name"] == "BASE Milano"
    assert hub["properties"]["address"] == "Via Bergognone 34, Milano"
    assert [a["title"] for a in hub["properties"]["activities"]] == ["Talk 1", "Talk 2"]
    assert len(features) == 2


def test_hub_activities_stay_off_the_map_until_the_hub_is_placed(client, edition):
    ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None)
    assert client.get(DATA_URL).json()["features"] == []


def test_map_data_leaves_out_cancelled_and_other_editions(client, edition):
    services.cancel_activity(ActivityFactory(edition=edition))
    ActivityFactory(edition__is_current=False)
    assert client.get(DATA_URL).json()["features"] == []


def test_map_data_applies_the_programme_filters(client, edition):
    fablab = ActivityFactory(edition=edition, organisation__category=Organisation.Category.FABLAB)
    ActivityFactory(edition=edition, organisation__category=Organisation.Category.FACTORY)

    features = client.get(DATA_URL + "?category=fablab").json()["features"]

    assert [f["id"] for f in features] == [f"site-{fablab.site_id}"]
    # Invalid filter values are ignored, never an error.
    assert len(client.get(DATA_URL + "?category=nope&day=x").json()["features"]) == 2


def test_map_data_without_a_current_edition_is_empty(client):
    assert client.get(DATA_URL).json() == {"type": "FeatureCollection", "features": []}


def test_map_page_lists_the_places_in_html(client, edition):
    site = SiteFactory(name="Laboratorio Lambrate", address="Via Ventura 5")
    activity = ActivityFactory(edition=edition, organisation=site.organisation, site=site)

    response = client.get(MAP_URL)

    html = response.text
    assert response.status_code == 200
    for text in [
        "Laboratorio Lambrate",
        "Via Ventura 5, Milano",
        site.organisation.get_absolute_url(),
        activity.get_absolute_url(),
        activity.title_it,
    ]:
        assert text in html


def test_map_page_configures_the_map(client, edition, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "&copy; Tile makers"
    ActivityFactory(edition=edition)

    html = client.get(MAP_URL + "?kind=workshop").text

    assert 'role="region"' in html
    assert 'aria-label="Mappa dei luoghi del programma"' in html
    assert f'data-geojson-url="{DATA_URL}?kind=workshop"' in html
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="&amp;copy; Tile makers"' in html
    assert f'data-municipi-url="{MUNICIPI_URL}"' in html
    assert 'data-municipi-attribution="Fonte: Comune di Milano – Open Data, CC BY 4.0"' in html
    assert (
        'data-message="Mappa di base non disponibile: sono mostrati i confini dei Municipi"' in html
    )
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet/leaflet.css" in html
    assert "/static/js/programme-map.js" in html
    assert "<script>" not in html
    assert 'style="' not in html


def test_municipi_data_is_geojson_and_cached(client):
    MunicipioFactory(number=1, geometry=square(9.19, 45.46))
    MunicipioFactory(number=2, geometry=square(9.22, 45.50))

    response = client.get(MUNICIPI_URL)
    data = response.json()

    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"]
    assert [f["properties"] for f in data["features"]] == [
        {"number": 1, "name": "Municipio 1"},
        {"number": 2, "name": "Municipio 2"},
    ]
    assert data["features"][0]["geometry"] == square(9.19, 45.46)

    Municipio.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(MUNICIPI_URL).json()
    assert cached == data
    assert len(queries) == 0


def test_municipi_outlines_are_simplified_but_faithful(client):
    call_command(
        "load_municipi", str(settings.SHARED_DATA_DIR / "milano_municipi.geojson"), stdout=None
    )
    official = {m.number: m.geometry for m in Municipio.objects.all()}

    response = client.get(MUNICIPI_URL)
    features = response.json()["features"]

    assert len(features) == 9
    assert len(response.content) < len(json.dumps(list(official.values()))) / 10
    simplified = {f["properties"]["number"]: f["geometry"] for f in features}
    for geometry in simplified.values():
        for ring in geometry["coordinates"]:
            assert ring[0] == ring[-1]
            assert len(ring) >= 4
    # The 626 historic shops, placed by the Comune in their Municipio, all stay
    # inside the simplified outline of that Municipio.
    shops = json.loads(
        (settings.SHARED_DATA_DIR / "milano_botteghe_storiche_2024.json").read_text()
    )["data"]
    misplaced = [
        shop["n"]
        for shop in shops
        if not geo.contains(
            simplified[int(shop["municipio"])], shop["long_x_4326"], shop["lat_y_4326"]
        )
    ]
    assert len(shops) == 626
    assert misplaced == []


# Query counts ---------------------------------------------------------------------


def places(edition, n: int) -> None:
    for _ in range(n):
        site = SiteFactory()
        ActivityFactory.create_batch(2, edition=edition, organisation=site.organisation, site=site)
        ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [DATA_URL, MAP_URL, DATA_URL + "?access=step_free&area=m3"])
def test_map_query_count_does_not_grow_with_places(client, edition, url):
    HubVenueFactory(edition=edition)
    places(edition, 1)
    with_one = count(client, url)
    places(edition, 2)
    with_three = count(client, url)
    assert with_three == with_one
    assert with_one <= 5
