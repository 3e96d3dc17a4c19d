"""One booking per activity and visitor (bookings.services.rules): a second
slot of the same activity is refused, on the pages as in the service, and so
is its waiting list; changing slot is cancelling, then booking. A visitor who
booked another slot of the activity while waiting is skipped by the offers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services
from manifatture.bookings.exceptions import ActivityAlreadyBooked
from manifatture.bookings.models import Booking, WaitingListEntry

from .conftest import fill, make_slot

pytestmark = pytest.mark.django_db


def test_a_second_slot_of_the_same_activity_is_refused_and_changing_is_cancel_then_book(
    activity, visitor
):
    morning, afternoon = make_slot(activity, hour=10), make_slot(activity, hour=15)
    booking = services.book_slot(morning, visitor=visitor, party_size=2)
    with pytest.raises(ActivityAlreadyBooked) as error:
        services.book_slot(afternoon, visitor=visitor, party_size=2)
    assert f"Avete già prenotato «{activity.title_it}»" in str(error.value)
    assert "Per cambiare turno annullate quella prenotazione" in str(error.value)
    afternoon.refresh_from_db()
    assert afternoon.seats_taken == 0
    # Another activity at another time is fine.
    services.book_slot(
        make_slot(ActivityFactory(edition=activity.edition), hour=17), visitor=visitor, party_size=1
    )
    services.cancel_booking(booking, by=visitor)
    services.book_slot(afternoon, visitor=visitor, party_size=2)
    assert Booking.objects.filter(visitor=visitor, status=Booking.Status.CONFIRMED).count() == 2


def test_the_waiting_list_of_another_slot_of_a_booked_activity_is_refused(activity, visitor):
    morning, afternoon = make_slot(activity, hour=10), make_slot(activity, hour=15, capacity=2)
    services.book_slot(morning, visitor=visitor, party_size=1)
    fill(afternoon, 2)
    with pytest.raises(ActivityAlreadyBooked):
        services.join_waiting_list(afternoon, visitor=visitor, party_size=1)
    assert not WaitingListEntry.objects.exists()


def test_an_offer_skips_a_visitor_who_booked_another_slot_of_the_activity(activity, visitor):
    morning, afternoon = make_slot(activity, hour=10), make_slot(activity, hour=15, capacity=1)
    [taken] = fill(afternoon, 1)
    waiting = services.join_waiting_list(afternoon, visitor=visitor, party_size=1)
    second = services.join_waiting_list(afternoon, visitor=UserFactory(), party_size=1)
    services.book_slot(morning, visitor=visitor, party_size=1)  # takes the morning instead
    services.cancel_booking(taken, by=taken.visitor)
    waiting.refresh_from_db()
    second.refresh_from_db()
    assert waiting.status == WaitingListEntry.Status.LEFT
    assert second.status == WaitingListEntry.Status.OFFERED


def test_the_booking_page_says_so_in_italian_and_english(client, activity, visitor):
    morning, afternoon = make_slot(activity, hour=10), make_slot(activity, hour=15)
    services.book_slot(morning, visitor=visitor, party_size=1)
    client.force_login(visitor)
    page = client.post(
        reverse("bookings:book", args=[afternoon.pk]), {"party_size": 1}, follow=True
    )
    assert "ogni attività si prenota una volta sola" in page.text
    with translation.override("en"):
        page = client.post(
            reverse("bookings:book", args=[afternoon.pk]), {"party_size": 1}, follow=True
        )
        assert "each activity is booked only once" in page.text
    assert Booking.objects.filter(visitor=visitor).count() == 1


def test_the_booking_page_of_another_slot_offers_no_form(client, activity, visitor):
    morning, afternoon = make_slot(activity, hour=10), make_slot(activity, hour=15)
    url = reverse("bookings:book", args=[afternoon.pk])
    client.force_login(visitor)
    assert 'name="party_size"' in client.get(url).text
    services.book_slot(morning, visitor=visitor, party_size=1)

    page = client.get(url).text
    assert 'name="party_size"' not in page and reverse("bookings:mine") in page
    assert page.count("ogni attività si prenota una volta sola") == 1
    refused = client.post(url, {"party_size": 1}, follow=True).text  # a form sent before
    assert refused.count("ogni attività si prenota una volta sola") == 1


def test_the_activity_page_marks_the_booked_slot_and_offers_no_other(
    client, activity, visitor, settings
):
    morning, afternoon = make_slot(activity, hour=10), make_slot(activity, hour=15)
    client.force_login(visitor)
    page = client.get(activity.get_absolute_url()).text
    assert f'id="party-{morning.pk}"' in page and f'id="party-{afternoon.pk}"' in page
    assert "Prenotato da voi" not in page
    services.book_slot(morning, visitor=visitor, party_size=1)

    with CaptureQueriesContext(connection) as two_slots:
        page = client.get(activity.get_absolute_url()).text
    assert f'id="party-{morning.pk}"' not in page and f'id="party-{afternoon.pk}"' not in page
    assert page.count("Prenotato da voi") == 1
    assert page.count("Avete già prenotato un altro turno di questa attività.") == 1
    # The rule's whole sentence is said once, above the slots, with the way to change.
    assert page.count(f"Avete già prenotato «{activity.title_it}»") == 1
    assert reverse("bookings:mine") in page
    # The visitor's bookings are read once for the page, not once per slot.
    make_slot(activity, day=1), make_slot(activity, day=1, hour=15)
    with CaptureQueriesContext(connection) as four_slots:
        page = client.get(activity.get_absolute_url()).text
    assert page.count("Avete già prenotato un altro turno di questa attività.") == 3
    assert len(four_slots) == len(two_slots)
    # Past the cut-off, the visitor's own slot is still marked as theirs.
    settings.BOOKING_CUTOFF_MINUTES = 60 * 24 * 365
    page = client.get(activity.get_absolute_url()).text
    assert page.count("Prenotato da voi") == 1 and page.count("Prenotazioni chiuse") == 3
