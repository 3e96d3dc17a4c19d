"""The edition's booking window: one rule for whether visitors may book, and
the one sentence that says why not, used by every page and by the booking
service's refusal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import RegistrationClosed
from manifatture.editions.models import BookingWindow
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.plans.models import PlanItem

pytestmark = pytest.mark.django_db

State = BookingWindow.State
PROMPTS = [
    ">Prenota<",
    "Entra in lista d'attesa",
    "Esaurito: entra in lista d'attesa",
    "Aggiungi alla mia giornata",
    "Da prenotare",
]


def _second(moment: datetime.datetime, seconds: int) -> datetime.datetime:
    return moment + datetime.timedelta(seconds=seconds)


def test_the_window_at_each_boundary():
    edition = EditionFactory()
    _start, event_end = edition.event_bounds()
    opens, closes = edition.registration_opens, edition.registration_closes
    cases = [
        (_second(opens, -1), State.NOT_YET, opens),
        (opens, State.OPEN, closes),
        (_second(closes, -1), State.OPEN, closes),
        (closes, State.CLOSED, None),
        (_second(event_end, -1), State.CLOSED, None),
        (event_end, State.OVER, None),
    ]
    for moment, state, changes_at in cases:
        window = edition.booking_window_at(moment)
        assert (window.state, window.changes_at) == (state, changes_at), moment
        assert window.is_open == (state == State.OPEN)


def test_each_state_gives_its_reason_with_its_date():
    edition = EditionFactory(
        registration_opens=datetime.datetime(2031, 11, 12, 10, 0, tzinfo=datetime.UTC),
        registration_closes=datetime.datetime(2031, 11, 26, 22, 0, tzinfo=datetime.UTC),
        event_start=datetime.date(2031, 11, 28),
        event_end=datetime.date(2031, 11, 29),
        host_call_opens=datetime.datetime(2031, 9, 1, tzinfo=datetime.UTC),
        host_call_closes=datetime.datetime(2031, 10, 1, tzinfo=datetime.UTC),
        review_closes=datetime.datetime(2031, 10, 20, tzinfo=datetime.UTC),
    )
    at = lambda *args: datetime.datetime(*args, tzinfo=datetime.UTC)  # noqa: E731
    assert edition.booking_window_at(at(2031, 11, 1)).reason == (
        "Le prenotazioni aprono il 12 novembre 2031 alle 11:00."
    )
    assert edition.booking_window_at(at(2031, 11, 20)).reason == (
        "Le prenotazioni sono aperte fino al 26 novembre 2031 alle 23:00."
    )
    assert edition.booking_window_at(at(2031, 11, 28)).reason == (
        "Le prenotazioni per questa edizione si sono chiuse il 26 novembre 2031 alle 23:00."
    )
    assert edition.booking_window_at(at(2031, 12, 5)).reason == (
        "Questa edizione si è conclusa il 29 novembre 2031: non si prenota più."
    )


def test_the_booking_service_refuses_with_the_window_reason():
    edition = PhasedEditionFactory(past=True, is_current=True)
    slot = TimeSlotFactory(activity=ActivityFactory(edition=edition))
    with pytest.raises(RegistrationClosed) as error:
        booking_services.book_slot(slot, visitor=UserFactory(), party_size=1)
    assert str(error.value) == edition.booking_window.reason


def _full_slot(edition):
    activity = ActivityFactory(edition=edition, title_it="Visita alla fonderia")
    slot = TimeSlotFactory(activity=activity, capacity=5, starts_at=event_time(edition, hour=10))
    type(slot).objects.filter(pk=slot.pk).update(seats_taken=5)
    return activity


def test_an_ended_edition_says_why_and_offers_no_booking(client):
    edition = PhasedEditionFactory(past=True, is_current=True)
    activity = _full_slot(edition)
    client.force_login(UserFactory())

    pages = {
        "activity": client.get(activity.get_absolute_url()).text,
        "programme": client.get(reverse("activities:programme")).text,
        "home": client.get(reverse("editions:home")).text,
        "my day": client.get(reverse("plans:my_day")).text,
    }

    reason = edition.booking_window.reason
    assert reason.startswith("Questa edizione si è conclusa il ")
    for name, page in pages.items():
        assert reason in page, name
        assert reverse("news:newsletter") + '">Iscrivetevi alla newsletter per sapere quando' in (
            page
        ), name
        assert "La prossima edizione è in preparazione." in page, name
        for prompt in PROMPTS:
            assert prompt not in page, (name, prompt)
    # And it is no longer called the current edition.
    assert "Edizione corrente" not in client.get(reverse("editions:archive")).text


def test_an_ended_edition_announces_the_next_one(client):
    PhasedEditionFactory(past=True, is_current=True, year=2030, title="Manifatture Aperte 2030")
    coming = PhasedEditionFactory(upcoming=True, is_current=False, year=2031)
    page = client.get(reverse("editions:home")).text
    assert "La prossima edizione è annunciata" in page
    assert f'<a href="{coming.get_absolute_url()}">{coming.title}</a>' in page


def test_before_the_opening_pages_give_the_date_and_no_booking_form(client):
    edition = PhasedEditionFactory(programme=True)
    activity = ActivityFactory(edition=edition)
    TimeSlotFactory(activity=activity, starts_at=event_time(edition, hour=10))
    reason = edition.booking_window.reason
    assert reason.startswith("Le prenotazioni aprono il ")

    for url in (activity.get_absolute_url(), reverse("activities:programme"), "/"):
        page = client.get(url).text
        assert reason in page, url
        assert "Iscrivetevi alla newsletter: vi scriviamo quando aprono le prenotazioni" in page
        assert ">Prenota<" not in page
        assert reverse("bookings:book", args=[activity.slots.get().pk]) not in page


def test_while_open_a_full_slot_offers_only_the_waiting_list(client):
    edition = PhasedEditionFactory(registration=True)
    activity = _full_slot(edition)
    free = TimeSlotFactory(activity=activity, capacity=5, starts_at=event_time(edition, hour=15))
    full = activity.slots.exclude(pk=free.pk).get()

    page = client.get(activity.get_absolute_url()).text

    assert 'id="booking-window"' not in page  # nothing to explain
    assert page.count(f'action="{reverse("bookings:book", args=[free.pk])}"') == 1
    assert f'action="{reverse("bookings:book", args=[full.pk])}"' not in page
    assert f'href="{reverse("bookings:book", args=[full.pk])}">Entra in lista d\'attesa' in page
    assert "Esaurito: entra in lista d'attesa" in page
    assert "Aggiungi alla mia giornata" in page


def test_adding_from_the_activity_page_asks_for_the_slot_without_an_error(client):
    edition = PhasedEditionFactory(registration=True)
    activity = ActivityFactory(edition=edition)
    for hour in (10, 15):
        TimeSlotFactory(activity=activity, starts_at=event_time(edition, hour=hour))
    client.force_login(UserFactory())
    url = reverse("plans:add", kwargs={"activity_pk": activity.pk})

    quick = client.post(url, {"quick": "1"})
    assert quick.status_code == 200
    assert "is-invalid" not in quick.text and "alert-danger" not in quick.text
    assert 'name="slot"' in quick.text

    # A real submit without a choice is an error, on its field.
    chosen_nothing = client.post(url, {})
    assert chosen_nothing.status_code == 400
    assert "alert-danger" in chosen_nothing.text


def test_an_ended_edition_cannot_be_planned(client):
    edition = PhasedEditionFactory(past=True, is_current=True)
    activity = ActivityFactory(edition=edition)
    user = UserFactory()
    client.force_login(user)
    url = reverse("plans:add", kwargs={"activity_pk": activity.pk})
    response = client.post(url, {"day": edition.event_start.isoformat()})
    assert edition.booking_window.reason in response.text
    assert not PlanItem.objects.filter(user=user).exists()
    assert timezone.now() > edition.event_bounds()[1]


def test_the_booking_page_of_a_full_slot_offers_only_the_waiting_list(client):
    edition = PhasedEditionFactory(registration=True)
    activity = _full_slot(edition)
    full = activity.slots.get()
    client.force_login(UserFactory())

    page = client.get(reverse("bookings:book", args=[full.pk])).text

    assert f'action="{reverse("bookings:book", args=[full.pk])}"' not in page
    assert f'action="{reverse("bookings:join_waiting_list", args=[full.pk])}"' in page
