"""The statements of the busiest requests, composed once (manifatture/statements.py),
give what the ORM gives: the same rows and instances, the same SQL with the
caller's values, the same saved row."""

import pytest
from django.db import connection
from django.db.models.signals import pre_save
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import TimeSlotFactory
from manifatture.bookings.models import Booking
from manifatture.bookings.queries import BOOKING_FIELDS, get_slot_to_book
from manifatture.bookings.services import seats
from manifatture.statements import (
    RelatedRow,
    Statement,
    insert,
    insert_sql,
    inserted,
    update_sql,
)

pytestmark = pytest.mark.django_db


def _values(instance, names):
    return {name: getattr(instance, name) for name in names}


def _compare_with_orm(slot_id: int) -> None:
    orm = (
        TimeSlot.objects.select_related("activity__edition", "activity__site")
        .only(*BOOKING_FIELDS)
        .get(pk=slot_id)
    )
    with CaptureQueriesContext(connection) as queries:
        mine = get_slot_to_book(slot_id)
        # Everything named is there, relations included: no query more.
        for path in BOOKING_FIELDS:
            a, b = mine, orm
            for name in path.split("__"):
                a, b = (getattr(a, name) if a is not None else None), getattr(b, name, None)
            assert a == b, path
    assert len(queries) == 1
    assert mine.get_deferred_fields() == orm.get_deferred_fields()
    assert mine.activity.get_deferred_fields() == orm.activity.get_deferred_fields()


def test_the_slot_to_book_is_the_orm_s_slot():
    slot = TimeSlotFactory(capacity=12, seats_taken=3)
    _compare_with_orm(slot.pk)


def test_an_activity_without_a_site_has_none_cached():
    slot = TimeSlotFactory(activity__site=None)
    _compare_with_orm(slot.pk)
    found = get_slot_to_book(slot.pk)
    with CaptureQueriesContext(connection) as queries:
        assert found.activity.site is None
    assert len(queries) == 0


def test_no_such_slot_is_not_found():
    with pytest.raises(Http404):
        get_slot_to_book(987654321)


def test_a_path_through_something_else_than_a_key_is_refused():
    with pytest.raises(ValueError, match="forward key"):
        RelatedRow(TimeSlot, ["bookings__party_size"]).get(1)


@pytest.mark.parametrize("group", [False, True])
@pytest.mark.parametrize("direct", [False, True])
def test_the_composed_take_seats_is_the_orm_s(group, direct):
    sql, params = seats._TAKE_SEATS[group, direct].sql(slot_id=41, seats=3)
    orm_sql, orm_params = seats._take_seats_sql(group=group, direct=direct, slot_id=41, seats=3)
    assert (sql, params) == (orm_sql, list(orm_params))


def test_take_seats_composed_once_takes_and_refuses_as_the_orm():
    slot = TimeSlotFactory(capacity=4)
    assert seats._take_seats(slot.pk, 3, group=False, direct=True)
    assert not seats._take_seats(slot.pk, 2, group=False, direct=True)
    slot.refresh_from_db()
    assert slot.seats_taken == 3 and slot.places_left == 1


def test_a_value_the_orm_inlines_is_refused():
    def build(slot_id):
        return "SELECT id FROM activities_timeslot WHERE id = " + str(slot_id), []

    with pytest.raises(ValueError, match="slot_id"):
        Statement(build, "slot_id").sql(slot_id=1)


def test_update_sql_is_what_update_runs():
    slot = TimeSlotFactory(capacity=9)
    rows = TimeSlot.objects.filter(pk=slot.pk)
    sql, params = update_sql(rows, capacity=11)
    with CaptureQueriesContext(connection) as queries:
        rows.update(capacity=11)
    assert queries[0]["sql"] == sql % tuple(f"{p}" for p in params)


def _booking(slot):
    return Booking(
        slot=slot,
        visitor=UserFactory(),
        party_size=2,
        group_name="",
        attendee_names=["Ada", "Bruno"],
    )


def _saved(booking):
    row = Booking.objects.get(pk=booking.pk)
    return {
        f.attname: getattr(row, f.attname)
        for f in Booking._meta.concrete_fields
        if f.attname not in {"id", "visitor_id", "ticket_code", "created_at"}
    }


def test_insert_saves_the_row_save_saves():
    slot = TimeSlotFactory()
    inserted, saved = _booking(slot), _booking(slot)
    insert(inserted)
    saved.save()
    assert inserted.pk and not inserted._state.adding and inserted._state.db == "default"
    assert inserted.created_at is not None and inserted.ticket_code
    assert _saved(inserted) == _saved(saved)


def test_insert_of_a_model_with_receivers_goes_through_save():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    pre_save.connect(receiver, sender=Booking)
    try:
        booking = _booking(TimeSlotFactory())
        insert(booking)
    finally:
        pre_save.disconnect(receiver, sender=Booking)
    assert seen == [booking] and Booking.objects.filter(pk=booking.pk).exists()


def test_insert_sql_in_a_statement_of_several_saves_the_row_save_saves():
    slot = TimeSlotFactory()
    first, second, saved = _booking(slot), _booking(slot), _booking(slot)
    saved.save()
    first_sql, first_values = insert_sql(first)
    # A value going through SQL that reads what the WITH's first part returned.
    second_sql, second_values = insert_sql(
        second, expressions={"party_size": "%s + 0 * (SELECT id FROM first)"}
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH first AS ({first_sql}), second AS ({second_sql}) "
            "SELECT (SELECT id FROM first), (SELECT id FROM second)",
            [*first_values, *second_values],
        )
        first_pk, second_pk = cursor.fetchone()
    inserted(first, first_pk)
    inserted(second, second_pk)
    assert first.pk and not first._state.adding and first._state.db == "default"
    assert _saved(first) == _saved(second) == _saved(saved)
    with pytest.raises(ValueError, match="no such fields"):
        insert_sql(_booking(slot), expressions={"nothing": "%s"})


def test_insert_sql_refuses_a_model_with_receivers():
    def receiver(sender, instance, **kwargs):
        pass

    pre_save.connect(receiver, sender=Booking)
    try:
        with pytest.raises(ValueError, match="signals"):
            insert_sql(_booking(TimeSlotFactory()))
    finally:
        pre_save.disconnect(receiver, sender=Booking)


def test_why_a_full_slot_refuses_is_the_orm_s_answer_in_one_statement():
    from django.utils import timezone

    from manifatture.ballots.tests.factories import BallotActivityFactory
    from manifatture.bookings.models import WaitingListEntry
    from manifatture.bookings.queries import in_undrawn_ballot, no_seats
    from manifatture.bookings.tests.factories import WaitingListEntryFactory
    from manifatture.editions.tests.factories import EditionFactory

    edition = EditionFactory()
    visitor = UserFactory()
    listed = BallotActivityFactory(ballot__edition=edition)
    in_ballot = TimeSlotFactory(activity=listed.activity)
    offer = WaitingListEntryFactory(
        slot=TimeSlotFactory(activity__edition=edition),
        status=WaitingListEntry.Status.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + timezone.timedelta(hours=2),
    )
    waiting = WaitingListEntryFactory(slot=offer.slot, visitor=visitor)
    cases = [
        (TimeSlotFactory(activity__edition=edition), visitor.pk, (False, False)),
        (in_ballot, visitor.pk, (True, False)),
        (offer.slot, offer.visitor_id, (False, True)),
        (offer.slot, waiting.visitor_id, (False, False)),  # waiting, not offered
    ]
    for slot, visitor_id, expected in cases:
        with CaptureQueriesContext(connection) as queries:
            withheld = no_seats(slot, visitor_id)
        assert len(queries) == 1
        assert (withheld.in_undrawn_ballot, withheld.offered) == expected
        assert withheld.in_undrawn_ballot == in_undrawn_ballot(slot.activity_id)
        assert withheld.offered == (
            WaitingListEntry.objects.filter(
                visitor_id=visitor_id, slot=slot, status=WaitingListEntry.Status.OFFERED
            ).exists()
        )
