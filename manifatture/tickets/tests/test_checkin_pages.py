import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity
from manifatture.bookings.models import Booking
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.tickets.models import WalkIn

from .conftest import make_host, make_slot
from .factories import BookingFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def checkin_url(slot) -> str:
    return reverse("tickets:checkin", kwargs={"pk": slot.pk})


def bookings_url(slot) -> str:
    return reverse("tickets:slot_bookings", kwargs={"pk": slot.pk})


# Who may open the door's pages ----------------------------------------------------------


def test_the_door_pages_need_login(client, slot):
    for url in [checkin_url(slot), bookings_url(slot), reverse("tickets:host_slots")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_host_cannot_see_another_hosts_lists(client, edition):
    mine, theirs = make_host(), make_host()
    my_slot = make_slot(mine, edition)
    their_slot = make_slot(theirs, edition)
    BookingFactory(slot=their_slot, visitor=UserFactory(full_name="Carla Verdi"))
    client.force_login(mine.user)

    assert client.get(checkin_url(my_slot)).status_code == 200
    for url in [checkin_url(their_slot), bookings_url(their_slot)]:
        response = client.get(url)
        assert response.status_code == 403
        assert "Carla Verdi" not in response.text
    response = client.post(checkin_url(their_slot), {"code": "X"})
    assert response.status_code == 403
    for name in ["no_shows", "walk_in"]:
        url = reverse(f"tickets:{name}", kwargs={"pk": their_slot.pk})
        assert client.post(url, {"delta": "1"}).status_code == 403


def test_the_host_slot_list_shows_only_own_slots(client, edition):
    mine, theirs = make_host(), make_host()
    my_slot = make_slot(mine, edition, title_it="Visita alla tessitura")
    their_slot = make_slot(theirs, edition, title_it="Visita alla fonderia")
    client.force_login(mine.user)

    response = client.get(reverse("tickets:host_slots"))

    assert response.status_code == 200
    assert "Visita alla tessitura" in response.text
    assert checkin_url(my_slot) in response.text
    assert "Visita alla fonderia" not in response.text
    assert checkin_url(their_slot) not in response.text


def test_a_visitor_cannot_open_a_check_in_page(client, slot, visitor):
    BookingFactory(slot=slot, visitor=visitor)
    client.force_login(visitor)
    assert client.get(checkin_url(slot)).status_code == 403


def test_a_member_who_is_not_the_owner_can_check_in(client, slot):
    colleague = MembershipFactory(organisation=slot.activity.organisation, role="staff").user
    client.force_login(colleague)
    assert client.get(checkin_url(slot)).status_code == 200


def test_city_staff_can_open_any_slots_pages(client, slot, staff):
    client.force_login(staff)
    assert client.get(checkin_url(slot)).status_code == 200
    assert client.get(bookings_url(slot)).status_code == 200


def test_a_missing_slot_is_404(client, host):
    client.force_login(host.user)
    assert client.get(reverse("tickets:checkin", kwargs={"pk": 999999})).status_code == 404


# The door -------------------------------------------------------------------------------


def test_the_check_in_page_shows_who_is_expected_and_only_that(client, host, slot):
    visitor = UserFactory(full_name="Marco Neri", email="marco.neri@esempio.it")
    BookingFactory(slot=slot, visitor=visitor, party_size=3)
    BookingFactory(
        slot=slot, kind=Booking.Kind.GROUP, group_name="Scuola primaria Rinnovata", party_size=4
    )
    BookingFactory(
        slot=slot,
        visitor=UserFactory(full_name="Anna Gialli"),
        status=Booking.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    client.force_login(host.user)

    response = client.get(checkin_url(slot))

    assert response.status_code == 200
    text = response.text
    assert "Marco Neri" in text
    assert "3 persone" in text
    assert "Scuola primaria Rinnovata" in text
    assert "Anna Gialli" not in text  # cancelled
    assert "marco.neri@esempio.it" not in text  # no contacts at the door
    assert 'name="code"' in text
    assert 'data-hx-post="' + checkin_url(slot) + '"' in text
    assert response.context["counts"]["booked"] == 7
    assert response.context["counts"]["expected"] == 7


def counter(text: str, state: str) -> tuple[int, int]:
    """The people and the bookings a counter of the door page shows."""
    match = re.search(
        rf'data-count="{state}">.*?<span data-people>(\d+)</span>.*?data-bookings="(\d+)"',
        text,
        re.S,
    )
    assert match, state
    return int(match[1]), int(match[2])


def rows(text: str, state: str) -> list[int]:
    """The party sizes of the rows of the list in that state."""
    return [int(party) for party in re.findall(rf'data-state="{state}" data-party="(\d+)"', text)]


def test_the_counters_agree_with_the_list(client, host, edition):
    started = make_slot(host, edition, starts_in=-datetime.timedelta(minutes=20))
    expected = [BookingFactory(slot=started, party_size=n) for n in (1, 3)]
    admitted = [BookingFactory(slot=started, party_size=n) for n in (2, 4, 1)]
    absent = BookingFactory(slot=started, party_size=2)
    # Marked absent, then came late and was admitted: in, not absent.
    late = BookingFactory(slot=started, party_size=2)
    BookingFactory(
        slot=started, party_size=3, status=Booking.Status.CANCELLED, cancelled_at=timezone.now()
    )
    Booking.objects.filter(pk=absent.pk).update(no_show=True)
    Booking.objects.filter(pk__in=[b.pk for b in admitted]).update(checked_in_at=timezone.now())
    Booking.objects.filter(pk=late.pk).update(no_show=True, checked_in_at=timezone.now())
    client.force_login(host.user)

    text = client.get(checkin_url(started)).text

    assert counter(text, "expected") == (4, 2) == (sum(rows(text, "expected")), len(expected))
    assert counter(text, "admitted") == (9, 4) == (sum(rows(text, "admitted")), 4)
    assert counter(text, "absent") == (2, 1) == (sum(rows(text, "absent")), 1)
    assert counter(text, "booked") == (15, 7)
    assert sum(counter(text, s)[0] for s in ("expected", "admitted", "absent")) == 15
    listed = text.count('data-state="')
    assert listed == 7 == sum(len(rows(text, s)) for s in ("expected", "admitted", "absent"))

    # The list of who booked reads the same states.
    who = client.get(bookings_url(started)).text
    assert who.count('data-state="absent"') == 1
    assert who.count('data-state="admitted"') == 4


@pytest.mark.parametrize(("role", "label"), [("owner", "Titolare"), ("staff", "Collaboratore")])
def test_the_door_page_says_the_keepers_role(client, slot, role, label):
    keeper = MembershipFactory(organisation=slot.activity.organisation, role=role).user
    client.force_login(keeper)

    text = client.get(checkin_url(slot)).text

    assert f"data-door-role>{label}</span>" in text


def test_the_door_page_says_city_staff(client, slot, staff):
    client.force_login(staff)
    assert "data-door-role>Staff del Comune</span>" in client.get(checkin_url(slot)).text


def test_a_ticket_for_another_activity_says_which_on_the_page(client, host, edition, slot):
    other = make_slot(
        host, edition, title_it="Visita alla fonderia", starts_in=datetime.timedelta(hours=2)
    )
    booking = BookingFactory(slot=other)
    client.force_login(host.user)

    response = client.post(checkin_url(slot), {"code": booking.ticket_code}, **HX)

    start = timezone.localtime(other.starts_at)
    assert "Turno sbagliato" in response.text
    assert "Il biglietto è per «Visita alla fonderia»," in response.text
    assert f"alle {start:%H:%M}." in response.text


def test_typing_a_valid_code_shows_valid_without_javascript(client, host, slot):
    booking = BookingFactory(slot=slot, visitor=UserFactory(full_name="Marco Neri"), party_size=2)
    client.force_login(host.user)

    response = client.post(checkin_url(slot), {"code": booking.ticket_code.lower()})

    assert response.status_code == 200
    assert "Valido: entrata registrata" in response.text
    assert 'data-result="valid"' in response.text
    assert "<h1" in response.text  # the whole page
    assert response.context["form"]["code"].value() is None  # empty for the next one
    booking.refresh_from_db()
    assert booking.checked_in_at is not None


def test_a_ticket_used_twice_shows_when_it_was_used(client, host, slot):
    booking = BookingFactory(slot=slot)
    client.force_login(host.user)
    client.post(checkin_url(slot), {"code": booking.ticket_code})
    booking.refresh_from_db()

    response = client.post(checkin_url(slot), {"code": booking.ticket_code})

    used_at = timezone.localtime(booking.checked_in_at).strftime("%H:%M")
    assert 'data-result="used"' in response.text
    assert f"Biglietto già usato alle {used_at}." in response.text


@pytest.mark.parametrize(
    ("case", "result", "title"),
    [
        ("unknown", "unknown", "Codice sconosciuto"),
        ("wrong_slot", "wrong_slot", "Turno sbagliato"),
        ("too_early", "outside_window", "Fuori orario"),
        ("blank", "invalid", "Manca il codice"),
    ],
)
def test_refusals_are_shown_clearly(client, host, edition, slot, case, result, title):
    code = {
        "unknown": "FFFFFFFFFFFFFFFFFFFF",
        "wrong_slot": BookingFactory(slot=make_slot(host, edition)).ticket_code,
        "too_early": BookingFactory(
            slot=make_slot(host, edition, starts_in=datetime.timedelta(hours=2))
        ).ticket_code,
        "blank": "",
    }[case]
    target = Booking.objects.get(ticket_code=code).slot if case == "too_early" else slot
    client.force_login(host.user)

    response = client.post(checkin_url(target), {"code": code})

    assert response.status_code == 200
    assert f'data-result="{result}"' in response.text
    assert title in response.text
    assert not Booking.objects.filter(checked_in_at__isnull=False).exists()


def test_with_htmx_only_the_result_and_the_lists_come_back(client, host, slot):
    booking = BookingFactory(slot=slot, visitor=UserFactory(full_name="Marco Neri"))
    client.force_login(host.user)

    response = client.post(checkin_url(slot), {"code": booking.ticket_code}, **HX)

    assert response.status_code == 200
    assert "<h1" not in response.text
    assert 'data-result="valid"' in response.text
    assert (
        'id="checkin-expected" class="mt-4" aria-labelledby="expected-heading" data-hx-swap-oob="true"'
        in response.text
    )
    assert 'id="checkin-counts" class="checkin-counts" data-hx-swap-oob="true"' in response.text
    assert "HX-Request" in response["Vary"]


def test_a_visitor_without_the_ticket_is_checked_in_from_the_list(client, host, slot):
    booking = BookingFactory(slot=slot, visitor=UserFactory(full_name="Marco Neri"))
    client.force_login(host.user)

    response = client.post(checkin_url(slot), {"booking": booking.pk})

    assert 'data-result="valid"' in response.text
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    assert "entrato alle" in response.text


def test_no_shows_are_marked_from_the_page_after_the_start(client, host, edition):
    started = make_slot(host, edition, starts_in=-datetime.timedelta(minutes=30))
    missing = BookingFactory(slot=started)
    client.force_login(host.user)

    response = client.post(reverse("tickets:no_shows", kwargs={"pk": started.pk}), follow=True)

    assert "Prenotazioni segnate come assenti: 1." in response.text
    missing.refresh_from_db()
    assert missing.no_show is True


def test_no_shows_before_the_start_are_refused_with_a_message(client, host, slot):
    booking = BookingFactory(slot=slot)
    client.force_login(host.user)

    response = client.post(reverse("tickets:no_shows", kwargs={"pk": slot.pk}), follow=True)

    assert "Le assenze si segnano quando il turno è iniziato." in response.text
    booking.refresh_from_db()
    assert booking.no_show is False


def test_walk_in_buttons_count_and_never_go_below_zero(client, host, edition):
    slot = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)
    url = reverse("tickets:walk_in", kwargs={"pk": slot.pk})
    client.force_login(host.user)

    page = client.get(checkin_url(slot))
    assert "Ingressi senza prenotazione" in page.text

    client.post(url, {"delta": "1"})
    client.post(url, {"delta": "1"})
    response = client.post(url, {"delta": "-1"}, **HX)
    assert response.status_code == 200
    assert "<strong data-walk-ins>1</strong>" in response.text

    client.post(url, {"delta": "-1"})
    response = client.post(url, {"delta": "-1"}, follow=True)
    assert "Il conteggio degli ingressi è già a zero." in response.text
    assert WalkIn.objects.get(slot=slot).count == 0

    response = client.post(url, {"delta": "5"}, **HX)
    assert "Scegliete se aggiungere o togliere un ingresso." in response.text
    assert WalkIn.objects.get(slot=slot).count == 0


def test_a_booked_slot_counts_walk_ins_while_places_are_free(client, host, slot):
    BookingFactory(slot=slot, party_size=14)  # 15 seats
    url = reverse("tickets:walk_in", kwargs={"pk": slot.pk})
    client.force_login(host.user)

    page = client.get(checkin_url(slot))
    assert "Ingressi senza prenotazione" in page.text
    assert 'data-places-left="1"' in page.text

    response = client.post(url, {"delta": "1"}, **HX)
    assert "<strong data-walk-ins>1</strong>" in response.text
    assert 'data-places-left="0"' in response.text

    response = client.post(url, {"delta": "1"}, follow=True)
    assert (
        "Posti esauriti: non si può far entrare nessun altro senza prenotazione in questo turno."
        in response.text
    )
    assert WalkIn.objects.get(slot=slot).count == 1
    slot.refresh_from_db()
    assert slot.seats_taken == slot.capacity == 15


def test_who_booked_lists_names_party_sizes_and_groups(client, host, slot):
    BookingFactory(slot=slot, visitor=UserFactory(full_name="Marco Neri"), party_size=3)
    BookingFactory(slot=slot, kind=Booking.Kind.GROUP, group_name="Liceo Parini", party_size=4)
    client.force_login(host.user)

    response = client.get(bookings_url(slot))

    assert response.status_code == 200
    assert "Marco Neri" in response.text
    assert "Liceo Parini" in response.text
    assert "2 prenotazioni, 7 persone su 15 posti." in response.text


# Query counts ---------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_of", [checkin_url, bookings_url])
def test_the_door_lists_take_the_same_queries_for_one_or_three_bookings(
    client, django_assert_num_queries, host, edition, url_of
):
    one, three = make_slot(host, edition), make_slot(host, edition)
    BookingFactory(slot=one)
    for _ in range(3):
        BookingFactory(slot=three)
    client.force_login(host.user)

    with_one = count_queries(client, url_of(one))

    assert with_one <= 8
    with django_assert_num_queries(with_one):
        client.get(url_of(three))


def test_the_host_slot_list_takes_the_same_queries_for_one_or_three_slots(
    client, django_assert_num_queries, edition
):
    one, three = make_host(), make_host()
    BookingFactory(slot=make_slot(one, edition))
    for _ in range(3):
        BookingFactory(slot=make_slot(three, edition))
    client.force_login(one.user)
    # The no-show model of expected attendance is cached for an hour after the
    # first page: measured warm, both times.
    client.get(reverse("tickets:host_slots"))
    with_one = count_queries(client, reverse("tickets:host_slots"))

    client.force_login(three.user)
    assert with_one <= 8
    with django_assert_num_queries(with_one):
        response = client.get(reverse("tickets:host_slots"))
    assert len(response.context["page_obj"]) == 3


def test_the_host_list_and_the_door_show_the_names_of_named_tickets(client, host, edition):
    slot = make_slot(host, edition, named_tickets=True)
    booking = BookingFactory(slot=slot, party_size=2, attendee_names=["Sara Colombo", "Luca Neri"])
    client.force_login(host.user)
    page = client.get(reverse("tickets:slot_bookings", args=[slot.pk])).content.decode()
    assert "Nomi sul biglietto" in page
    assert "Sara Colombo<br>Luca Neri" in page
    response = client.post(
        reverse("tickets:checkin", args=[slot.pk]), {"code": booking.ticket_code}
    )
    assert "Nomi sul biglietto: Sara Colombo, Luca Neri" in response.content.decode()


# Words at the door ----------------------------------------------------------------------


def test_the_door_counts_people_not_yet_arrived_not_an_estimate(client, host, slot):
    """«Attesi» was both the host's no-show estimate and, at the door, the
    people booked who have not come in yet: the door says the latter plainly."""
    BookingFactory(slot=slot, party_size=2)
    client.force_login(host.user)

    checkin = client.get(checkin_url(slot)).text
    booked = client.get(bookings_url(slot)).text
    door = client.get(reverse("tickets:door", kwargs={"slug": host.organisation.slug})).text
    with translation.override("en"):
        english = client.get(checkin_url(slot)).text

    assert "<dt>Non ancora arrivati</dt>" in checkin and "non ancora arrivato" in checkin
    assert "Non ancora arrivato" in booked
    assert '<th scope="col">Non ancora arrivati</th>' in door
    for page in (checkin, booked, door):
        assert "Attes" not in page and "attes" not in page.replace("lista d'attesa", "")
    assert "<dt>Not yet arrived</dt>" in english and "Expected" not in english


def test_an_all_day_slots_ticket_window_names_its_days(client, host, edition):
    """An all-day slot's tickets are valid from the evening before (the
    tolerance before midnight): the hours alone read as half an hour."""
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 0)))
    slot = make_slot(host, edition)
    slot.starts_at, slot.ends_at = midnight, midnight + datetime.timedelta(hours=23, minutes=59)
    slot.save(update_fields=["starts_at", "ends_at"])
    client.force_login(host.user)

    text = client.get(checkin_url(slot)).text

    eve = today - datetime.timedelta(days=1)
    assert (
        f"I biglietti valgono dalle 23:30 di {date_format(eve, 'l j F')} "
        f"alle 23:59 di {date_format(today, 'l j F')}, una volta sola." in text
    )


def test_a_slot_within_one_day_gives_only_the_hours(client, host, edition):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    ten = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10, 0)))
    slot = make_slot(host, edition)
    slot.starts_at, slot.ends_at = ten, ten + datetime.timedelta(hours=1)
    slot.save(update_fields=["starts_at", "ends_at"])
    client.force_login(host.user)

    text = client.get(checkin_url(slot)).text

    assert "I biglietti valgono dalle 09:30 alle 11:00, una volta sola." in text
