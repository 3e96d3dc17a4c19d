"""Malformed filters, pages and keys get a 400 (or a 404 for a key) with a JSON
error naming the parameter, never a server error: the edge cases a fuzzer
finds late, written down (schemathesis covers the rest from the OpenAPI
document, test_openapi.py)."""

import pytest
from django.urls import reverse

from manifatture.activities.tests.factories import TimeSlotFactory
from manifatture.opendata.resources import RESOURCES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (1_000_000, 60)}


def get(client, path: str, query: str = ""):
    return client.get(f"{path}?{query}" if query else path)


def assert_json_error(response, status: int, parameter: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["message"]
    if parameter is not None:
        assert error["parameter"] == parameter
    return error


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=" + "9" * 20, "page"),  # past what a 64-bit integer holds
        ("page=99999999999", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=%EF%BC%91", "page"),  # a full-width "1"
        ("page=%00", "page"),
        ("page=1&page=abc", "page"),  # the last value counts: "abc"
        ("page=", "page"),
        ("page_size=0", "page_size"),
        ("page_size=1e3", "page_size"),
        ("activity=9223372036854775808", "activity"),  # 2**63
        ("activity=" + "1" * 5000, "activity"),
        ("edition=%D9%A2%D9%A0%D9%A1%D9%A9", "edition"),  # Arabic-Indic digits
        ("municipio=0", "municipio"),
        ("kind=guided_visit%00", "kind"),
        ("kind=" + "x" * 10_000, "kind"),
        ("comune=015146%00", "comune"),
        ("comune=%27%20OR%201%3D1--", "comune"),
        ("starts_after=2019-11-29T10:00:00%2B25:00", "starts_after"),  # no such offset
        ("starts_after=0001-01-01T00:30:00%2B01:00", "starts_after"),  # before year 1 in UTC
        ("starts_after=9999-12-31T23:59:59-23:59", "starts_after"),  # after year 9999 in UTC
        ("starts_before=2019-02-30", "starts_before"),
        ("updated_since=%00", "updated_since"),
        ("updated_since=" + "2" * 10_000, "updated_since"),
    ],
)
def test_malformed_list_parameters_get_400_naming_the_parameter(client, query, parameter):
    TimeSlotFactory()
    response = get(client, reverse("api:slots-list"), query)
    assert_json_error(response, 400, parameter)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_error_is_in_the_language_asked(client):
    italian = get(client, reverse("api:slots-list"), "page=abc").json()["error"]["message"]
    english = client.get(
        reverse("api:slots-list") + "?page=abc", headers={"accept-language": "en"}
    ).json()["error"]["message"]
    assert italian == "“page” deve essere un numero intero."
    assert english == "“page” must be a whole number."


def test_unknown_parameters_and_arrays_of_them_are_ignored(client):
    TimeSlotFactory()
    response = get(client, reverse("api:slots-list"), "colour=blue&x[]=1&x[]=2&%00=%00")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_the_last_page_far_away_is_empty_not_an_error(client):
    TimeSlotFactory()
    response = get(client, reverse("api:slots-list"), "page=100000&page_size=100")
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["next"] is None


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@pytest.mark.parametrize(
    "key",
    ["abc", "0", "-1", "9" * 25, "9223372036854775808", "%D9%A1", "%00", "1%00", "x" * 3000],
)
def test_a_malformed_key_is_not_found_in_json(client, resource, key):
    response = client.get(reverse(f"api:{resource}-list") + key + "/")
    assert_json_error(response, 404)


@pytest.mark.parametrize(
    "query",
    ["edition=abc", "edition=1999", "edition=" + "9" * 30, "edition=%00"],
)
def test_the_programme_calendar_refuses_a_malformed_edition_in_json(client, query):
    response = get(client, reverse("opendata:ical"), query)
    assert_json_error(response, 400, "edition")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("slots", "xml"), ("nothing", "csv"), ("editions", "geojson"), ("a" * 300, "csv")],
)
def test_a_file_that_does_not_exist_is_not_found(client, name, fmt):
    assert client.get(reverse("opendata:file", args=[name, fmt])).status_code == 404
