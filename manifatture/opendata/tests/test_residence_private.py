"""Where visitors live (comune, Municipio, age band) stays on the platform: the open
data and the API publish places of activities, sites and spaces, never a person's
residence, not even as a figure."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.activities.tests.factories import MunicipioFactory
from manifatture.bookings.models import VisitorProfile
from manifatture.directory.tests.factories import ComuneFactory
from manifatture.opendata.resources import RESOURCES

from .test_files import all_public_urls

pytestmark = pytest.mark.django_db


def municipio_values(body: str, content_type: str) -> list:
    """Every value published under a "municipio" key or column."""
    if content_type.startswith("text/csv"):
        return [row["municipio"] for row in csv.DictReader(io.StringIO(body)) if "municipio" in row]
    if "json" not in content_type:
        return []
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "municipio":
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(body))
    return found


def test_no_visitor_residence_in_the_open_data_or_the_api(client, world):
    # The visitor who booked lives in Municipio 8, where nothing public is.
    VisitorProfile.objects.create(
        user=world["visitor"],
        comune=ComuneFactory(),
        municipio=MunicipioFactory(number=8),
        age_band=VisitorProfile.AgeBand.FROM_18_TO_34,
        statistics_consent_at=timezone.now(),
    )
    urls = all_public_urls()
    for name, resource in RESOURCES.items():
        for row in client.get(reverse(f"api:{name}-list")).json()["results"]:
            urls.append(reverse(f"api:{name}-detail", args=[row[resource.primary_key]]))
    published = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        published += municipio_values(body, response["Content-Type"])
        assert "18_34" not in body, url
    # The site's and the space's Municipio 3 are published (the test can see
    # Municipi), the visitor's 8 never is.
    assert 3 in published or "3" in published
    assert 8 not in published and "8" not in published
    # No published field is about where people live.
    for resource in RESOURCES.values():
        for field in resource.fields:
            assert "residen" not in f"{field.name} {field.description}".lower()
