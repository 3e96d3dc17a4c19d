"""The cancellation deadline has one home, `Booking.cancel_deadline`: the
cancellation service, the cancel page, "my bookings", the reminder e-mail and
its one-click link all read it, so they agree on either side of it."""

import ast
import datetime
import math
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import CancellationClosed
from manifatture.bookings.models import Booking
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.tickets import links, services
from manifatture.tickets.exceptions import InvalidCancelLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(visitor):
    edition = PhasedEditionFactory(registration=True)
    slot = TimeSlotFactory(activity=ActivityFactory(edition=edition), starts_at=event_time(edition))
    return booking_services.book_slot(slot, visitor=visitor, party_size=2)


def set_deadline(settings, booking: Booking, *, minutes_from_now: int) -> None:
    """Move the cut-off so that the deadline falls `minutes_from_now` from now."""
    until_start = (booking.slot.starts_at - timezone.now()).total_seconds() / 60
    settings.CANCELLATION_CUTOFF_MINUTES = math.floor(until_start) - minutes_from_now


def what_each_path_says(client, booking: Booking) -> dict[str, bool]:
    """Whether each path lets the visitor cancel, without cancelling."""
    client.force_login(booking.visitor)
    try:
        links.booking_for_cancel_token(links.cancel_token(booking))
        link = True
    except InvalidCancelLink:
        link = False
    reminder_link = bool(services.reminder_context(booking, timezone.now())["cancel_url"])
    mine = client.get(reverse("bookings:mine")).text
    page = client.get(reverse("bookings:cancel", args=[booking.pk])).text
    return {
        "model": booking.visitor_may_cancel(),
        "link": link,
        "reminder": reminder_link,
        "my bookings": reverse("bookings:cancel", args=[booking.pk]) in mine,
        "cancel page": "Sì, annulla la prenotazione" in page,
    }


@pytest.mark.parametrize("minutes_from_now", [5, -5])
def test_every_path_agrees_on_either_side_of_the_deadline(
    client, booking, settings, minutes_from_now
):
    set_deadline(settings, booking, minutes_from_now=minutes_from_now)
    open_ = minutes_from_now > 0

    assert what_each_path_says(client, booking) == dict.fromkeys(
        ["model", "link", "reminder", "my bookings", "cancel page"], open_
    )
    assert services.reminder_context(booking, timezone.now())["cancel_deadline"] == (
        booking.cancel_deadline
    )
    if open_:
        booking_services.cancel_booking(booking, by=booking.visitor)
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CANCELLED
    else:
        with pytest.raises(CancellationClosed):
            booking_services.cancel_booking(booking, by=booking.visitor)
        client.post(reverse("bookings:cancel", args=[booking.pk]))
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CONFIRMED
        page = client.get(reverse("bookings:cancel", args=[booking.pk])).text
        assert "Si poteva annullare fino a" in page


def test_the_deadline_is_the_cut_off_before_the_start(booking, settings):
    settings.CANCELLATION_CUTOFF_MINUTES = 90
    assert booking.cancel_deadline == booking.slot.starts_at - datetime.timedelta(minutes=90)


def test_no_second_copy_of_the_cancellation_deadline():
    """Only bookings.conf reads the cut-off setting and only the Booking model
    turns it into a deadline: any other module doing either is a second copy."""
    package = Path(django_settings.BASE_DIR) / "manifatture"
    readers: dict[str, set[str]] = {
        "CANCELLATION_CUTOFF_MINUTES": set(),
        "cancellation_cutoff": set(),
    }
    for path in package.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            name = (
                node.attr
                if isinstance(node, ast.Attribute)
                else node.id
                if isinstance(node, ast.Name)
                else node.value
                if isinstance(node, ast.Constant)
                else None
            )
            if name in readers:
                readers[name].add(path.relative_to(package).as_posix())
    assert readers == {
        "CANCELLATION_CUTOFF_MINUTES": {"bookings/conf.py"},
        "cancellation_cutoff": {"bookings/models.py"},
    }
