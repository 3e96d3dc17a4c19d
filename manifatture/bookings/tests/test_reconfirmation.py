"""Bookers confirm before their visit, or their seats go to the waiting list
(the door's release: tickets/tests/test_release_at_door.py)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings import reconfirmation, services
from manifatture.bookings.exceptions import NotAllowed, ReconfirmationClosed
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.editions.tests.factories import EditionFactory

from .conftest import in_minutes

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def edition():
    return registration_open_for_three_days()


def registration_open_for_three_days():
    """An edition with registration open for three more days (the defaults:
    asked 48 h before a slot, released 24 h before, 10 minutes at the door)."""
    today = timezone.localdate()
    return EditionFactory(
        host_call_opens=in_minutes(-30 * 24 * 60),
        host_call_closes=in_minutes(-20 * 24 * 60),
        review_closes=in_minutes(-10 * 24 * 60),
        registration_opens=in_minutes(-5 * 24 * 60),
        registration_closes=in_minutes(3 * 24 * 60),
        event_start=today,
        event_end=today + datetime.timedelta(days=3),
    )


@pytest.fixture
def activity(edition):
    return ActivityFactory(edition=edition)


def slot_in(activity, hours: float, capacity: int = 10) -> TimeSlot:
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)
    return TimeSlotFactory(
        activity=activity, starts_at=starts, ends_at=starts + HOUR, capacity=capacity
    )


def booked_days_ago(slot, visitor=None, party: int = 1, days: int = 7) -> Booking:
    """A booking made through the engine, dated `days` ago (before any request time)."""
    booking = services.book_slot(slot, visitor=visitor or UserFactory(), party_size=party)
    Booking.objects.filter(pk=booking.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    booking.refresh_from_db()
    return booking


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/prenotazioni/conferma/\S+/", message.body).group(0)


# Asking -----------------------------------------------------------------------------


def test_bookers_are_asked_once_with_the_deadline_and_a_link(
    activity, django_capture_on_commit_callbacks
):
    slot = slot_in(activity, 32)
    booking = booked_days_ago(slot, party=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert reconfirmation.ask_for_reconfirmation() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reconfirmation.ask_for_reconfirmation() == 0  # never twice

    assert refreshed(booking).reconfirm_by == slot.starts_at - 24 * HOUR
    (message,) = mail.outbox
    assert message.to == [booking.visitor.email]
    assert message.subject == f"Confermate la vostra visita: {activity.title}"
    assert "/prenotazioni/conferma/" in confirm_link(message)


def test_the_request_is_in_the_visitors_language(activity, django_capture_on_commit_callbacks):
    visitor = UserFactory(language="en")
    booked_days_ago(slot_in(activity, 32), visitor=visitor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reconfirmation.ask_for_reconfirmation()
    assert mail.outbox[0].subject == f"Confirm your visit: {activity.title_en}"


def test_who_is_not_asked(activity, edition):
    too_early = booked_days_ago(slot_in(activity, 50))  # request time in two hours
    booked_late = services.book_slot(slot_in(activity, 40), visitor=UserFactory(), party_size=1)
    # Asked now, there would be two hours to answer: not asked, never released.
    no_time = booked_days_ago(slot_in(activity, 26))
    admitted_slot = slot_in(activity, 32)
    cancelled = booked_days_ago(admitted_slot)
    services.cancel_booking(cancelled, by=cancelled.visitor)

    assert reconfirmation.ask_for_reconfirmation() == 0
    later = timezone.now() + 3 * HOUR
    assert reconfirmation.release_unconfirmed(now=later) == 0
    for booking in (too_early, booked_late, no_time):
        assert refreshed(booking).reconfirm_by is None
        assert booking.status == Booking.Status.CONFIRMED
    # Two hours later the first slot's time has come.
    assert reconfirmation.ask_for_reconfirmation(now=later) == 1
    assert refreshed(too_early).reconfirm_by is not None


def test_an_edition_that_asks_nothing(activity, edition):
    edition.reconfirm_hours_before = 0
    edition.save()
    booking = booked_days_ago(slot_in(activity, 32))
    assert reconfirmation.ask_for_reconfirmation() == 0
    assert refreshed(booking).reconfirm_by is None


def test_the_edition_sets_the_times(activity, edition):
    edition.reconfirm_hours_before, edition.release_hours_before = 72, 36
    edition.save()
    slot = slot_in(activity, 60)
    booking = booked_days_ago(slot)
    assert reconfirmation.ask_for_reconfirmation() == 1
    assert refreshed(booking).reconfirm_by == slot.starts_at - 36 * HOUR


def test_staff_cannot_leave_less_than_twelve_hours_to_answer(edition):
    edition.reconfirm_hours_before, edition.release_hours_before = 30, 24
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert error.value.message_dict["release_hours_before"] == [
        "Lasciate ai visitatori almeno 12 ore per confermare: i posti si liberano almeno "
        "12 ore dopo la richiesta di conferma."
    ]
    edition.reconfirm_hours_before = 20  # release before the request: the database refuses
    with pytest.raises(IntegrityError), transaction.atomic():
        edition.save()


# Confirming -------------------------------------------------------------------------


def test_the_link_confirms_without_login_and_twice_is_once(
    client, activity, django_capture_on_commit_callbacks
):
    slot = slot_in(activity, 32)
    booking = booked_days_ago(slot)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reconfirmation.ask_for_reconfirmation()
    url = confirm_link(mail.outbox[0])

    page = client.get(url)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert "Confermo, ci sarò" in page.text
    assert refreshed(booking).reconfirmed_at is None

    first = client.post(url)
    confirmed_at = refreshed(booking).reconfirmed_at
    second = client.post(url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert confirmed_at is not None
    assert refreshed(booking).reconfirmed_at == confirmed_at
    assert "data-reconfirmed" in second.text

    # Confirmed: not released at the deadline.
    assert reconfirmation.release_unconfirmed(now=slot.starts_at - 23 * HOUR) == 0
    assert refreshed(booking).status == Booking.Status.CONFIRMED


def test_a_forged_or_foreign_link_is_refused(client, activity):
    booking = booked_days_ago(slot_in(activity, 32))
    token = reconfirmation.reconfirm_token(booking)
    for bad in (token[:-2] + "xx", "nonsense"):
        response = client.post(reverse("bookings:reconfirm_link", kwargs={"token": bad}))
        assert response.status_code == 400
        assert "Questo link di conferma non è valido" in response.text
    assert refreshed(booking).reconfirmed_at is None


def test_the_visitor_confirms_from_their_area(client, activity):
    slot = slot_in(activity, 32)
    booking = booked_days_ago(slot)
    reconfirmation.ask_for_reconfirmation()
    client.force_login(booking.visitor)

    page = client.get(reverse("bookings:mine"))
    assert "Visite da confermare" in page.text
    assert f'data-reconfirm="{booking.pk}"' in page.text

    response = client.post(reverse("bookings:reconfirm", kwargs={"pk": booking.pk}))
    assert response.status_code == 302
    assert refreshed(booking).reconfirmed_at is not None
    page = client.get(reverse("bookings:mine"))
    assert "Visite da confermare" not in page.text
    assert "Visita confermata" in page.text


def test_nobody_confirms_for_someone_else(client, activity):
    booking = booked_days_ago(slot_in(activity, 32))
    other = UserFactory()
    with pytest.raises(NotAllowed):
        reconfirmation.reconfirm_booking(booking, by=other)
    client.force_login(other)
    response = client.post(reverse("bookings:reconfirm", kwargs={"pk": booking.pk}))
    assert response.status_code == 404
    assert refreshed(booking).reconfirmed_at is None


# Releasing --------------------------------------------------------------------------


def test_unconfirmed_seats_go_to_the_waiting_list_in_order_at_the_deadline(
    activity, django_capture_on_commit_callbacks
):
    slot = slot_in(activity, 32, capacity=4)
    quiet = booked_days_ago(slot, party=2)
    keen = booked_days_ago(slot, party=2)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    for visitor, party in ((first, 3), (second, 1), (third, 1)):
        services.join_waiting_list(slot, visitor=visitor, party_size=party)
    reconfirmation.ask_for_reconfirmation()
    reconfirmation.reconfirm_booking(keen, by=keen.visitor)
    deadline = refreshed(quiet).reconfirm_by
    mail.outbox.clear()

    assert reconfirmation.release_unconfirmed(now=deadline - datetime.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reconfirmation.release_unconfirmed(now=deadline) == 1
    assert reconfirmation.release_unconfirmed(now=deadline + HOUR) == 0  # once

    quiet.refresh_from_db()
    assert (quiet.status, quiet.released, quiet.cancelled_at) == (
        "cancelled",
        "unconfirmed",
        deadline,
    )
    assert refreshed(keen).status == Booking.Status.CONFIRMED
    # Two seats free: the first in line wants three and waits on; the next two get one each.
    states = dict(WaitingListEntry.objects.filter(slot=slot).values_list("visitor_id", "status"))
    assert states == {first.pk: "waiting", second.pk: "offered", third.pk: "offered"}
    assert refreshed(slot).seats_taken == 4
    told = {tuple(m.to): m.subject for m in mail.outbox}
    assert told[(quiet.visitor.email,)] == (
        f"Prenotazione annullata, posti passati ad altri: {activity.title}"
    )
    assert {(second.email,), (third.email,)} <= told.keys()
    event = AuditEvent.objects.get(action="bookings.booking_released")
    assert (event.actor_id, event.actor_role, event.object_id) == (None, "system", str(quiet.pk))
    assert event.changes == {"party_size": 2, "reason": "unconfirmed"}


def test_a_released_booking_cannot_be_confirmed_and_the_link_says_why(client, activity):
    booking = booked_days_ago(slot_in(activity, 32))
    reconfirmation.ask_for_reconfirmation()
    reconfirmation.release_unconfirmed(now=refreshed(booking).reconfirm_by)
    with pytest.raises(ReconfirmationClosed):
        reconfirmation.reconfirm_booking(booking, by=booking.visitor)
    url = reverse(
        "bookings:reconfirm_link", kwargs={"token": reconfirmation.reconfirm_token(booking)}
    )
    page = client.get(url)
    assert "non è stata confermata in tempo" in page.text
    assert "Confermo, ci sarò" not in page.text
    assert client.post(url).status_code == 400
    assert refreshed(booking).reconfirmed_at is None


def test_the_command_runs_both_jobs(activity, capsys):
    booking = booked_days_ago(slot_in(activity, 32))
    call_command("run_booking_deadlines")
    assert capsys.readouterr().out.strip() == "released_unconfirmed=0 asked_to_confirm=1"
    Booking.objects.filter(pk=booking.pk).update(reconfirm_by=timezone.now() - HOUR)
    call_command("run_booking_deadlines")
    assert capsys.readouterr().out.strip() == "released_unconfirmed=1 asked_to_confirm=0"
    assert refreshed(booking).released == Booking.Release.UNCONFIRMED
