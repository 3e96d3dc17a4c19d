import datetime
import re
from io import StringIO

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings import services as booking_services
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import signed_ticket_token
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.tickets import links, services
from manifatture.tickets.exceptions import InvalidCancelLink
from manifatture.tickets.models import ReminderSent
from manifatture.tickets.tasks import send_reminders_task

from .factories import BookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """Visitor registration open, the event in 15 days."""
    return PhasedEditionFactory(registration=True)


@pytest.fixture
def slot(edition):
    activity = ActivityFactory(edition=edition, title_it="Visita alla fonderia")
    return TimeSlotFactory(activity=activity, starts_at=event_time(edition, hour=10))


@pytest.fixture
def booking(slot, visitor):
    """A real booking, made by the booking service (its seats taken)."""
    return booking_services.book_slot(slot, visitor=visitor, party_size=2)


def day_before(slot: TimeSlot, hour: int = 10) -> datetime.datetime:
    local = timezone.localtime(slot.starts_at)
    return local.replace(hour=hour, minute=0) - datetime.timedelta(days=1)


def reminders(outbox) -> list:
    return [m for m in outbox if m.subject.startswith("Domani:")]


# Sending ------------------------------------------------------------------------------


def test_the_day_before_each_booking_gets_one_reminder(
    booking, slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_reminders(now=day_before(slot))

    assert sent == 1
    (message,) = reminders(mail.outbox)
    assert message.to == [booking.visitor.email]
    assert message.subject == "Domani: Visita alla fonderia"
    body = message.body
    assert booking.ticket_code in body
    assert f"http://127.0.0.1:8000/biglietti/prenotazioni/{booking.pk}/" in body
    assert "Annullate con un clic entro il" in body
    assert ReminderSent.objects.filter(booking=booking).exists()


def test_sending_again_sends_nothing_new(booking, slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(now=day_before(slot, 10))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_reminders(now=day_before(slot, 11))
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("send_reminders", stdout=out)

    assert again == 0
    assert len(reminders(mail.outbox)) == 1
    assert ReminderSent.objects.count() == 1


def test_a_new_booking_for_tomorrow_gets_its_reminder_at_the_next_run(
    booking, slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(now=day_before(slot, 10))
    late = BookingFactory(slot=slot)

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_reminders(now=day_before(slot, 20))

    assert sent == 1
    assert [m.to for m in reminders(mail.outbox)] == [[booking.visitor.email], [late.visitor.email]]


def test_no_reminder_before_the_morning_or_two_days_ahead(
    booking, slot, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_FROM_HOUR = 9
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(now=day_before(slot, 8)) == 0
        assert services.send_reminders(now=day_before(slot, 10) - datetime.timedelta(days=1)) == 0
        # On the day itself it is too late for a day-before reminder.
        assert services.send_reminders(now=day_before(slot, 10) + datetime.timedelta(days=1)) == 0
    assert reminders(mail.outbox) == []
    assert not ReminderSent.objects.exists()


def test_cancelled_bookings_and_slots_get_no_reminder(
    booking, slot, edition, visitor, django_capture_on_commit_callbacks
):
    booking_services.cancel_booking(booking, by=visitor)
    other_slot = TimeSlotFactory(
        activity=slot.activity,
        starts_at=event_time(edition, hour=15),
        ends_at=event_time(edition, hour=16),
    )
    BookingFactory(slot=other_slot)
    TimeSlot.objects.filter(pk=other_slot.pk).update(cancelled_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(now=day_before(slot)) == 0
    assert reminders(mail.outbox) == []


def test_the_task_sends_the_reminders(
    booking, slot, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(timezone, "now", lambda: day_before(slot))

    with django_capture_on_commit_callbacks(execute=True):
        result = send_reminders_task.enqueue()

    assert result.return_value == 1
    assert len(reminders(mail.outbox)) == 1


def test_the_command_reports_what_it_sent(
    booking, slot, monkeypatch, django_capture_on_commit_callbacks
):
    moment = day_before(slot)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)

    assert out.getvalue().strip() == "reminders_sent=1"
    assert len(reminders(mail.outbox)) == 1


# The one-click cancel link ------------------------------------------------------------


def cancel_url_from(message) -> str:
    url = re.search(r"http://127\.0\.0\.1:8000(/biglietti/annulla/[^/\s]+/)", message.body)
    return url.group(1)


def test_the_reminders_link_asks_then_cancels(
    client, booking, slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(now=day_before(slot))
    url = cancel_url_from(reminders(mail.outbox)[0])

    page = client.get(url)  # no login: the signed link is the proof
    assert page.status_code == 200
    assert "Volete davvero annullare questa prenotazione?" in page.text
    assert "Visita alla fonderia" in page.text
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # GET changes nothing

    response = client.post(url)

    assert response.status_code == 200
    assert "Prenotazione annullata: grazie di aver liberato il posto." in response.text
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    slot.refresh_from_db()
    assert slot.seats_taken == 0  # the seats are free again

    again = client.post(url)
    assert again.status_code == 200
    assert "Prenotazione annullata" in again.text


def test_the_link_expires_at_the_cancellation_deadline(booking, settings):
    settings.CANCELLATION_CUTOFF_MINUTES = 60
    token = links.cancel_token(booking)
    deadline = booking.slot.starts_at - datetime.timedelta(minutes=60)

    assert (
        links.booking_for_cancel_token(token, now=deadline - datetime.timedelta(seconds=1))
        == booking
    )
    with pytest.raises(InvalidCancelLink):
        links.booking_for_cancel_token(token, now=deadline)


def test_an_expired_link_shows_an_error_and_cancels_nothing(client, visitor):
    # A slot starting in 30 minutes: the cancellation deadline has passed.
    start = timezone.now() + datetime.timedelta(minutes=30)
    late = BookingFactory(
        slot=TimeSlotFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=1)),
        visitor=visitor,
    )
    url = reverse("tickets:cancel", kwargs={"token": links.cancel_token(late)})

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "Il link per annullare non è valido o è scaduto." in response.text
    late.refresh_from_db()
    assert late.status == Booking.Status.CONFIRMED


@pytest.mark.parametrize("kind", ["tampered", "ticket_token", "other_salt", "garbage"])
def test_a_forged_or_foreign_token_is_refused(client, booking, kind):
    good = links.cancel_token(booking)
    token = {
        "tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "ticket_token": signed_ticket_token(booking),
        "other_salt": signing.dumps({"b": booking.pk, "v": booking.visitor_id, "e": 2**40}),
        "garbage": "abc",
    }[kind]

    response = client.post(reverse("tickets:cancel", kwargs={"token": token}))

    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_link_names_its_visitor(booking, visitor):
    """A token's booking must still belong to the visitor it was made for."""
    token = signing.dumps(
        {"b": booking.pk, "v": visitor.pk + 1000, "e": 2**40}, salt=links.CANCEL_SALT
    )
    with pytest.raises(InvalidCancelLink):
        links.booking_for_cancel_token(token)


def test_past_the_bookings_own_deadline_the_page_says_why(client, booking, settings):
    token = links.cancel_token(booking)  # made while the deadline was an hour before
    settings.CANCELLATION_CUTOFF_MINUTES = 60 * 24 * 30  # now it has passed

    response = client.post(reverse("tickets:cancel", kwargs={"token": token}))

    assert response.status_code == 400
    assert "Le prenotazioni si possono annullare fino a" in response.text
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
