import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import (
    ActivityFactory,
    HubVenueFactory,
    TimeSlotFactory,
    event_time,
)
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import ticket_qr_svg
from manifatture.plans import services as plan_services
from manifatture.tickets.models import CalendarFeed

from . import ics
from .factories import BookingFactory

pytestmark = pytest.mark.django_db


def ticket_url(booking) -> str:
    return reverse("tickets:ticket", kwargs={"pk": booking.pk})


@pytest.fixture
def booking(edition, visitor):
    activity = ActivityFactory(
        edition=edition,
        title_it="Visita alla fonderia",
        site__address="Via Ventura 15",
        site__name="Fonderia Ventura",
    )
    slot = TimeSlotFactory(activity=activity)
    return BookingFactory(slot=slot, visitor=visitor, party_size=3)


# The ticket page ---------------------------------------------------------------------


def test_the_ticket_shows_the_qr_code_the_code_and_the_visit(client, booking, visitor):
    client.force_login(visitor)

    response = client.get(ticket_url(booking))

    assert response.status_code == 200
    text = response.text
    # The QR code is inline SVG carrying the signed token.
    assert ticket_qr_svg(booking, scale=5) in text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text
    assert 'role="img" aria-label="Codice QR del biglietto"' in text
    assert f'data-ticket-code="{booking.ticket_code}"' in text
    assert "Visita alla fonderia" in text
    assert "Fonderia Ventura" in text
    assert "Via Ventura 15, Milano" in text
    start = timezone.localtime(booking.slot.starts_at)
    assert f"{start:%H:%M}" in text
    assert '<dd class="col-sm-8">3</dd>' in text
    assert reverse("tickets:ticket_ics", kwargs={"pk": booking.pk}) in text
    assert response["Cache-Control"] == "private, no-store"


def test_the_qr_svg_has_no_inline_style_for_the_csp(client, booking, visitor):
    client.force_login(visitor)
    text = client.get(ticket_url(booking)).text
    svg = text[text.index("<svg xmlns") : text.index("</svg>")]
    assert "style=" not in svg


def test_only_the_visitor_and_city_staff_see_a_ticket(client, booking, staff):
    host = UserFactory()
    booking.slot.activity.organisation.memberships.create(user=host, role="owner")
    for person, status in [(UserFactory(), 403), (host, 403), (staff, 200)]:
        client.force_login(person)
        response = client.get(ticket_url(booking))
        assert response.status_code == status
        if status == 403:
            assert booking.ticket_code not in response.text


def test_the_ticket_offers_cancelling_until_the_deadline_to_its_visitor_only(
    client, booking, visitor, staff
):
    cancel = reverse("bookings:cancel", args=[booking.pk])
    client.force_login(visitor)
    assert f'href="{cancel}"' in client.get(ticket_url(booking)).text
    client.force_login(staff)  # staff cancel from the host's pages, not the visitor's ticket
    assert f'href="{cancel}"' not in client.get(ticket_url(booking)).text
    client.force_login(visitor)
    slot = booking.slot
    slot.starts_at = timezone.now() + datetime.timedelta(minutes=30)  # past the deadline
    slot.ends_at = slot.starts_at + datetime.timedelta(hours=1)
    slot.save(update_fields=["starts_at", "ends_at"])
    assert f'href="{cancel}"' not in client.get(ticket_url(booking)).text


def test_the_ticket_page_needs_login(client, booking):
    response = client.get(ticket_url(booking))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_cancelled_booking_has_no_qr_code(client, visitor, booking):
    Booking.objects.filter(pk=booking.pk).update(
        status=Booking.Status.CANCELLED, cancelled_at=timezone.now()
    )
    client.force_login(visitor)

    response = client.get(ticket_url(booking))

    assert "<svg xmlns" not in response.text
    assert "il biglietto non è più valido" in response.text
    assert reverse("tickets:ticket_ics", kwargs={"pk": booking.pk}) not in response.text


def test_the_ics_of_a_booking_is_a_valid_calendar(client, booking, visitor):
    client.force_login(visitor)

    response = client.get(reverse("tickets:ticket_ics", kwargs={"pk": booking.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="manifatture-aperte-{booking.pk}.ics"'
    )
    calendar = ics.parse(response.content)
    (event,) = calendar.events
    assert event.get("UID") == f"booking-{booking.pk}@manifattureaperte"
    assert event.utc("DTSTART") == booking.slot.starts_at
    assert event.utc("DTEND") == booking.slot.ends_at
    assert event.text("LOCATION") == "Fonderia Ventura, Via Ventura 15, Milano"


def test_another_visitor_cannot_download_the_ics(client, booking):
    client.force_login(UserFactory())
    assert client.get(reverse("tickets:ticket_ics", kwargs={"pk": booking.pk})).status_code == 403


# The private feed ------------------------------------------------------------------------


def feed_url(user) -> str:
    return CalendarFeed.objects.get(user=user).get_absolute_url()


def test_the_calendar_page_gives_the_private_address(client, visitor):
    client.force_login(visitor)

    response = client.get(reverse("tickets:calendar"))

    feed = CalendarFeed.objects.get(user=visitor)
    assert len(feed.token) >= 32
    assert f'value="http://testserver{feed.get_absolute_url()}"' in response.text
    assert f'href="webcal://testserver{feed.get_absolute_url()}"' in response.text


def test_a_new_address_retires_the_old_one(client, visitor, booking):
    client.force_login(visitor)
    client.get(reverse("tickets:calendar"))
    old = feed_url(visitor)

    response = client.post(reverse("tickets:calendar"), follow=True)

    assert "quello di prima non funziona più" in response.text
    assert client.get(old).status_code == 404
    assert client.get(feed_url(visitor)).status_code == 200


def test_the_feed_lists_confirmed_bookings_and_timed_plan_items(client, edition, visitor):
    HubVenueFactory(edition=edition)
    visit = ActivityFactory(
        edition=edition,
        title_it="Visita; legno, ferro e vetro",
        organisation__name="Officina Lambrate",
        site__name="Sede di via Ventura",
    )
    booked = BookingFactory(slot=TimeSlotFactory(activity=visit), visitor=visitor)
    BookingFactory(
        slot=TimeSlotFactory(
            activity=visit,
            starts_at=event_time(edition, hour=15),
            ends_at=event_time(edition, hour=16),
        ),
        visitor=visitor,
        status=Booking.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    BookingFactory(
        slot=TimeSlotFactory(
            activity=visit,
            starts_at=event_time(edition, hour=17),
            ends_at=event_time(edition, hour=18),
        )
    )  # someone else's
    talk = ActivityFactory(
        edition=edition,
        kind="talk",
        site=None,
        title_it="Talk: " + "manifattura digitale e nuovi mestieri " * 4,
        booking_mode=Activity.BookingMode.DROP_IN,
    )
    talk_slot = TimeSlotFactory(
        activity=talk, starts_at=event_time(edition, hour=12), ends_at=event_time(edition, hour=13)
    )
    planned = plan_services.add_to_plan(visitor, activity=talk, slot=talk_slot)
    # A plan item for the booked slot is not listed twice, nor one without a time.
    plan_services.add_to_plan(visitor, activity=visit, slot=booked.slot)
    open_doors = ActivityFactory(edition=edition, booking_mode=Activity.BookingMode.DROP_IN)
    plan_services.add_to_plan(visitor, activity=open_doors, day=edition.event_start)
    client.force_login(visitor)
    client.get(reverse("tickets:calendar"))
    client.logout()  # calendar apps have no session

    response = client.get(feed_url(visitor))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert b"\r\n" in response.content and b"\n" not in response.content.replace(b"\r\n", b"")
    calendar = ics.parse(response.content)
    assert calendar.text("X-WR-CALNAME") == "Manifatture Aperte – la mia giornata"
    first, second = calendar.events
    assert first.get("UID") == f"booking-{booked.pk}@manifattureaperte"
    assert first.text("SUMMARY") == "Visita; legno, ferro e vetro – Officina Lambrate"
    assert first.get("STATUS") == "CONFIRMED"
    assert first.utc("DTSTART") == booked.slot.starts_at
    assert first.utc("DTEND") == booked.slot.ends_at
    assert first.text("DESCRIPTION") == (
        "Prenotazione confermata per 2 persone.\n"
        f"Biglietto: http://127.0.0.1:8000/biglietti/prenotazioni/{booked.pk}/"
    )
    assert booked.ticket_code not in response.content.decode()
    assert first.get("GEO") == "45.484200;9.239900"
    assert second.get("UID") == f"plan-item-{planned.pk}@manifattureaperte"
    assert second.get("STATUS") == "TENTATIVE"
    assert second.text("SUMMARY") == f"{talk.title_it} – {talk.organisation.name}"
    assert second.text("LOCATION") == "BASE Milano, Via Bergognone 34, Milano"
    assert second.text("DESCRIPTION") == "Ingresso libero, senza prenotazione."
    # The long summary was folded.
    assert "\r\n " in response.content.decode()


def test_an_unknown_feed_token_is_404(client):
    assert client.get(reverse("tickets:feed", kwargs={"token": "nope"})).status_code == 404


def test_the_feed_takes_the_same_queries_for_one_or_three_entries(
    client, edition, django_assert_num_queries
):
    HubVenueFactory(edition=edition)
    one, three = UserFactory(), UserFactory()
    for user, n in [(one, 1), (three, 3)]:
        for hour in range(9, 9 + n):
            start = event_time(edition, hour=hour)
            BookingFactory(
                slot=TimeSlotFactory(
                    starts_at=start,
                    ends_at=start + datetime.timedelta(minutes=20),
                    activity=ActivityFactory(edition=edition),
                ),
                visitor=user,
            )
            talk = ActivityFactory(edition=edition, kind="talk", site=None)
            talk_slot = TimeSlotFactory(
                activity=talk,
                starts_at=start + datetime.timedelta(minutes=30),
                ends_at=start + datetime.timedelta(minutes=50),
            )
            plan_services.add_to_plan(user, activity=talk, slot=talk_slot)
        client.force_login(user)
        client.get(reverse("tickets:calendar"))
    client.logout()

    url_one, url_three = feed_url(one), feed_url(three)

    with CaptureQueriesContext(connection) as queries:
        client.get(url_one)
    assert len(queries) == 3  # the feed, the bookings, the plan items
    with django_assert_num_queries(3):
        response = client.get(url_three)
    assert len(ics.parse(response.content).events) == 6
