import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import signed_ticket_token
from manifatture.tickets import services
from manifatture.tickets.exceptions import (
    NoShowsTooEarly,
    OutsideCheckInWindow,
    TicketAlreadyUsed,
    TicketCancelled,
    TicketForAnotherSlot,
    UnknownTicket,
    WalkInCountNegative,
    WalkInSlotCancelled,
    WalkInSlotFull,
)
from manifatture.tickets.models import WalkIn

from .conftest import make_host, make_slot
from .factories import BookingFactory

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def local_hhmm(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


# A valid ticket ------------------------------------------------------------------


def test_a_valid_code_checks_the_ticket_in(slot, visitor):
    booking = BookingFactory(slot=slot, visitor=visitor, party_size=3)
    at = slot.starts_at - 5 * MINUTE

    admitted = services.check_in_ticket(slot, code=booking.ticket_code, at=at)

    assert admitted.pk == booking.pk
    assert admitted.party_size == 3
    booking.refresh_from_db()
    assert booking.checked_in_at == at
    assert booking.no_show is False


@pytest.mark.parametrize("typed", ["lower", "groups", "dashes"])
def test_a_code_typed_in_lower_case_or_in_groups_is_recognised(slot, typed):
    booking = BookingFactory(slot=slot)
    code = booking.ticket_code
    text = {
        "lower": f"  {code.lower()} ",
        "groups": " ".join(code[i : i + 4] for i in range(0, 20, 4)),
        "dashes": "-".join(code[i : i + 5] for i in range(0, 20, 5)),
    }[typed]

    assert services.check_in_ticket(slot, code=text).pk == booking.pk


def test_the_qr_codes_signed_token_is_recognised(slot):
    booking = BookingFactory(slot=slot)

    admitted = services.check_in_ticket(slot, code=signed_ticket_token(booking))

    assert admitted.pk == booking.pk


def test_a_late_visitor_marked_no_show_can_still_come_in(slot):
    booking = BookingFactory(slot=slot, no_show=True)

    services.check_in_ticket(slot, code=booking.ticket_code, at=slot.starts_at + 20 * MINUTE)

    booking.refresh_from_db()
    assert booking.no_show is False
    assert booking.checked_in_at == slot.starts_at + 20 * MINUTE


# Refusals ---------------------------------------------------------------------------


def test_a_ticket_used_twice_is_refused_with_the_time_of_first_use(slot):
    booking = BookingFactory(slot=slot)
    first = slot.starts_at - 2 * MINUTE
    services.check_in_ticket(slot, code=booking.ticket_code, at=first)

    with pytest.raises(TicketAlreadyUsed) as caught:
        services.check_in_ticket(slot, code=booking.ticket_code, at=first + MINUTE)

    assert str(caught.value.message) == f"Biglietto già usato alle {local_hhmm(first)}."
    booking.refresh_from_db()
    assert booking.checked_in_at == first


ITALIAN_DAYS = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
ITALIAN_MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio"]
ITALIAN_MONTHS += ["agosto", "settembre", "ottobre", "novembre", "dicembre"]


def italian_day(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{ITALIAN_DAYS[local.weekday()]} {local.day} {ITALIAN_MONTHS[local.month - 1]}"


def test_a_ticket_for_another_activity_says_which_activity_and_time(slot, host, edition):
    other_slot = make_slot(
        host, edition, title_it="Visita alla fonderia", starts_in=datetime.timedelta(hours=3)
    )
    booking = BookingFactory(slot=other_slot)

    with pytest.raises(TicketForAnotherSlot) as caught:
        services.check_in_ticket(slot, code=booking.ticket_code)

    assert str(caught.value.message) == (
        f"Il biglietto è per «Visita alla fonderia», {italian_day(other_slot.starts_at)} "
        f"alle {local_hhmm(other_slot.starts_at)}."
    )
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_a_ticket_for_another_slot_of_the_same_activity_says_which(slot, host, edition):
    later = make_slot(host, edition, activity=slot.activity, starts_in=datetime.timedelta(hours=3))
    booking = BookingFactory(slot=later)

    with pytest.raises(TicketForAnotherSlot) as caught:
        services.check_in_ticket(slot, code=booking.ticket_code)

    assert str(caught.value.message) == (
        f"Il biglietto è per «{slot.activity.title}», {italian_day(later.starts_at)} "
        f"alle {local_hhmm(later.starts_at)}."
    )


def test_an_unknown_code_is_refused(slot):
    BookingFactory(slot=slot)
    with pytest.raises(UnknownTicket) as caught:
        services.check_in_ticket(slot, code="0123456789ABCDEF0123")
    assert str(caught.value.message) == "Codice sconosciuto: controllate di averlo scritto bene."


@pytest.mark.parametrize("text", ["", "   ", "ABC", "not-a-code", "0123456789ABCDEF0123:forged"])
def test_garbage_and_forged_tokens_are_unknown(slot, text):
    BookingFactory(slot=slot, ticket_code="0123456789ABCDEF0123")
    with pytest.raises(UnknownTicket):
        services.check_in_ticket(slot, code=text)


def test_a_cancelled_booking_is_refused(slot):
    booking = BookingFactory(
        slot=slot, status=Booking.Status.CANCELLED, cancelled_at=timezone.now()
    )
    with pytest.raises(TicketCancelled):
        services.check_in_ticket(slot, code=booking.ticket_code)


def test_the_window_opens_at_the_tolerance_before_the_start(slot, settings):
    settings.CHECKIN_TOLERANCE_MINUTES = 30
    early = BookingFactory(slot=slot)
    on_time = BookingFactory(slot=slot)

    with pytest.raises(OutsideCheckInWindow) as caught:
        services.check_in_ticket(
            slot, code=early.ticket_code, at=slot.starts_at - 30 * MINUTE - MINUTE
        )
    opens = local_hhmm(slot.starts_at - 30 * MINUTE)
    assert str(caught.value.message) == (
        f"Troppo presto: gli ingressi per questo turno si aprono alle {opens}."
    )

    admitted = services.check_in_ticket(
        slot, code=on_time.ticket_code, at=slot.starts_at - 30 * MINUTE
    )
    assert admitted.pk == on_time.pk


def test_the_tolerance_is_a_setting(slot, settings):
    settings.CHECKIN_TOLERANCE_MINUTES = 10
    booking = BookingFactory(slot=slot)
    with pytest.raises(OutsideCheckInWindow):
        services.check_in_ticket(slot, code=booking.ticket_code, at=slot.starts_at - 11 * MINUTE)
    services.check_in_ticket(slot, code=booking.ticket_code, at=slot.starts_at - 10 * MINUTE)


def test_a_ticket_is_valid_until_the_slot_ends_and_not_after(slot):
    last_minute = BookingFactory(slot=slot)
    too_late = BookingFactory(slot=slot)

    services.check_in_ticket(slot, code=last_minute.ticket_code, at=slot.ends_at)
    with pytest.raises(OutsideCheckInWindow) as caught:
        services.check_in_ticket(slot, code=too_late.ticket_code, at=slot.ends_at + MINUTE)

    assert str(caught.value.message) == (
        f"Il turno è finito alle {local_hhmm(slot.ends_at)}: il biglietto non vale più."
    )
    too_late.refresh_from_db()
    assert too_late.checked_in_at is None


def test_a_booking_from_the_list_is_checked_in_once(slot):
    booking = BookingFactory(slot=slot)
    services.check_in_booking(slot, booking_id=booking.pk)
    with pytest.raises(TicketAlreadyUsed):
        services.check_in_booking(slot, booking_id=booking.pk)


def test_a_booking_of_another_slot_cannot_be_picked_from_the_list(slot, host, edition):
    other = BookingFactory(slot=make_slot(host, edition))
    with pytest.raises(UnknownTicket):
        services.check_in_booking(slot, booking_id=other.pk)
    other.refresh_from_db()
    assert other.checked_in_at is None


# Two doors at once -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_doors_checking_in_one_ticket_at_once_admit_it_once():
    host = make_host()
    from manifatture.editions.tests.factories import EditionFactory

    slot = make_slot(host, EditionFactory())
    booking = BookingFactory(slot=slot)
    doors = 8
    barrier = threading.Barrier(doors)
    outcomes: list[str] = []

    def door():
        try:
            barrier.wait()
            services.check_in_ticket(slot, code=booking.ticket_code)
            outcomes.append("admitted")
        except TicketAlreadyUsed:
            outcomes.append("used")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=door) for _ in range(doors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["admitted"] + ["used"] * (doors - 1)
    booking.refresh_from_db()
    assert booking.checked_in_at is not None


def test_the_check_in_is_a_conditional_update_that_a_stale_read_cannot_beat(slot):
    """What two doors do, one after the other with the same stale read: the
    second sees its UPDATE change no row and reports the first door's time."""
    booking = BookingFactory(slot=slot)
    stale = Booking.objects.get(pk=booking.pk)
    first = slot.starts_at - 3 * MINUTE
    services.check_in_ticket(slot, code=booking.ticket_code, at=first)

    with pytest.raises(TicketAlreadyUsed) as caught:
        services.admit(stale, slot, slot.starts_at)

    assert caught.value.checked_in_at == first
    assert Booking.objects.get(pk=booking.pk).checked_in_at == first


# No-shows -----------------------------------------------------------------------------


def test_no_shows_are_marked_only_once_the_slot_has_started(slot):
    BookingFactory(slot=slot)
    with pytest.raises(NoShowsTooEarly):
        services.mark_no_shows(slot, at=slot.starts_at - MINUTE)
    assert Booking.objects.filter(no_show=True).count() == 0


def test_no_shows_are_the_confirmed_bookings_not_checked_in(slot):
    came = BookingFactory(slot=slot)
    missing = BookingFactory(slot=slot)
    cancelled = BookingFactory(
        slot=slot, status=Booking.Status.CANCELLED, cancelled_at=timezone.now()
    )
    services.check_in_ticket(slot, code=came.ticket_code, at=slot.starts_at)

    marked = services.mark_no_shows(slot, at=slot.ends_at)

    assert marked == 1
    assert set(Booking.objects.filter(no_show=True).values_list("pk", flat=True)) == {missing.pk}
    cancelled.refresh_from_db()
    assert cancelled.no_show is False
    assert services.mark_no_shows(slot, at=slot.ends_at) == 0


# Walk-ins -----------------------------------------------------------------------------


def test_walk_ins_are_counted_up_and_down(host, edition):
    slot = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)

    assert services.count_walk_in(slot, delta=1) == 1
    assert services.count_walk_in(slot, delta=1) == 2
    assert services.count_walk_in(slot, delta=-1) == 1
    assert WalkIn.objects.get(slot=slot).count == 1


def test_the_walk_in_count_never_goes_below_zero(host, edition):
    slot = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)
    with pytest.raises(WalkInCountNegative):
        services.count_walk_in(slot, delta=-1)
    services.count_walk_in(slot, delta=1)
    services.count_walk_in(slot, delta=-1)
    with pytest.raises(WalkInCountNegative):
        services.count_walk_in(slot, delta=-1)
    assert WalkIn.objects.get(slot=slot).count == 0


def test_walk_ins_are_counted_per_slot(host, edition):
    first = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)
    second = make_slot(host, edition, activity=first.activity, starts_in=3 * 60 * MINUTE)
    services.count_walk_in(first, delta=1)
    services.count_walk_in(first, delta=1)
    services.count_walk_in(second, delta=1)
    assert dict(WalkIn.objects.values_list("slot_id", "count")) == {first.pk: 2, second.pk: 1}


def test_walk_ins_are_counted_for_booked_slots_while_seats_are_free(host, edition):
    slot = make_slot(host, edition)  # booked, 15 seats
    BookingFactory(slot=slot, party_size=13)

    assert services.count_walk_in(slot, delta=1) == 1
    assert services.count_walk_in(slot, delta=1) == 2
    slot.refresh_from_db()
    assert (slot.seats_taken, slot.places_left) == (15, 0)

    with pytest.raises(WalkInSlotFull) as caught:
        services.count_walk_in(slot, delta=1)
    assert str(caught.value.message) == (
        "Posti esauriti: non si può far entrare nessun altro senza prenotazione in questo turno."
    )
    assert WalkIn.objects.get(slot=slot).count == 2
    slot.refresh_from_db()
    assert slot.seats_taken == 15


def test_taking_a_walk_in_back_frees_its_seat(host, edition):
    slot = make_slot(host, edition)
    BookingFactory(slot=slot, party_size=14)
    services.count_walk_in(slot, delta=1)

    assert services.count_walk_in(slot, delta=-1) == 0
    slot.refresh_from_db()
    assert slot.seats_taken == 14
    with pytest.raises(WalkInCountNegative):
        services.count_walk_in(slot, delta=-1)
    slot.refresh_from_db()
    assert slot.seats_taken == 14


def test_a_walk_in_does_not_take_the_seats_kept_for_groups(host, edition):
    slot = make_slot(host, edition)
    TimeSlot.objects.filter(pk=slot.pk).update(group_seats=5)
    slot.refresh_from_db()
    BookingFactory(slot=slot, party_size=10)

    with pytest.raises(WalkInSlotFull):
        services.count_walk_in(slot, delta=1)


def test_a_drop_in_slot_counts_walk_ins_up_to_its_capacity(host, edition):
    slot = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)
    TimeSlot.objects.filter(pk=slot.pk).update(capacity=2)
    for _ in range(2):
        services.count_walk_in(slot, delta=1)
    with pytest.raises(WalkInSlotFull):
        services.count_walk_in(slot, delta=1)
    assert WalkIn.objects.get(slot=slot).count == 2


def test_a_cancelled_slot_counts_no_walk_ins(host, edition):
    slot = make_slot(host, edition)
    TimeSlot.objects.filter(pk=slot.pk).update(cancelled_at=timezone.now())
    slot.refresh_from_db()
    with pytest.raises(WalkInSlotCancelled):
        services.count_walk_in(slot, delta=1)
    assert not WalkIn.objects.filter(count__gt=0).exists()


@pytest.mark.django_db(transaction=True)
def test_two_doors_never_overbook_with_walk_ins():
    from manifatture.editions.tests.factories import EditionFactory

    slot = make_slot(make_host(), EditionFactory())
    BookingFactory(slot=slot, party_size=14)
    doors = 4
    barrier = threading.Barrier(doors)
    results = []

    def walk_in():
        try:
            barrier.wait()
            results.append(services.count_walk_in(slot, delta=1))
        except WalkInSlotFull:
            results.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=walk_in) for _ in range(doors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results, key=str) == [1] + ["full"] * (doors - 1)
    slot.refresh_from_db()
    assert slot.seats_taken == 15


def test_the_database_refuses_a_negative_walk_in_count(host, edition):
    from django.db import IntegrityError, transaction

    slot = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)
    walk_in = WalkIn.objects.create(slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        WalkIn.objects.filter(pk=walk_in.pk).update(count=-1)
