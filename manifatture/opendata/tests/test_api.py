import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings.services import cancel_booking
from manifatture.calls.tests.factories import CallFactory
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.opendata.resources import RESOURCES
from manifatture.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def api(client, name, **params):
    return client.get(reverse(f"api:{name}-list"), params)


def test_index_lists_every_resource(client):
    response = client.get(reverse("api:index"))
    assert response.status_code == 200
    assert set(response.json()["resources"]) == set(RESOURCES)


def test_slots_show_places_left_and_only_published_activities(client, world):
    response = api(client, "slots")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_id = {row["id"]: row for row in body["results"]}
    assert by_id[world["slot"].pk]["capacity"] == 10
    assert by_id[world["slot"].pk]["seats_taken"] == 3
    assert by_id[world["slot"].pk]["places_left"] == 7
    assert by_id[world["other_slot"].pk]["places_left"] == 5
    assert all(row["activity_id"] == world["activity"].pk for row in body["results"])


def test_cancelled_booking_frees_places_in_the_api(client, world):
    cancel_booking(world["booking"], by=world["visitor"])
    row = client.get(reverse("api:slots-detail", args=[world["slot"].pk])).json()
    assert row["seats_taken"] == 0
    assert row["places_left"] == 10


def test_activities_hide_cancelled_ones(client, world):
    body = api(client, "activities").json()
    assert [row["id"] for row in body["results"]] == [world["activity"].pk]
    assert body["results"][0]["languages"] == "it"
    assert body["results"][0]["edition"] == 2019
    response = client.get(reverse("api:activities-detail", args=[world["cancelled_activity"].pk]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_spaces_and_calls_only_published(client, world):
    spaces = api(client, "spaces").json()
    assert [row["id"] for row in spaces["results"]] == [world["space"].pk]
    calls = api(client, "calls").json()
    assert [row["id"] for row in calls["results"]] == [world["call"].pk]


def test_organisations_public_rule(client, world):
    archived = OrganisationFactory(
        archived_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC), archive_reason="closed"
    )
    synthetic = OrganisationFactory(source=Organisation.Source.SYNTHETIC)
    in_directory = OrganisationFactory()
    ids = {row["id"] for row in api(client, "organisations").json()["results"]}
    assert ids == {world["organisation"].pk, in_directory.pk}
    assert archived.pk not in ids and synthetic.pk not in ids
    # An archived host of a past edition stays, so that the programme keeps its hosts.
    Organisation.objects.filter(pk=world["organisation"].pk).update(
        archived_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC), archive_reason="closed"
    )
    row = client.get(reverse("api:organisations-detail", args=[world["organisation"].pk])).json()
    assert row["archived"] is True


def test_editions_by_year(client, world):
    EditionFactory(year=2018, is_current=False)
    body = api(client, "editions").json()
    assert [row["year"] for row in body["results"]] == [2018, 2019]
    assert body["results"][1]["hub_latitude"] == 45.4525
    assert api(client, "editions", year=2018).json()["count"] == 1
    assert client.get(reverse("api:editions-detail", args=[2019])).json()["title"] == (
        "Manifatture Aperte 2019"
    )


def test_filters(client, world):
    other_org = OrganisationFactory(category=Organisation.Category.FABLAB)
    other_site = SiteFactory(
        organisation=other_org, comune__istat_code="015077", comune__name="Cinisello Balsamo"
    )
    other = ActivityFactory(
        edition=world["edition"], organisation=other_org, site=other_site, kind="workshop"
    )
    TimeSlotFactory(activity=other)
    assert [r["id"] for r in api(client, "activities", kind="workshop").json()["results"]] == [
        other.pk
    ]
    assert [r["id"] for r in api(client, "activities", category="fablab").json()["results"]] == [
        other.pk
    ]
    assert [r["id"] for r in api(client, "activities", municipio=3).json()["results"]] == [
        world["activity"].pk
    ]
    assert [r["id"] for r in api(client, "activities", comune="015077").json()["results"]] == [
        other.pk
    ]
    assert api(client, "activities", edition=2018).json()["count"] == 0
    assert api(client, "slots", kind="workshop").json()["count"] == 1
    assert api(client, "slots", activity=world["activity"].pk).json()["count"] == 2
    assert [r["id"] for r in api(client, "organisations", comune="015077").json()["results"]] == [
        other_org.pk
    ]
    assert api(client, "organisations", municipio=3).json()["count"] == 1
    assert api(client, "organisations", edition=2019).json()["count"] == 2
    assert api(client, "sites", municipio=3).json()["count"] == 1
    future = "2999-01-01T00:00:00+01:00"
    assert api(client, "activities", updated_since=future).json()["count"] == 0
    assert api(client, "activities", updated_since="2000-01-01").json()["count"] == 2


@pytest.mark.parametrize(
    ("name", "params", "parameter"),
    [
        ("activities", {"edition": "abc"}, "edition"),
        ("activities", {"kind": "party"}, "kind"),
        ("activities", {"municipio": "12"}, "municipio"),
        ("activities", {"updated_since": "ieri"}, "updated_since"),
        ("sites", {"comune": "Milano"}, "comune"),
        ("slots", {"page": "0"}, "page"),
        ("slots", {"page_size": "101"}, "page_size"),
        ("editions", {"is_current": "forse"}, "is_current"),
        ("organisations", {"category": "\x00"}, "category"),
        ("calls", {"updated_since": "2019-13-45"}, "updated_since"),
    ],
)
def test_bad_parameters_get_400_with_json(client, name, params, parameter):
    response = api(client, name, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "invalid_parameter"
    assert response.json()["error"]["parameter"] == parameter
    assert response["Access-Control-Allow-Origin"] == "*"


def test_pagination(client, db):
    for _ in range(5):
        SpaceFactory()
    first = api(client, "spaces", page_size=2).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/spaces/?page_size=2&page=2"
    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/spaces/?page_size=2&page=1"
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 1
    assert third["next"] is None
    seen = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(seen)) == 5
    beyond = api(client, "spaces", page=9).json()
    assert beyond["results"] == [] and beyond["next"] is None


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (3, 60)}
    for _ in range(3):
        assert api(client, "calls").status_code == 200
    response = api(client, "calls")
    assert response.status_code == 429
    # A sliding window: the three requests leave it one window after they came.
    assert 1 <= int(response["Retry-After"]) <= 120
    assert response.json()["error"]["code"] == "rate_limited"
    # Another client is not affected.
    assert client.get(reverse("api:calls-list"), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_cors_on_get_and_options(client):
    response = api(client, "editions")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(reverse("api:editions-list"), HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_writes_are_refused(client):
    response = client.post(reverse("api:editions-list"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_html_pages_have_no_cors(client):
    assert "Access-Control-Allow-Origin" not in client.get(reverse("editions:home"))


LIST_FACTORIES = {
    "editions": lambda n: EditionFactory(year=2000 + n, is_current=False),
    "activities": lambda n: ActivityFactory(edition=EditionFactory(year=2019)),
    "slots": lambda n: TimeSlotFactory(activity__edition=EditionFactory(year=2019)),
    "organisations": lambda n: OrganisationFactory(),
    "sites": lambda n: SiteFactory(),
    "spaces": lambda n: SpaceFactory(),
    "calls": lambda n: CallFactory(),
}


@pytest.mark.parametrize("name", list(RESOURCES))
def test_list_query_count_does_not_grow(client, name):
    counts = []
    for n in range(3):
        LIST_FACTORIES[name](n)
        if n == 1:
            continue
        with CaptureQueriesContext(connection) as captured:
            body = api(client, name).json()
        assert body["count"] == n + 1
        counts.append(len(captured))
    # count, page (and the languages of the page's activities)
    assert counts[0] == counts[1] == (3 if name == "activities" else 2)


@pytest.mark.django_db
def test_updated_since_with_an_unusual_offset_is_read_in_utc(client):
    # Found by schemathesis on PostgreSQL: an offset of +16:52 is valid ISO 8601
    # but PostgreSQL refuses it as a time zone; the API converts to UTC first.
    response = client.get("/api/v1/spaces/", {"updated_since": "0151-11-28T10:00:25+16:52"})
    assert response.status_code == 200
