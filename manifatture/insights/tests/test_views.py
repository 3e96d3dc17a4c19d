import csv
import html
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from manifatture.accounts.tests.factories import ReviewerFactory, UserFactory
from manifatture.activities.tests.factories import (
    ActivityFactory,
    MunicipioFactory,
    TimeSlotFactory,
)
from manifatture.bookings.models import Booking
from manifatture.bookings.tests.factories import VisitorProfileFactory
from manifatture.directory.tests.factories import ComuneFactory, MembershipFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory
from manifatture.tickets.tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("insights:dashboard")
CSV = reverse("insights:download_csv", args=["periferia"])
XLSX = reverse("insights:download_xlsx", args=["periferia"])


def test_anonymous_people_are_sent_to_log_in(client, data):
    for url in (DASHBOARD, CSV, XLSX):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["visitor", "host", "reviewer"])
def test_visitors_hosts_and_reviewers_get_403(client, data, who):
    if who == "host":
        user = MembershipFactory(organisation=data.h1).user
    elif who == "reviewer":
        user = ReviewerFactory()
    else:
        user = data.v[1]
    client.force_login(user)
    for url in (DASHBOARD, CSV, XLSX):
        assert client.get(url).status_code == 403


def test_the_dashboard_answers_the_periphery_question(client, staff, data):
    response = client.get(DASHBOARD, {"edizione": 2019})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cruscotto dei numeri – 2019" in page
    table = response.context["sections"][2][0]
    assert table.slug == "periferia"
    assert table.display_rows[0] == ["Periferia", "2", "66,7 %", "2", "3", "30", "12", "40,0 %"]
    assert table.display_rows[1][-1] == "100,0 %"
    # The same numbers are drawn and given as text in the chart, label beside value.
    chart = page[page.index('<figure class="insights-chart mb-4" id="chart-periferia-fill_rate"') :]
    chart = chart[: chart.index("</figure>")]
    assert 'aria-labelledby="chart-periferia-fill_rate-title"' in chart
    texts = re.findall(r'class="insights-chart__(?:label|value)">([^<]*)<', chart)
    assert texts[:4] == ["Periferia", "40,0 %", "Centro (NIL non periferici)", "100,0 %"]
    assert f'href="{CSV}?edizione=2019"' in page
    # Strict CSP: no style attribute, no inline script.
    assert "style=" not in page
    assert "<script>" not in page


def test_the_dashboard_defaults_to_the_latest_edition(client, staff, data):
    response = client.get(DASHBOARD)
    assert response.context["edition"] == data.e2019


def test_bad_filters_are_reported_and_the_figures_still_shown(client, staff, data):
    response = client.get(DASHBOARD, {"edizione": 2019, "municipio": "12"})
    assert response.status_code == 200
    assert response.context["form"].errors["municipio"]
    assert "un problema" in response.content.decode()  # the error summary


def test_csv_download_with_the_same_filters(client, staff, data):
    response = client.get(CSV, {"edizione": 2019, "periferia": "si"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="manifatture-aperte-2019-periferia.csv"' in response["Content-Disposition"]
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        [
            "Zona",
            "Host",
            "Quota degli host (%)",
            "Visite guidate",
            "Turni",
            "Posti",
            "Posti prenotati",
            "Riempimento (%)",
        ],
        ["Periferia", "2", "100.0", "2", "3", "30", "12", "40.0"],
        ["Centro (NIL non periferici)", "0", "0.0", "0", "0", "0", "0", ""],
        ["Fuori Milano o senza NIL", "0", "0.0", "0", "0", "0", "0", ""],
        ["Totale", "2", "100.0", "2", "3", "30", "12", "40.0"],
    ]


def test_xlsx_download_holds_numbers(client, staff, data):
    response = client.get(XLSX, {"edizione": 2019})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[1] == ["Periferia", 2, 66.7, 2, 3, 30, 12, 40.0]
    assert values[-1] == ["Totale", 3, 100.0, 3, 4, 40, 22, 55.0]


def test_every_table_downloads(client, staff, data):
    response = client.get(DASHBOARD, {"edizione": 2019})
    slugs = [table.slug for table, _charts in response.context["sections"]]
    assert slugs == [
        "confronto",
        "sintesi",
        "periferia",
        "host-categoria",
        "host-municipio",
        "host-nil",
        "programma",
        "sorteggio",
        "provenienza",
        "municipio-residenza",
        "municipio-visitato",
        "eta",
        "ritorni",
        "albo",
        "bandi",
        "impatto",
    ]
    for slug in slugs:
        for name in ("insights:download_csv", "insights:download_xlsx"):
            assert client.get(reverse(name, args=[slug]), {"edizione": 2019}).status_code == 200
    assert client.get(reverse("insights:download_csv", args=["nessuna"])).status_code == 404


def test_figures_are_cached_briefly_and_fresh_after_the_cache(client, staff, data, settings):
    settings.INSIGHTS_CACHE_SECONDS = 60
    first = client.get(DASHBOARD, {"edizione": 2019}).context["sections"][2][0]
    Booking.objects.filter(pk=data.v4_booking.pk).update(party_size=1)
    cached = client.get(DASHBOARD, {"edizione": 2019}).context["sections"][2][0]
    assert cached.rows[0] == first.rows[0]
    cache.clear()
    fresh = client.get(DASHBOARD, {"edizione": 2019}).context["sections"][2][0]
    assert fresh.rows[0][6] == 8  # 12 seats - 5 + 1


def _edition_with_hosts(year: int, hosts: int) -> None:
    edition = PhasedEditionFactory(year=year, past=True)
    for _n in range(hosts):
        application = AcceptedApplicationFactory(edition=edition)
        activity = ActivityFactory(edition=edition, organisation=application.organisation)
        BookingFactory(slot=TimeSlotFactory(activity=activity), visitor=UserFactory())


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_editions_and_hosts(client, staff):
    _edition_with_hosts(2018, 1)
    one = _queries(client, DASHBOARD)
    _edition_with_hosts(2019, 3)
    _edition_with_hosts(2020, 3)
    assert _queries(client, DASHBOARD) == one
    one_download = _queries(client, CSV, {"edizione": 2018})
    assert _queries(client, CSV, {"edizione": 2020}) == one_download


def test_residence_queries_do_not_grow_with_visitors(client, staff):
    edition = PhasedEditionFactory(year=2019, past=True)
    slot = TimeSlotFactory(activity=ActivityFactory(edition=edition), capacity=50)
    milano = ComuneFactory()
    residence_csv = reverse("insights:download_csv", args=["municipio-residenza"])

    def resident(number):
        profile = VisitorProfileFactory(comune=milano, municipio=MunicipioFactory(number=number))
        BookingFactory(slot=slot, visitor=profile.user, party_size=2)

    resident(1)
    one = _queries(client, DASHBOARD, {"edizione": 2019})
    one_download = _queries(client, residence_csv, {"edizione": 2019})
    for number in (2, 5, 9):
        resident(number)
    assert _queries(client, DASHBOARD, {"edizione": 2019}) == one
    response = client.get(residence_csv, {"edizione": 2019})
    assert _queries(client, residence_csv, {"edizione": 2019}) == one_download
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row for row in rows[1:] if row[1] != "0"] == [
        ["Municipio 1", "1", "2"],
        ["Municipio 2", "1", "2"],
        ["Municipio 5", "1", "2"],
        ["Municipio 9", "1", "2"],
    ]


def test_public_numbers_queries_do_not_grow(client):
    _edition_with_hosts(2018, 1)
    index_one = _queries(client, reverse("insights:numbers_index"))
    detail_one = _queries(client, reverse("insights:numbers", args=[2018]))
    _edition_with_hosts(2019, 3)
    _edition_with_hosts(2020, 3)
    assert _queries(client, reverse("insights:numbers_index")) == index_one
    assert _queries(client, reverse("insights:numbers", args=[2020])) == detail_one


def test_public_numbers_page_needs_no_login(client, data):
    response = client.get(reverse("insights:numbers", args=[2019]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2019: 3 luoghi aperti, 25 visitatori." in page
    assert "Tra i visitatori, 7 sono entrati senza prenotazione." in page
    assert "style=" not in page
    assert client.get(reverse("insights:numbers", args=[1999])).status_code == 404


def test_public_numbers_index_lists_every_edition(client, data):
    response = client.get(reverse("insights:numbers_index"))
    assert [n.year for n in response.context["numbers"]] == [2019, 2018]
    assert reverse("insights:numbers", args=[2018]) in response.content.decode()


def test_the_dashboard_works_before_any_edition(client, staff):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["edition"] is None
    assert [table.slug for table, _charts in response.context["sections"]] == [
        "confronto",
        "albo",
        "bandi",
        "impatto",
    ]


# Numbers (issue 13, journey 8) ------------------------------------------------------------


def test_public_numbers_leave_out_an_edition_not_yet_published(client, data):
    PhasedEditionFactory(year=2031)  # staff are preparing it: registration not open
    response = client.get(reverse("insights:numbers_index"))
    assert [n.year for n in response.context["numbers"]] == [2019, 2018]
    assert "2031" not in response.content.decode()
    assert client.get(reverse("insights:numbers", args=[2031])).status_code == 404


def test_public_numbers_say_what_each_figure_counts(client, data):
    after = client.get(reverse("insights:numbers", args=[2019])).content.decode()
    assert "entrati, con o senza prenotazione, contati all'ingresso" in html.unescape(after)
    assert "visitatori con prenotazione" not in after.split("<dl")[1].split("</dl>")[0]

    data.e2019.event_end = data.e2019.event_start = timezone.localdate()
    data.e2019.save(update_fields=["event_start", "event_end"])
    cache.clear()
    before = client.get(reverse("insights:numbers", args=[2019])).content.decode()
    assert "2019: 3 luoghi aperti, 22 visitatori con prenotazione." in before
    figures = before.split("<dl")[1].split("</dl>")[0]
    assert "visitatori con prenotazione" in figures
    assert "posti delle prenotazioni confermate, non le persone entrate" in figures
    assert "ingressi senza prenotazione" in figures


def test_dashboard_tables_scroll_inside_a_labelled_region(client, staff, data):
    response = client.get(DASHBOARD)
    page = response.content.decode()
    with_rows = [table.slug for table, _charts in response.context["sections"] if table.rows]
    assert len(with_rows) >= 3
    assert page.count('role="region"') == len(with_rows)
    for slug in with_rows:
        assert (
            f'class="table-responsive insights-table mb-3" role="region" '
            f'aria-labelledby="{slug}-heading" tabindex="0"'
        ) in page
    assert "col-lg-7" not in page  # never squeezed beside the charts
