"""Cancellation frees seats at once; the waiting list is offered them."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings import services
from manifatture.bookings.exceptions import (
    AlreadyBooked,
    CancellationClosed,
    NotAllowed,
    OfferNotAvailable,
    OfferPending,
    SeatsStillAvailable,
    SlotFull,
)
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.bookings.queries import places_left
from manifatture.editions.tests.factories import EditionFactory

from .conftest import fill, in_minutes, make_slot, sibling

pytestmark = pytest.mark.django_db


def seats(slot) -> int:
    slot.refresh_from_db()
    return slot.seats_taken


def refreshed(entry) -> WaitingListEntry:
    entry.refresh_from_db()
    return entry


@pytest.fixture
def full_slot(activity):
    slot = make_slot(activity, capacity=4)
    fill(slot, 4)
    return slot


# Cancellation --------------------------------------------------------------------------


def test_visitor_cancels_and_the_seats_are_free_at_once(slot, visitor):
    booking = services.book_slot(slot, visitor=visitor, party_size=3)
    services.cancel_booking(booking, by=visitor)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_at is not None
    assert seats(slot) == 0
    assert places_left(slot) == 10
    # Cancelling twice changes nothing.
    services.cancel_booking(booking, by=visitor)
    assert seats(slot) == 0


def test_visitor_may_book_again_after_cancelling(slot, visitor):
    services.cancel_booking(services.book_slot(slot, visitor=visitor, party_size=1), by=visitor)
    again = services.book_slot(slot, visitor=visitor, party_size=2)
    assert again.status == Booking.Status.CONFIRMED
    assert seats(slot) == 2


def _edition_running_now():
    today = timezone.localdate()
    return EditionFactory(
        host_call_opens=in_minutes(-30 * 24 * 60),
        host_call_closes=in_minutes(-20 * 24 * 60),
        review_closes=in_minutes(-10 * 24 * 60),
        registration_opens=in_minutes(-5 * 24 * 60),
        registration_closes=in_minutes(2 * 24 * 60),
        event_start=today,
        event_end=today + datetime.timedelta(days=2),
    )


def test_visitor_cannot_cancel_after_the_deadline(visitor, settings):
    activity = ActivityFactory(edition=_edition_running_now())
    slot = TimeSlotFactory(activity=activity, starts_at=in_minutes(90), ends_at=in_minutes(150))
    booking = services.book_slot(slot, visitor=visitor, party_size=1)
    settings.CANCELLATION_CUTOFF_MINUTES = 120
    with pytest.raises(CancellationClosed) as error:
        services.cancel_booking(booking, by=visitor)
    assert str(error.value) == (
        "Le prenotazioni si possono annullare fino a 120 minuti prima dell'inizio del turno."
    )
    assert seats(slot) == 1
    settings.CANCELLATION_CUTOFF_MINUTES = 60
    services.cancel_booking(booking, by=visitor)
    assert seats(slot) == 0


def test_host_cancels_a_booking_any_time_and_the_visitor_is_told(
    slot, visitor, host, django_capture_on_commit_callbacks
):
    booking = services.book_slot(slot, visitor=visitor, party_size=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking, by=host, reason="Macchinario guasto")
    assert seats(slot) == 0
    assert [m.to for m in mail.outbox] == [[visitor.email]]
    assert mail.outbox[0].subject == f"Prenotazione annullata: {slot.activity.title}"
    assert "Macchinario guasto" in mail.outbox[0].body


def test_nobody_else_cancels_a_booking(slot, visitor):
    booking = services.book_slot(slot, visitor=visitor, party_size=1)
    with pytest.raises(NotAllowed):
        services.cancel_booking(booking, by=UserFactory())
    assert seats(slot) == 1


# Waiting list ---------------------------------------------------------------------------


def test_join_only_when_full(slot, visitor):
    with pytest.raises(SeatsStillAvailable):
        services.join_waiting_list(slot, visitor=visitor, party_size=1)
    fill(slot, 9)
    # One seat left: a party of two may wait, a party of one should book.
    with pytest.raises(SeatsStillAvailable):
        services.join_waiting_list(slot, visitor=visitor, party_size=1)
    entry = services.join_waiting_list(slot, visitor=visitor, party_size=2)
    assert (entry.status, entry.party_size) == ("waiting", 2)
    # Joining again returns the same entry.
    assert services.join_waiting_list(slot, visitor=visitor, party_size=2).pk == entry.pk


def test_who_has_booked_does_not_join(full_slot):
    booker = Booking.objects.filter(slot=full_slot).first().visitor
    with pytest.raises(AlreadyBooked):
        services.join_waiting_list(full_slot, visitor=booker, party_size=1)


def test_cancel_offers_the_seats_to_the_waiting_list(
    full_slot, visitor, django_capture_on_commit_callbacks
):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking, by=booking.visitor)

    entry = refreshed(entry)
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert entry.offer_expires_at - entry.offered_at == datetime.timedelta(hours=12)
    # The seat is held for the offer: nobody else can take it.
    assert seats(full_slot) == 4
    assert places_left(full_slot) == 0
    with pytest.raises(SlotFull):
        services.book_slot(full_slot, visitor=UserFactory(), party_size=1)
    assert [m.to for m in mail.outbox] == [[visitor.email]]
    assert mail.outbox[0].subject == f"Si sono liberati dei posti: {full_slot.activity.title}"
    assert f"/prenotazioni/lista-d-attesa/{entry.pk}/accetta/" in mail.outbox[0].body


def test_accepting_an_offer_books_the_held_seats(
    full_slot, visitor, django_capture_on_commit_callbacks
):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=2)
    for booking in Booking.objects.filter(slot=full_slot)[:2]:
        services.cancel_booking(booking, by=booking.visitor)
    assert refreshed(entry).status == WaitingListEntry.Status.OFFERED

    with django_capture_on_commit_callbacks(execute=True):
        booking = services.accept_offer(entry, by=visitor)
    assert (booking.party_size, booking.status) == (2, Booking.Status.CONFIRMED)
    entry = refreshed(entry)
    assert entry.status == WaitingListEntry.Status.ACCEPTED
    assert entry.booking_id == booking.pk
    assert seats(full_slot) == 4
    assert Booking.objects.filter(slot=full_slot, status="confirmed").count() == 3
    assert mail.outbox[-1].subject == f"Prenotazione confermata: {full_slot.activity.title}"
    # Accepting twice is refused.
    with pytest.raises(OfferNotAvailable):
        services.accept_offer(entry, by=visitor)


def test_the_first_entry_that_fits_is_offered(full_slot):
    big = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=3)
    small = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    later = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    assert refreshed(big).status == "waiting"
    assert refreshed(small).status == "offered"
    assert refreshed(later).status == "waiting"


def test_several_entries_are_offered_when_several_seats_free_up(full_slot, visitor):
    first = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    second = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    host_cancels = Booking.objects.filter(slot=full_slot)[:2]
    for booking in host_cancels:
        services.cancel_booking(booking, by=booking.visitor)
    assert refreshed(first).status == "offered"
    assert refreshed(second).status == "offered"
    assert seats(full_slot) == 4


def test_an_expired_offer_passes_to_the_next_entry(full_slot, django_capture_on_commit_callbacks):
    first = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    second = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    first = refreshed(first)

    assert services.expire_offers() == 0  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        expired = services.expire_offers(now=first.offer_expires_at + datetime.timedelta(seconds=1))
    assert expired == 1
    assert refreshed(first).status == "expired"
    assert refreshed(second).status == "offered"
    assert seats(full_slot) == 4
    assert [m.to for m in mail.outbox] == [[second.visitor.email]]
    with pytest.raises(OfferNotAvailable):
        services.accept_offer(first, by=first.visitor)


def test_expired_offer_with_nobody_waiting_frees_the_seats(full_slot):
    entry = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=2)
    for booking in Booking.objects.filter(slot=full_slot)[:2]:
        services.cancel_booking(booking, by=booking.visitor)
    entry = refreshed(entry)
    services.expire_offers(now=entry.offer_expires_at)
    assert refreshed(entry).status == "expired"
    assert seats(full_slot) == 2
    assert places_left(full_slot) == 2


def test_an_offer_past_its_deadline_cannot_be_accepted_even_before_expiry_runs(full_slot, visitor):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    WaitingListEntry.objects.filter(pk=entry.pk).update(offer_expires_at=in_minutes(-1))
    with pytest.raises(OfferNotAvailable):
        services.accept_offer(entry, by=visitor)


def test_only_the_visitor_accepts_their_offer(full_slot, visitor):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    with pytest.raises(NotAllowed):
        services.accept_offer(entry, by=UserFactory())


def test_an_offer_ends_before_the_booking_cutoff(visitor, settings):
    today = timezone.localdate()
    edition = EditionFactory(
        host_call_opens=in_minutes(-30 * 24 * 60),
        host_call_closes=in_minutes(-20 * 24 * 60),
        review_closes=in_minutes(-10 * 24 * 60),
        registration_opens=in_minutes(-5 * 24 * 60),
        registration_closes=in_minutes(2 * 24 * 60),
        event_start=today,
        event_end=today + datetime.timedelta(days=2),
    )
    activity = ActivityFactory(edition=edition)
    slot = TimeSlotFactory(
        activity=activity, starts_at=in_minutes(5 * 60), ends_at=in_minutes(6 * 60), capacity=1
    )
    (booking,) = fill(slot, 1)
    entry = services.join_waiting_list(slot, visitor=visitor, party_size=1)
    services.cancel_booking(booking, by=booking.visitor)
    entry = refreshed(entry)
    # Four hours, not twelve: the offer closes with the bookings, an hour before.
    assert entry.offer_expires_at == slot.starts_at - datetime.timedelta(minutes=60)


def test_no_offer_too_close_to_the_slot(visitor, settings):
    settings.BOOKING_CUTOFF_MINUTES = 60
    settings.CANCELLATION_CUTOFF_MINUTES = 30
    activity = ActivityFactory(edition=_edition_running_now())
    slot = TimeSlotFactory(
        activity=activity, starts_at=in_minutes(65), ends_at=in_minutes(125), capacity=1
    )
    settings.BOOKING_CUTOFF_MINUTES = 0
    (booking,) = fill(slot, 1)
    entry = services.join_waiting_list(slot, visitor=visitor, party_size=1)
    settings.BOOKING_CUTOFF_MINUTES = 60
    services.cancel_booking(booking, by=booking.visitor)
    # Five minutes to the cut-off: no offer; the seat is simply free.
    assert refreshed(entry).status == "waiting"
    assert seats(slot) == 0


def test_leaving_with_an_offer_passes_it_on(full_slot, visitor):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    other = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    assert refreshed(entry).status == "offered"
    services.leave_waiting_list(entry, by=visitor)
    assert refreshed(entry).status == "left"
    assert refreshed(other).status == "offered"
    assert seats(full_slot) == 4


def test_leaving_while_waiting(full_slot, visitor):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    with pytest.raises(NotAllowed):
        services.leave_waiting_list(entry, by=UserFactory())
    services.leave_waiting_list(entry, by=visitor)
    assert refreshed(entry).status == "left"
    assert seats(full_slot) == 4


def test_booking_directly_with_a_pending_offer_points_to_the_offer(full_slot, visitor):
    services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    with pytest.raises(OfferPending):
        services.book_slot(full_slot, visitor=visitor, party_size=1)


def test_accepting_respects_the_visitors_limit(full_slot, visitor, settings):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    settings.BOOKINGS_PER_VISITOR = 1
    services.book_slot(
        make_slot(sibling(full_slot.activity), hour=15), visitor=visitor, party_size=1
    )
    from manifatture.bookings.exceptions import BookingLimitReached

    with pytest.raises(BookingLimitReached):
        services.accept_offer(entry, by=visitor)
    assert refreshed(entry).status == "offered"


def test_expiry_is_scheduled_at_the_offers_deadline(
    full_slot, visitor, settings, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking, by=booking.visitor)
    entry = refreshed(entry)
    scheduled = [
        result.task
        for result in default_task_backend.results
        if result.task.name == "expire_offers_task"
    ]
    assert len(scheduled) == 1
    assert scheduled[0].run_after == entry.offer_expires_at


def test_expire_offers_command(full_slot, visitor):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    booking = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(booking, by=booking.visitor)
    WaitingListEntry.objects.filter(pk=entry.pk).update(offer_expires_at=in_minutes(-1))
    from io import StringIO

    out = StringIO()
    call_command("expire_offers", stdout=out)
    assert out.getvalue() == "expired_offers=1\n"
    assert refreshed(entry).status == "expired"
    assert seats(full_slot) == 3


def test_accepting_after_booking_directly_passes_the_held_seats_on(full_slot, visitor):
    entry = services.join_waiting_list(full_slot, visitor=visitor, party_size=1)
    other = services.join_waiting_list(full_slot, visitor=UserFactory(), party_size=1)
    first = Booking.objects.filter(slot=full_slot).first()
    services.cancel_booking(first, by=first.visitor)
    # Meanwhile a booking of the visitor's on this slot is written directly.
    direct = Booking.objects.create(slot=full_slot, visitor=visitor, party_size=1)
    assert services.accept_offer(entry, by=visitor).pk == direct.pk
    assert refreshed(entry).status == "left"
    assert refreshed(other).status == "offered"
