"""The impact dataset: totals per Municipio and periphery against centre, with
small counts left empty, in the files, the data package and the catalogue."""

import csv
import datetime
import io
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from manifatture.activities.tests.factories import (
    ActivityFactory,
    MunicipioFactory,
    TimeSlotFactory,
)
from manifatture.directory.tests.factories import ComuneFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.opendata.dcat import NS
from manifatture.surveys.tests.factories import SurveyResponseFactory
from manifatture.tickets.tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


def admitted(slot, people):
    return BookingFactory(
        slot=slot,
        party_size=people,
        checked_in_at=slot.starts_at - datetime.timedelta(minutes=5),
    )


@pytest.fixture
def impact():
    edition = PhasedEditionFactory(past=True, year=2019)
    milano = ComuneFactory()

    def slot_in(number):
        site = SiteFactory(comune=milano, municipio=MunicipioFactory(number=number))
        activity = ActivityFactory(edition=edition, organisation=site.organisation, site=site)
        return activity, TimeSlotFactory(activity=activity, capacity=30)

    big, big_slot = slot_in(4)
    small, small_slot = slot_in(8)
    for _ in range(4):
        admitted(big_slot, 2)
    admitted(small_slot, 3)
    for score in (5, 4, 4, 3, 5):
        SurveyResponseFactory(activity=big, overall=score)
    SurveyResponseFactory(activity=small, overall=1)
    return edition


def test_impact_csv_suppresses_small_counts(client, impact):
    response = client.get(reverse("opendata:file", args=["impatto", "csv"]))
    assert response.status_code == 200
    rows = {
        (r["edition"], r["dimension"], r["area"]): r
        for r in csv.DictReader(io.StringIO(response.content.decode()))
    }
    m4 = rows["2019", "municipio", "4"]
    assert (m4["capacity"], m4["booked_seats"], m4["admitted_people"]) == ("30", "8", "8")
    assert (m4["survey_responses"], m4["satisfaction_mean"]) == ("5", "4.2")
    m8 = rows["2019", "municipio", "8"]
    assert (m8["booked_seats"], m8["admitted_people"], m8["fill_rate"]) == ("", "", "")
    assert (m8["survey_responses"], m8["satisfaction_mean"], m8["recommend_rate"]) == ("", "", "")
    assert m8["capacity"] == "30"  # the programme's own facts are public
    assert rows["2019", "municipio", "1"]["admitted_people"] == "0"
    assert {"residents_admitted"}.isdisjoint(m4)


def test_impact_json_and_descriptions(client, impact):
    rows = client.get(reverse("opendata:file", args=["impatto", "json"])).json()
    m4 = next(r for r in rows if r["dimension"] == "municipio" and r["area"] == "4")
    assert m4["satisfaction_mean"] == 4.2 and m4["label"] == "Municipio 4"
    package = client.get(reverse("opendata:datapackage")).json()
    resource = next(r for r in package["resources"] if r["name"] == "impatto")
    assert resource["schema"]["primaryKey"] == ["edition", "dimension", "area"]
    catalogue = ET.fromstring(client.get(reverse("opendata:catalogue")).content)
    identifiers = [e.text for e in catalogue.iter(f"{{{NS['dct']}}}identifier")]
    assert "c_f205:manifatture-aperte-impatto" in identifiers
    assert (
        reverse("opendata:file", args=["impatto", "csv"])
        in client.get(reverse("opendata:index")).content.decode()
    )
