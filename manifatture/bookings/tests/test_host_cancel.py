"""Hosts and city staff cancel booked slots and activities: everyone booked is told."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import PASSWORD, UserFactory
from manifatture.activities import services as activity_services
from manifatture.activities.exceptions import ActivityHasBookings, InvalidSlot, SlotHasBookings
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services
from manifatture.bookings.exceptions import NotAllowed, NotBookable
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory

from .conftest import fill, make_slot, sibling

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_cancel_slot_cancels_every_booking_and_tells_each_visitor(
    activity, host, django_capture_on_commit_callbacks
):
    slot = make_slot(activity, capacity=3)
    english = UserFactory(language="en")
    italian = UserFactory(language="it")
    services.book_slot(slot, visitor=english, party_size=1)
    services.book_slot(slot, visitor=italian, party_size=2)
    waiting = services.join_waiting_list(slot, visitor=UserFactory(), party_size=1)
    untouched = make_slot(sibling(activity), hour=15)
    other = services.book_slot(untouched, visitor=italian, party_size=1)

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel_slot(slot, by=host, reason="Sciopero dei trasporti")

    assert cancelled == 2
    slot.refresh_from_db()
    assert slot.is_cancelled
    assert (slot.seats_taken, slot.group_seats_taken) == (0, 0)
    assert set(Booking.objects.filter(slot=slot).values_list("status", flat=True)) == {"cancelled"}
    waiting.refresh_from_db()
    assert waiting.status == WaitingListEntry.Status.CANCELLED
    other.refresh_from_db()
    assert other.status == "confirmed"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([english.email, italian.email])
    assert all("Sciopero dei trasporti" in m.body for m in mail.outbox)
    # The slot takes no more bookings.
    with pytest.raises(NotBookable):
        services.book_slot(slot, visitor=UserFactory(), party_size=1)
    # Cancelling again does nothing and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_slot(slot, by=host) == 0
    assert mail.outbox == []


def test_cancel_activity_cancels_all_its_slots(activity, staff, django_capture_on_commit_callbacks):
    first, second = make_slot(activity, hour=10), make_slot(activity, hour=14)
    fill(first, 2)
    fill(second, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_activity_bookings(activity, by=staff) == 3
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert TimeSlot.objects.filter(activity=activity, cancelled_at__isnull=False).count() == 2
    assert TimeSlot.objects.filter(activity=activity, seats_taken=0).count() == 2
    assert len(mail.outbox) == 3


def test_another_host_cannot_cancel(activity, slot):
    fill(slot, 1)
    stranger = MembershipFactory().user
    with pytest.raises(NotAllowed):
        services.cancel_slot(slot, by=stranger)
    with pytest.raises(NotAllowed):
        services.cancel_activity_bookings(activity, by=stranger)
    slot.refresh_from_db()
    assert slot.seats_taken == 1 and not slot.is_cancelled


def test_programme_services_refuse_to_drop_booked_seats(activity, slot):
    fill(slot, 2)
    with pytest.raises(ActivityHasBookings):
        activity_services.cancel_activity(activity)
    with pytest.raises(SlotHasBookings):
        activity_services.remove_slot(slot)
    # Even cancelled bookings keep the slot: they are its history.
    for booking in Booking.objects.filter(slot=slot):
        services.cancel_booking(booking, by=booking.visitor)
    with pytest.raises(SlotHasBookings):
        activity_services.remove_slot(slot)
    # A slot nobody booked goes.
    empty = make_slot(activity, hour=16)
    activity_services.remove_slot(empty)
    assert not TimeSlot.objects.filter(pk=empty.pk).exists()


def test_resizing_a_slot_keeps_the_booked_seats(activity, slot):
    fill(slot, 6)
    with pytest.raises(InvalidSlot) as error:
        activity_services.update_slot(
            slot, starts_at=slot.starts_at, ends_at=slot.ends_at, capacity=5
        )
    assert error.value.field == "capacity"
    with pytest.raises(InvalidSlot) as error:
        activity_services.update_slot(
            slot, starts_at=slot.starts_at, ends_at=slot.ends_at, capacity=10, group_seats=5
        )
    assert error.value.field == "group_seats"
    activity_services.update_slot(
        slot, starts_at=slot.starts_at, ends_at=slot.ends_at, capacity=8, group_seats=2
    )
    slot.refresh_from_db()
    # The host's edit never writes the counters the bookings keep.
    assert (slot.capacity, slot.group_seats, slot.seats_taken) == (8, 2, 6)


def test_stale_slot_object_does_not_overwrite_the_counters(activity, slot):
    stale = TimeSlot.objects.get(pk=slot.pk)
    fill(slot, 3)
    activity_services.update_slot(
        stale, starts_at=stale.starts_at, ends_at=stale.ends_at, capacity=12
    )
    slot.refresh_from_db()
    assert (slot.capacity, slot.seats_taken) == (12, 3)


# Pages -----------------------------------------------------------------------------------


def test_removing_a_booked_slot_leads_to_the_cancel_page(client, activity, host, slot):
    fill(slot, 1)
    login(client, host)
    response = client.post(reverse("activities:slot_remove", args=[slot.pk]))
    assert response.status_code == 302
    assert response.url == reverse("bookings:manage_cancel_slot", args=[slot.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Il turno ha 1 prenotazione" in page.content.decode()


def test_host_cancels_a_slot_from_the_page(
    client, activity, host, slot, django_capture_on_commit_callbacks
):
    (booking,) = fill(slot, 1)
    login(client, host)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bookings:manage_cancel_slot", args=[slot.pk]), {"reason": "Allagamento"}
        )
    assert response.status_code == 302
    assert response.url == reverse("activities:activity_edit", args=[activity.pk])
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert [m.to for m in mail.outbox] == [[booking.visitor.email]]


def test_cancelling_a_booked_activity_leads_to_the_cancel_page(
    client, activity, host, slot, django_capture_on_commit_callbacks
):
    fill(slot, 2)
    login(client, host)
    # The programme's cancel page hands over to the one that tells the visitors.
    response = client.get(reverse("activities:activity_cancel", args=[activity.pk]))
    assert response.url == reverse("bookings:manage_cancel_activity", args=[activity.pk])
    response = client.post(reverse("activities:activity_cancel", args=[activity.pk]))
    assert response.url == reverse("bookings:manage_cancel_activity", args=[activity.pk])
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    page = client.get(response.url)
    assert "ha 2 prenotazioni" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"reason": ""})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert len(mail.outbox) == 2


def test_another_host_cannot_open_the_cancel_pages(client, activity, slot):
    fill(slot, 1)
    stranger = MembershipFactory().user
    login(client, stranger)
    assert client.get(reverse("bookings:manage_cancel_slot", args=[slot.pk])).status_code == 403
    assert client.post(reverse("bookings:manage_cancel_slot", args=[slot.pk])).status_code == 403
    assert (
        client.post(reverse("bookings:manage_cancel_activity", args=[activity.pk])).status_code
        == 403
    )
    slot.refresh_from_db()
    assert slot.seats_taken == 1


def test_host_sets_booking_settings_and_group_seats(client, edition, host):
    activity = ActivityFactory(
        edition=edition, organisation=MembershipFactory(user=host).organisation
    )
    # Changing slots is for accepted hosts of the edition.
    AcceptedApplicationFactory(edition=edition, organisation=activity.organisation)
    login(client, host)
    page = client.get(reverse("activities:activity_edit", args=[activity.pk])).content.decode()
    assert 'name="booking_mode"' in page
    assert 'name="group_seats"' in page
    slot = make_slot(activity)
    response = client.post(
        reverse("activities:slot_edit", args=[slot.pk]),
        {
            "starts_at": timezone.localtime(slot.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(slot.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "20",
            "group_seats": "8",
        },
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert (slot.capacity, slot.group_seats) == (20, 8)
