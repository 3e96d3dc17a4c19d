import json
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.plans import services
from manifatture.plans.models import PlanItem, PlanShare
from manifatture.tickets.tests.factories import BookingFactory

from .conftest import activity_at, day_of, slot_at

pytestmark = pytest.mark.django_db

MY_DAY = reverse("plans:my_day")


def add_url(activity) -> str:
    return reverse("plans:add", kwargs={"activity_pk": activity.pk})


def plan(slot, visitor):
    return services.add_to_plan(visitor, activity=slot.activity, slot=slot)


# My day ------------------------------------------------------------------------------


def test_my_day_needs_login(client, edition):
    response = client.get(MY_DAY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_my_day_shows_the_first_day_with_plans_in_time_order(
    client, edition, visitor, lambrate, duomo
):
    booked = slot_at(edition, duomo, (14, 0), (15, 0), day=1, title_it="Visita alla sartoria")
    BookingFactory(slot=booked, visitor=visitor)
    plan(slot_at(edition, lambrate, (10, 0), (11, 0), day=1, title_it="Fonderia"), visitor)
    client.force_login(visitor)

    response = client.get(MY_DAY)

    assert response.status_code == 200
    assert response.context["plan"].day == day_of(edition, 1)
    text = response.text
    assert text.index("Fonderia") < text.index("Visita alla sartoria")
    assert reverse("tickets:ticket", kwargs={"pk": booked.bookings.get().pk}) in text
    assert "4,5 km in linea d'aria: circa 18 minuti di spostamento, e avete 180 minuti." in text
    script_id = f"plan-points-{day_of(edition, 1).isoformat()}"
    found = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', text)
    points = json.loads(found.group(1))
    assert [(p["number"], p["label"], p["time"]) for p in points] == [
        (1, "Fonderia", "10:00–11:00"),
        (2, "Visita alla sartoria", "14:00–15:00"),
    ]
    assert f'data-municipi-url="{reverse("activities:municipi_data")}"' in text


def test_a_day_is_chosen_in_the_query_string(client, edition, visitor, lambrate):
    plan(slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Fonderia"), visitor)
    client.force_login(visitor)

    response = client.get(MY_DAY, {"giorno": day_of(edition, 1).isoformat()})
    assert response.context["plan"].day == day_of(edition, 1)
    assert "Niente in programma per questo giorno." in response.text

    # A day outside the event falls back to the first day with plans.
    response = client.get(MY_DAY, {"giorno": "1999-01-01"})
    assert response.context["plan"].day == day_of(edition)


def test_conflicts_are_shown_as_a_warning(client, edition, visitor, lambrate, duomo):
    plan(slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Fonderia"), visitor)
    plan(slot_at(edition, duomo, (11, 10), (12, 0), title_it="Sartoria"), visitor)
    client.force_login(visitor)

    response = client.get(MY_DAY)

    assert "Attenzione: 1 problema nel programma" in response.text
    assert "Tempo stretto" in response.text


def test_my_day_without_a_current_edition(client, visitor):
    client.force_login(visitor)
    response = client.get(MY_DAY)
    assert response.status_code == 200
    assert "Non c'è un'edizione in corso" in response.text


# Add and remove ------------------------------------------------------------------------


def test_the_activity_page_button_adds_an_activity_with_one_slot(
    client, edition, visitor, lambrate
):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Fonderia")
    client.force_login(visitor)

    response = client.post(add_url(slot.activity), follow=True)

    assert response.redirect_chain[-1][0] == f"{MY_DAY}?giorno={day_of(edition).isoformat()}"
    assert "«Fonderia» è nella vostra giornata di" in response.text
    assert PlanItem.objects.get().slot == slot


def test_several_slots_ask_which_one_and_keep_the_page(client, edition, visitor, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))
    later = slot_at(edition, lambrate, (15, 0), (16, 0), activity=slot.activity)
    client.force_login(visitor)

    response = client.post(add_url(slot.activity))
    assert response.status_code == 400
    assert "Scegliete l&#x27;orario in cui pensate di andare." in response.text
    assert f'value="{later.pk}"' in response.text

    response = client.post(add_url(slot.activity), {"slot": later.pk})
    assert response.status_code == 302
    assert PlanItem.objects.get().slot == later


def test_the_add_page_asks_for_a_day_when_there_are_no_slots(client, edition, visitor, lambrate):
    activity = activity_at(edition, lambrate, booking_mode=Activity.BookingMode.DROP_IN)
    client.force_login(visitor)

    page = client.get(add_url(activity))
    assert page.status_code == 200
    assert f'value="{day_of(edition, 1).isoformat()}"' in page.text

    client.post(add_url(activity), {"day": day_of(edition, 1).isoformat()})
    assert PlanItem.objects.get().day == day_of(edition, 1)


def test_adding_needs_login_and_comes_back_to_the_add_page(client, edition, lambrate):
    slot = slot_at(edition, lambrate, (10, 0), (11, 0))
    response = client.post(add_url(slot.activity))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert response["Location"].endswith(f"?next={add_url(slot.activity)}")
    assert not PlanItem.objects.exists()


def test_a_visitor_removes_their_own_items_only(client, edition, visitor, lambrate):
    theirs = plan(slot_at(edition, lambrate, (10, 0), (11, 0)), UserFactory())
    mine = plan(slot_at(edition, lambrate, (12, 0), (13, 0)), visitor)
    client.force_login(visitor)

    url = reverse("plans:remove", kwargs={"pk": theirs.pk})
    assert client.post(url).status_code == 404
    assert client.get(reverse("plans:remove", kwargs={"pk": mine.pk})).status_code == 405

    response = client.post(reverse("plans:remove", kwargs={"pk": mine.pk}))
    assert response.status_code == 302
    assert list(PlanItem.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_the_include_for_the_activity_page(rf: RequestFactory, edition, lambrate):
    activity = activity_at(edition, lambrate)
    cancelled = activity_at(edition, lambrate, status=Activity.Status.CANCELLED)

    html = render_to_string(
        "plans/_add_to_my_day.html", {"activity": activity}, request=rf.get("/")
    )

    assert f'action="{add_url(activity)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Aggiungi alla mia giornata" in html
    assert render_to_string("plans/_add_to_my_day.html", {"activity": cancelled}).strip() == ""


# Sharing -----------------------------------------------------------------------------


def test_the_share_link_shows_the_plan_read_only(client, edition, visitor, lambrate, duomo):
    booking = BookingFactory(
        slot=slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Fonderia"), visitor=visitor
    )
    item = plan(slot_at(edition, duomo, (12, 0), (13, 0), title_it="Sartoria"), visitor)
    share = services.get_or_create_share(visitor)

    response = client.get(share.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    assert "La giornata di Giulia" in text
    assert "Fonderia" in text and "Sartoria" in text
    assert booking.ticket_code not in text
    assert reverse("tickets:ticket", kwargs={"pk": booking.pk}) not in text
    assert reverse("plans:remove", kwargs={"pk": item.pk}) not in text
    assert "Togli dalla giornata" not in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_the_share_link_cannot_change_anything(client, edition, visitor, lambrate):
    plan(slot_at(edition, lambrate, (10, 0), (11, 0)), visitor)
    share = services.get_or_create_share(visitor)
    client.force_login(UserFactory())

    assert client.post(share.get_absolute_url()).status_code == 405
    assert PlanItem.objects.count() == 1


def test_a_new_share_link_retires_the_old_one(client, edition, visitor):
    old = services.get_or_create_share(visitor).token
    client.force_login(visitor)

    response = client.post(reverse("plans:share_regenerate"))

    assert response.status_code == 302
    new = PlanShare.objects.get(user=visitor).token
    assert new != old
    assert client.get(reverse("plans:shared", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("plans:shared", kwargs={"token": new})).status_code == 200


def test_my_day_page_shows_the_share_link(client, edition, visitor):
    client.force_login(visitor)
    response = client.get(MY_DAY)
    share = PlanShare.objects.get(user=visitor)
    assert f"http://testserver{share.get_absolute_url()}" in response.text


# Query counts ---------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(edition, visitor, site, n: int) -> None:
    for hour in range(9, 9 + n):
        BookingFactory(slot=slot_at(edition, site, (hour, 0), (hour, 20)), visitor=visitor)
        plan(slot_at(edition, site, (hour, 30), (hour, 50)), visitor)


def test_my_day_takes_the_same_queries_for_one_or_three_entries(
    client, edition, lambrate, django_assert_num_queries
):
    one, three = UserFactory(), UserFactory()
    fill(edition, one, lambrate, 1)
    fill(edition, three, lambrate, 3)
    client.force_login(one)
    client.get(MY_DAY)  # creates the share link
    with_one = count_queries(client, MY_DAY)

    client.force_login(three)
    client.get(MY_DAY)
    assert with_one <= 8
    with django_assert_num_queries(with_one):
        response = client.get(MY_DAY)
    assert len(response.context["plan"]) == 6


def test_the_shared_page_takes_the_same_queries_for_one_or_three_entries(
    client, edition, lambrate, django_assert_num_queries
):
    one, three = UserFactory(), UserFactory()
    fill(edition, one, lambrate, 1)
    fill(edition, three, lambrate, 3)
    with_one = count_queries(client, services.get_or_create_share(one).get_absolute_url())

    url = services.get_or_create_share(three).get_absolute_url()
    assert with_one <= 5
    with django_assert_num_queries(with_one):
        client.get(url)


def test_each_entry_says_how_to_get_in(client, visitor, lambrate):
    edition = PhasedEditionFactory(registration=True)
    for hour, mode, title in [
        (10, Activity.BookingMode.BOOKING, "Su prenotazione"),
        (12, Activity.BookingMode.BALLOT, "Sorteggiata"),
        (14, Activity.BookingMode.DROP_IN, "Porte aperte"),
    ]:
        plan(
            slot_at(edition, lambrate, (hour, 0), (hour, 30), title_it=title, booking_mode=mode),
            visitor,
        )
    client.force_login(visitor)

    text = client.get(MY_DAY).text

    assert text.count("Da prenotare") == 1
    assert text.count("Su sorteggio") == 1
    assert text.count("Ingresso libero") == 1
    assert text.count(">Prenota<span") == 1  # one link to book, for the bookable visit


@pytest.mark.parametrize("phase", ["programme", "past"])
def test_no_booking_prompt_while_bookings_are_not_open(client, visitor, lambrate, phase):
    """Before bookings open the entry says so; once the edition is over it says
    nothing of booking: no "Da prenotare", no "Prenota" link."""
    edition = PhasedEditionFactory(**{phase: True}, is_current=True)
    slot = slot_at(edition, lambrate, (10, 0), (10, 30), title_it="Visita")
    # Made directly: once the edition is over the service refuses to plan it.
    item = PlanItem.objects.create(
        user=visitor, activity=slot.activity, slot=slot, day=day_of(edition)
    )
    client.force_login(visitor)

    text = client.get(f"{MY_DAY}?giorno={item.day.isoformat()}").text

    assert "Visita" in text
    assert "Da prenotare" not in text
    assert ">Prenota<span" not in text
    assert ("Prenotazioni non ancora aperte" in text) == (phase == "programme")
    assert edition.booking_window.reason in text
