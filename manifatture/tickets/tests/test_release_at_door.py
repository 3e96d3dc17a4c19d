"""At the door, after the edition's grace time from the start, the seats of
bookers not yet arrived go to people waiting there, through the booking
engine, audited with who released them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings.exceptions import NotAllowed, ReleaseTooEarly
from manifatture.bookings.models import Booking
from manifatture.bookings.tests.conftest import in_minutes
from manifatture.bookings.tests.test_reconfirmation import (
    booked_days_ago,
    refreshed,
    registration_open_for_three_days,
    slot_in,
)
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.tickets import services as tickets

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityFactory(edition=registration_open_for_three_days())


def test_the_door_gives_absent_seats_to_others_after_the_grace_time(
    activity, django_capture_on_commit_callbacks
):
    slot = slot_in(activity, 2, capacity=5)
    came = booked_days_ago(slot, party=2)
    late = booked_days_ago(slot, party=3)
    host = MembershipFactory(organisation=activity.organisation).user
    tickets.check_in_booking(slot, booking_id=came.pk, at=slot.starts_at)

    with pytest.raises(ReleaseTooEarly):
        tickets.release_absent(slot, by=host, at=slot.starts_at + datetime.timedelta(minutes=9))
    with pytest.raises(NotAllowed):
        tickets.release_absent(
            slot, by=UserFactory(), at=slot.starts_at + datetime.timedelta(minutes=10)
        )
    assert refreshed(late).status == Booking.Status.CONFIRMED
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        freed = tickets.release_absent(
            slot, by=host, at=slot.starts_at + datetime.timedelta(minutes=10)
        )

    assert freed == 3
    late.refresh_from_db()
    assert (late.status, late.released, late.no_show) == ("cancelled", "absent", True)
    assert refreshed(came).status == Booking.Status.CONFIRMED
    assert refreshed(slot).seats_taken == 2
    # The freed seats are walk-ins' now, through the seat rule.
    for _n in range(3):
        tickets.count_walk_in(slot, delta=1)
    assert refreshed(slot).places_left == 0
    assert [m.to for m in mail.outbox] == [[late.visitor.email]]
    event = AuditEvent.objects.get(action="bookings.booking_released")
    assert (event.actor_id, event.actor_role) == (host.pk, "host")


def test_the_door_page_offers_the_release_only_after_the_grace_time(client, activity):
    host = MembershipFactory(organisation=activity.organisation).user
    client.force_login(host)
    later = slot_in(activity, 2)
    booked_days_ago(later)
    page = client.get(reverse("tickets:checkin", kwargs={"pk": later.pk}))
    assert "Libera i posti di chi non è arrivato" not in page.text
    started = TimeSlotFactory(
        activity=activity, starts_at=in_minutes(-15), ends_at=in_minutes(45), capacity=4
    )
    Booking.objects.create(slot=started, visitor=UserFactory(), party_size=1)
    TimeSlot.objects.filter(pk=started.pk).update(seats_taken=1)
    page = client.get(reverse("tickets:checkin", kwargs={"pk": started.pk}))
    assert "Libera i posti di chi non è arrivato" in page.text
    # Without the confirmation ticked, nothing is released.
    response = client.post(reverse("tickets:release_absent", kwargs={"pk": started.pk}))
    assert response.status_code == 302
    assert refreshed(started).seats_taken == 1
    response = client.post(
        reverse("tickets:release_absent", kwargs={"pk": started.pk}), {"confirm": "1"}
    )
    assert response.status_code == 302
    assert refreshed(started).seats_taken == 0
