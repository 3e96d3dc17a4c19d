"""The impact table of the dashboard: each edition per Municipio of the places
visited and periphery against centre, counted by hand on the conftest's 2019."""

import pytest
from django.urls import reverse

from manifatture.insights.queries import Filters
from manifatture.insights.tables import build_dashboard
from manifatture.surveys.tests.factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db


def impact_rows(data) -> dict:
    table = build_dashboard(data.e2019, Filters()).tables["impatto"]
    keys = [column.key for column in table.columns]
    rows = [dict(zip(keys, row, strict=True)) for row in table.rows]
    return {(row["edition"], row["label"]): row for row in rows}


def test_impact_per_municipio_and_periphery(data):
    for score in (5, 5, 4, 4, 2):
        SurveyResponseFactory(activity=data.a1, overall=score, would_recommend=score >= 4)
    SurveyResponseFactory(activity=data.a3, overall=1)
    rows = impact_rows(data)
    m4 = rows[2019, "Municipio 4"]
    # A1: two slots of 10; V1 3 and V4 5 admitted, V2 2 a no-show.
    assert (m4["activities"], m4["capacity"], m4["booked_seats"]) == (1, 20, 10)
    assert (m4["fill_rate"], m4["admitted_people"]) == (50, 8)
    # Three bookings with their attendance recorded, one resident of Municipio 4 admitted.
    assert m4["no_show_rate"] == "meno di 5"
    assert m4["residents_admitted"] == "meno di 5"
    assert (m4["survey_responses"], str(m4["satisfaction_mean"])) == (5, "4.0")
    assert m4["recommend_rate"] == 80
    m1 = rows[2019, "Municipio 1"]
    # A3 (10) and the workshop A4 (5, 7 walk-ins); V5 4 and V6 6 admitted.
    assert (m1["capacity"], m1["admitted_people"], m1["walk_ins"]) == (15, 10, 7)
    assert m1["satisfaction_mean"] == "meno di 5"
    assert rows[2019, "Municipio 5"]["admitted_people"] == 0
    periphery, centre = rows[2019, "Periferia"], rows[2019, "Centro (NIL non periferici)"]
    assert (periphery["capacity"], periphery["booked_seats"], periphery["admitted_people"]) == (
        30,
        12,
        8,
    )
    assert (centre["capacity"], centre["admitted_people"]) == (15, 10)


def test_the_dashboard_shows_and_downloads_the_impact_table(client, data, staff):
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert "Impatto per Municipio e periferia" in page
    csv_text = client.get(reverse("insights:download_csv", args=["impatto"])).content.decode()
    assert "Municipio 4" in csv_text and "Periferia" in csv_text
