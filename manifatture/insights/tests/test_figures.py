from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.activities.tests.factories import (
    ActivityFactory,
    MunicipioFactory,
    TimeSlotFactory,
)
from manifatture.bookings.models import Booking
from manifatture.bookings.services import cancel_booking
from manifatture.bookings.tests.factories import VisitorProfileFactory
from manifatture.directory.tests.factories import ComuneFactory
from manifatture.insights import queries
from manifatture.insights.queries import Filters
from manifatture.insights.tables import build_dashboard
from manifatture.participations.models import ActivityKind
from manifatture.tickets.tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


def rows(dashboard, slug):
    return dashboard.tables[slug].rows


def test_periphery_answer_counted_by_hand(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "periferia") == [
        # area, hosts, share, visits, slots, capacity, seats, fill rate
        ["Periferia", 2, Decimal("66.7"), 2, 3, 30, 12, Decimal("40.0")],
        ["Centro (NIL non periferici)", 1, Decimal("33.3"), 1, 1, 10, 10, Decimal("100.0")],
        ["Fuori Milano o senza NIL", 0, Decimal("0.0"), 0, 0, 0, 0, None],
        ["Totale", 3, Decimal("100.0"), 3, 4, 40, 22, Decimal("55.0")],
    ]


def test_key_figures(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert dashboard.key_figures == [
        ("Host", "3"),
        ("Host in periferia", "66,7 %"),
        ("Riempimento", "48,9 %"),  # 22 of 45 seats
        ("Persone rimaste senza posto", "2"),
        ("No-show", "20,0 %"),
        ("Ingressi senza prenotazione", "7"),
    ]


def test_programme_by_kind(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "programma") == [
        # kind, activities, slots, capacity, bookings, seats, fill, cancelled, unplaced,
        # checked in, no-shows, no-show rate, walk-ins
        ["Visita guidata", 3, 4, 40, 6, 22, Decimal("55.0"), 1, 2, 4, 1, Decimal("20.0"), 0],
        ["Laboratorio", 1, 1, 5, 0, 0, Decimal("0.0"), 0, 0, 0, 0, None, 7],
        ["Totale", 4, 5, 45, 6, 22, Decimal("48.9"), 1, 2, 4, 1, Decimal("20.0"), 7],
    ]


def test_hosts_by_category_municipio_and_nil(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "host-categoria") == [
        ["Fabbrica", 1, 1],
        ["Officina", 1, 1],
        ["Laboratorio e atelier", 1, 0],
    ]
    assert rows(dashboard, "host-municipio") == [
        ["Municipio 1", 1],
        ["Municipio 4", 1],
        ["Municipio 9", 1],
    ]
    assert rows(dashboard, "host-nil") == [
        ["Bovisa", "Municipio 9", "sì", 1],
        ["Brera", "Municipio 1", "no", 1],
        ["Corvetto", "Municipio 4", "sì", 1],
    ]


def test_comparison_across_editions(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "confronto") == [
        # 2018: H3's one visit, 10 places, V5 2 + V3 1.
        ["2018", 1, 0, Decimal("0.0"), 1, 1, 10, 3, Decimal("30.0"), 0, 0, None, 0, 2, 0, 0],
        [
            "2019",
            3,
            2,
            Decimal("66.7"),
            4,
            5,
            45,
            22,
            Decimal("48.9"),
            1,
            2,
            Decimal("20.0"),
            7,
            5,
            1,
            1,
        ],
    ]


def test_waiting_list_demand_counts_people_without_a_place(data):
    totals, by_kind = queries.waiting_demand([data.e2019.pk], Filters())
    # V7 waiting and V1 expired; V4 left, V5 has a booking.
    assert totals == {data.e2019.pk: {"visitors": 2, "entries": 2}}
    assert by_kind == {(data.e2019.pk, ActivityKind.GUIDED_VISIT): 2}


def test_ballot_oversubscription(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "sorteggio") == [
        ["" + data.a2.title_it, "Fabbrica Bovisa", 10, 3, 12, 15, Decimal("1.20"), 0]
    ]
    assert dashboard.tables["sorteggio"].description.startswith(
        "3 visitatori hanno espresso 3 scelte."
    )


def test_where_visitors_come_from(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "provenienza") == [
        ["Milano", 2, 9],
        ["Fuori dalla Città metropolitana di Milano", 1, 5],
        ["Non indicato", 1, 6],
        ["Sesto San Giovanni", 1, 2],
    ]
    assert rows(dashboard, "municipio-visitato") == [
        ["Municipio 1", 2, 10],
        ["Municipio 4", 3, 10],
        ["Municipio 9", 1, 2],
    ]
    assert rows(dashboard, "eta") == [
        ["meno di 18 anni", 1],
        ["18–34 anni", 0],
        ["35–54 anni", 3],
        ["55–74 anni", 0],
        ["75 anni e oltre", 0],
        ["Non indicata", 1],
    ]


def _resident(municipio: int | None):
    profile = VisitorProfileFactory(
        comune=ComuneFactory(),
        municipio=MunicipioFactory(number=municipio) if municipio else None,
    )
    return profile.user


def test_where_visitors_come_from_by_municipio_of_residence(data):
    # V1 (Milano, Municipio 4) booked 3 + 2 seats; V5 (Milano, no Municipio) 4.
    v11, v12, v13 = _resident(4), _resident(9), _resident(9)
    BookingFactory(slot=data.a1s2, visitor=v11, party_size=2)
    BookingFactory(slot=data.a2s1, visitor=v12, party_size=1)
    # Neither counts: a cancelled booking, and a booking in 2018.
    BookingFactory(
        slot=data.a3s1,
        visitor=v13,
        party_size=3,
        status=Booking.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    old = ActivityFactory(edition=data.e2018, organisation=data.h3, site=data.s3)
    BookingFactory(slot=TimeSlotFactory(activity=old, capacity=10), visitor=v13, party_size=4)

    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "municipio-residenza") == [
        ["Municipio 1", 0, 0],
        ["Municipio 2", 0, 0],
        ["Municipio 3", 0, 0],
        ["Municipio 4", 2, 7],
        ["Municipio 5", 0, 0],
        ["Municipio 6", 0, 0],
        ["Municipio 7", 0, 0],
        ["Municipio 8", 0, 0],
        ["Municipio 9", 1, 1],
        ["Municipio non indicato", 1, 4],
    ]
    # The Municipi of Milan add up to the Milan row of the comuni.
    assert rows(dashboard, "provenienza")[0] == ["Milano", 4, 12]

    # The filters are on the place visited: Municipio 1 is A3's (V5's 4 seats).
    by_visited = build_dashboard(data.e2019, Filters(municipio=1))
    assert [row for row in rows(by_visited, "municipio-residenza") if row[1]] == [
        ["Municipio non indicato", 1, 4]
    ]


def test_the_municipio_of_residence_is_charted_and_downloaded(client, data):
    client.force_login(StaffFactory())
    response = client.get(reverse("insights:dashboard"), {"edizione": 2019})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="chart-municipio-residenza-visitors-title"' in html
    assert '<span class="insights-chart__label">Municipio 4</span>' in html
    csv = client.get(
        reverse("insights:download_csv", args=["municipio-residenza"]), {"edizione": 2019}
    ).content.decode()
    assert csv.splitlines()[0] == "Municipio di residenza,Visitatori,Posti prenotati"
    assert "Municipio 4,1,5" in csv.splitlines()
    assert "Municipio non indicato,1,4" in csv.splitlines()


def test_returning_hosts_and_visitors(data):
    dashboard = build_dashboard(data.e2019, Filters())
    assert rows(dashboard, "ritorni") == [
        ["Host", 3, 1, Decimal("33.3")],
        ["Visitatori con prenotazione", 5, 1, Decimal("20.0")],
    ]


def test_filter_periphery_only(data):
    dashboard = build_dashboard(data.e2019, Filters(periphery=True))
    assert rows(dashboard, "periferia")[0] == [
        "Periferia",
        2,
        Decimal("100.0"),
        2,
        3,
        30,
        12,
        Decimal("40.0"),
    ]
    assert rows(dashboard, "periferia")[-1] == [
        "Totale",
        2,
        Decimal("100.0"),
        2,
        3,
        30,
        12,
        Decimal("40.0"),
    ]
    assert rows(dashboard, "host-nil") == [
        ["Bovisa", "Municipio 9", "sì", 1],
        ["Corvetto", "Municipio 4", "sì", 1],
    ]


def test_filter_outside_periphery(data):
    dashboard = build_dashboard(data.e2019, Filters(periphery=False))
    assert rows(dashboard, "programma")[-1] == [
        "Totale",
        2,
        2,
        15,
        2,
        10,
        Decimal("66.7"),
        0,
        2,
        2,
        0,
        Decimal("0.0"),
        7,
    ]
    assert [row[:2] for row in rows(dashboard, "host-categoria")] == [["Laboratorio e atelier", 1]]


def test_filter_category_and_municipio(data):
    by_category = build_dashboard(data.e2019, Filters(category="factory"))
    assert rows(by_category, "programma") == [
        ["Visita guidata", 1, 1, 10, 1, 2, Decimal("20.0"), 0, 0, 0, 0, None, 0],
        ["Totale", 1, 1, 10, 1, 2, Decimal("20.0"), 0, 0, 0, 0, None, 0],
    ]
    assert rows(by_category, "host-municipio") == [["Municipio 9", 1]]
    by_municipio = build_dashboard(data.e2019, Filters(municipio=4))
    assert rows(by_municipio, "host-categoria") == [["Officina", 1, 1]]
    assert rows(by_municipio, "periferia")[0][:8] == [
        "Periferia",
        1,
        Decimal("100.0"),
        1,
        2,
        20,
        10,
        Decimal("50.0"),
    ]


def test_a_cancelled_booking_lowers_the_fill_rate(data):
    before = build_dashboard(data.e2019, Filters())
    assert rows(before, "periferia")[0][-1] == Decimal("40.0")
    cancel_booking(data.v4_booking, by=StaffFactory())
    assert Booking.objects.get(pk=data.v4_booking.pk).status == Booking.Status.CANCELLED
    after = build_dashboard(data.e2019, Filters())
    # 12 - 5 = 7 seats of 30.
    assert rows(after, "periferia")[0] == [
        "Periferia",
        2,
        Decimal("66.7"),
        2,
        3,
        30,
        7,
        Decimal("23.3"),
    ]
    assert rows(after, "programma")[0][7] == 2  # two cancelled bookings now


def test_public_numbers_after_the_event_count_people_at_the_door(data):
    numbers = {n.year: n for n in queries.public_numbers()}
    n2019 = numbers[2019]
    assert (n2019.hosts, n2019.activities, n2019.slots, n2019.capacity) == (3, 4, 5, 45)
    # Checked in: 3 + 5 + 4 + 6 = 18, plus 7 walk-ins.
    assert (n2019.visitors, n2019.visitors_basis, n2019.walk_ins) == (25, "checked_in", 7)
    assert n2019.by_kind == [("Visita guidata", 3), ("Laboratorio", 1)]
    # 2018: nobody checked in, so the confirmed bookings (2 + 1).
    assert (numbers[2018].hosts, numbers[2018].visitors, numbers[2018].visitors_basis) == (
        1,
        3,
        "booked",
    )


def test_public_numbers_before_the_event_count_bookings(data):
    data.e2019.event_end = data.e2019.event_start = timezone.localdate()
    data.e2019.save(update_fields=["event_start", "event_end"])
    (numbers,) = queries.public_numbers([data.e2019.pk])
    # 22 booked seats: "visitatori con prenotazione"; the 7 walk-ins apart.
    assert (numbers.visitors, numbers.visitors_basis, numbers.walk_ins) == (22, "booked", 7)
