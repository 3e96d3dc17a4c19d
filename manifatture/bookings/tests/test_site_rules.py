"""Site rules (Activity.site_rules): booking shows them and asks for an explicit
acknowledgement, recorded with its time; named tickets ask one name per person."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import privacy
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services
from manifatture.bookings.exceptions import (
    InvalidAttendeeNames,
    NotAllowed,
    RulesNotAcknowledged,
)
from manifatture.bookings.models import Booking, WaitingListEntry

from .conftest import make_slot
from .test_pages import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def foundry(edition):
    return ActivityFactory(
        edition=edition,
        min_age=14,
        closed_shoes=True,
        protective_equipment=Activity.ProtectiveEquipment.PROVIDED,
        max_party_size=4,
    )


@pytest.fixture
def named(edition):
    return ActivityFactory(edition=edition, named_tickets=True, id_required=True)


def test_the_rules_of_an_activity_in_order():
    activity = Activity(
        min_age=14,
        closed_shoes=True,
        protective_equipment="required",
        no_photography=True,
        id_required=True,
        named_tickets=True,
    )
    assert [rule.code for rule in activity.site_rules] == [
        "min_age",
        "closed_shoes",
        "protective_equipment_required",
        "no_photography",
        "id_required",
        "named_tickets",
    ]
    assert str(activity.site_rules[0].text) == "Età minima: 14 anni."
    assert Activity().site_rules == []


def test_an_activity_with_rules_is_not_booked_without_the_acknowledgement(foundry, visitor):
    slot = make_slot(foundry, capacity=10)
    with pytest.raises(RulesNotAcknowledged):
        services.book_slot(slot, visitor=visitor, party_size=2)
    slot.refresh_from_db()
    assert slot.seats_taken == 0
    assert not Booking.objects.exists()


def test_the_acknowledgement_is_recorded_with_its_time(foundry, visitor):
    slot = make_slot(foundry, capacity=10)
    before = timezone.now()
    booking = services.book_slot(slot, visitor=visitor, party_size=2, rules_acknowledged=True)
    assert before <= booking.rules_acknowledged_at <= timezone.now()
    assert booking.attendee_names == []


def test_an_activity_without_rules_records_no_acknowledgement(slot, visitor):
    booking = services.book_slot(slot, visitor=visitor, party_size=1, rules_acknowledged=True)
    assert booking.rules_acknowledged_at is None


def test_named_tickets_need_one_name_per_person(named, visitor):
    slot = make_slot(named, capacity=10)
    book = {"visitor": visitor, "party_size": 2, "rules_acknowledged": True}
    with pytest.raises(InvalidAttendeeNames):
        services.book_slot(slot, **book, attendee_names=["Sara Colombo"])
    with pytest.raises(InvalidAttendeeNames):
        services.book_slot(slot, **book, attendee_names=["Sara Colombo", "X"])
    with pytest.raises(InvalidAttendeeNames):
        services.book_slot(slot, **book, attendee_names=["Sara Colombo", "  ", "Luca", "Ada"])
    assert not Booking.objects.exists()

    booking = services.book_slot(slot, **book, attendee_names=["  Sara   Colombo ", "Luca Neri"])
    assert booking.attendee_names == ["Sara Colombo", "Luca Neri"]


def test_the_database_refuses_names_that_do_not_match_the_party(named, visitor):
    slot = make_slot(named, capacity=10)
    booking = services.book_slot(
        slot,
        visitor=visitor,
        party_size=2,
        rules_acknowledged=True,
        attendee_names=["Sara Colombo", "Luca Neri"],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=booking.pk).update(attendee_names=["Sara Colombo"])


def test_the_booking_page_shows_the_rules_and_asks_to_accept_them(client, foundry, visitor):
    slot = make_slot(foundry, capacity=10)
    login(client, visitor)
    url = reverse("bookings:book", args=[slot.pk])
    page = client.get(url).content.decode()
    assert "Regole della visita" in page
    assert "Scarpe chiuse obbligatorie." in page
    assert "Età minima: 14 anni." in page
    assert 'name="acknowledge_rules"' in page

    refused = client.post(url, {"party_size": 2})
    assert refused.status_code == 200
    assert "confermate di aver letto le regole" in refused.content.decode()
    assert not Booking.objects.exists()

    response = client.post(url, {"party_size": 2, "acknowledge_rules": "on"})
    assert response.status_code == 302
    assert Booking.objects.get().rules_acknowledged_at is not None


def test_the_activity_page_shows_the_rules_and_sends_to_the_booking_page(client, foundry, visitor):
    slot = make_slot(foundry, capacity=10)
    page = client.get(foundry.get_absolute_url()).content.decode()
    assert 'data-rule="closed_shoes"' in page
    assert "Dispositivi di protezione forniti dall&#x27;host" in page
    # No one-click form that would skip the rules: a link to the booking page.
    assert f'action="{reverse("bookings:book", args=[slot.pk])}"' not in page
    assert f'href="{reverse("bookings:book", args=[slot.pk])}"' in page


def test_named_tickets_through_the_page(client, named, visitor):
    slot = make_slot(named, capacity=10)
    login(client, visitor)
    url = reverse("bookings:book", args=[slot.pk])
    assert 'name="attendee_names"' in client.get(url).content.decode()
    refused = client.post(
        url, {"party_size": 3, "acknowledge_rules": "on", "attendee_names": "Sara Colombo\nLuca"}
    )
    assert "ciascuna delle 3 persone" in refused.content.decode()
    client.post(
        url,
        {
            "party_size": 2,
            "acknowledge_rules": "on",
            "attendee_names": "Sara Colombo\r\n\r\nLuca Neri\r\n",
        },
    )
    booking = Booking.objects.get()
    assert booking.attendee_names == ["Sara Colombo", "Luca Neri"]
    ticket = client.get(reverse("tickets:ticket", args=[booking.pk])).content.decode()
    assert "Sara Colombo" in ticket and "Luca Neri" in ticket
    assert "Documento d&#x27;identità da mostrare all&#x27;ingresso." in ticket


def test_accepting_an_offer_asks_for_the_rules_and_names(client, named, visitor):
    slot = make_slot(named, capacity=1)
    (first,) = fill_named(slot, 1)
    entry = services.join_waiting_list(slot, visitor=visitor, party_size=1)
    services.cancel_booking(first, by=first.visitor)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    with pytest.raises(RulesNotAcknowledged):
        services.accept_offer(entry, by=visitor)
    login(client, visitor)
    url = reverse("bookings:accept_offer", args=[entry.pk])
    assert 'name="acknowledge_rules"' in client.get(url).content.decode()
    refused = client.post(url, {"attendee_names": "Sara Colombo"})
    assert refused.status_code == 200
    assert not Booking.objects.filter(visitor=visitor).exists()
    client.post(url, {"attendee_names": "Sara Colombo", "acknowledge_rules": "on"})
    booking = Booking.objects.get(visitor=visitor)
    assert booking.attendee_names == ["Sara Colombo"]
    assert booking.rules_acknowledged_at is not None


def fill_named(slot, seats):
    return [
        services.book_slot(
            slot,
            visitor=UserFactory(),
            party_size=1,
            rules_acknowledged=True,
            attendee_names=["Anna Verdi"],
        )
        for _ in range(seats)
    ]


def test_deleting_the_account_erases_the_names(named, visitor):
    slot = make_slot(named, capacity=10)
    booking = services.book_slot(
        slot, visitor=visitor, party_size=1, rules_acknowledged=True, attendee_names=["Sara C."]
    )
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CONFIRMED)
    privacy.delete_account(visitor)
    booking.refresh_from_db()
    assert booking.attendee_names == []


def test_the_confirmation_email_lists_the_names_and_the_rules(
    named, visitor, django_capture_on_commit_callbacks
):
    slot = make_slot(named, capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.book_slot(
            slot,
            visitor=visitor,
            party_size=2,
            rules_acknowledged=True,
            attendee_names=["Sara Colombo", "Luca Neri"],
        )
    (message,) = mail.outbox
    assert "Nomi sul biglietto: Sara Colombo, Luca Neri" in message.body
    assert "- Documento d'identità da mostrare all'ingresso." in message.body


def test_names_missing_after_a_draw_are_given_on_the_ticket_page(client, named, visitor):
    slot = make_slot(named, capacity=10)
    # The ballot's draw books without names (it runs without the visitor).
    booking = services.book_drawn_place(slot, visitor=visitor, party_size=2)
    assert booking.attendee_names == [] and booking.rules_acknowledged_at is None
    login(client, visitor)
    ticket = client.get(reverse("tickets:ticket", args=[booking.pk])).content.decode()
    assert "Indicate i nomi sul biglietto" in ticket
    url = reverse("bookings:attendees", args=[booking.pk])
    client.post(url, {"attendee_names": "Sara Colombo\nLuca Neri"})
    booking.refresh_from_db()
    assert booking.attendee_names == []  # the rules were not accepted
    client.post(url, {"attendee_names": "Sara Colombo\nLuca Neri", "acknowledge_rules": "on"})
    booking.refresh_from_db()
    assert booking.attendee_names == ["Sara Colombo", "Luca Neri"]
    assert booking.rules_acknowledged_at is not None


def test_only_the_visitor_names_their_tickets(named, visitor):
    slot = make_slot(named, capacity=10)
    booking = services.book_drawn_place(slot, visitor=visitor, party_size=1)
    with pytest.raises(NotAllowed):
        services.name_attendees(
            booking, by=UserFactory(), names=["Intruso Rossi"], rules_acknowledged=True
        )
    with pytest.raises(InvalidAttendeeNames):
        services.name_attendees(
            booking, by=visitor, names=["Sara", "Luca"], rules_acknowledged=True
        )
