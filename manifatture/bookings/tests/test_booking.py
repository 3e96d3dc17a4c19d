"""Booking a slot: the rules of book_slot."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.tests.factories import (
    ActivityFactory,
    HubVenueFactory,
    TimeSlotFactory,
)
from manifatture.activities.travel import travel_minutes
from manifatture.bookings import services
from manifatture.bookings.exceptions import (
    BookingClosed,
    BookingLimitReached,
    InvalidParty,
    NotBookable,
    OverlappingBooking,
    RegistrationClosed,
    SlotFull,
)
from manifatture.bookings.models import Booking
from manifatture.bookings.queries import places_left
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations.models import ActivityKind

from .conftest import fill, in_minutes, make_slot, sibling, site_at

pytestmark = pytest.mark.django_db


def seats(slot) -> tuple[int, int]:
    slot.refresh_from_db()
    return slot.seats_taken, slot.group_seats_taken


def test_booking_takes_seats_and_confirms_by_email(
    slot, visitor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_slot(slot, visitor=visitor, party_size=3)

    assert booking.status == Booking.Status.CONFIRMED
    assert (booking.party_size, booking.kind, booking.group_name) == (3, "individual", "")
    assert seats(slot) == (3, 0)
    assert places_left(slot) == 7
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [visitor.email]
    assert message.subject == f"Prenotazione confermata: {slot.activity.title}"
    assert booking.ticket_code in message.body
    names = [(a.filename, a.mimetype) for a in message.attachments]
    assert names == [
        (f"biglietto-{booking.ticket_code}.png", "image/png"),
        ("manifatture-aperte.ics", "text/calendar"),
    ]
    png = message.attachments[0].content
    assert png.startswith(b"\x89PNG")
    ics = message.attachments[1].content
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VEVENT" in ics
    assert f"UID:booking-{booking.pk}@manifattureaperte" in ics
    assert "DTSTART:" + slot.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ") in ics


def test_confirmation_is_in_the_visitors_language(slot, django_capture_on_commit_callbacks):
    visitor = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.book_slot(slot, visitor=visitor, party_size=1)
    assert mail.outbox[0].subject.startswith("Booking confirmed") or mail.outbox[
        0
    ].subject.startswith(
        "Prenotazione confermata"
    )  # the English catalogue is filled in later; the rendering language is the visitor's


def test_full_slot_refuses(activity, visitor):
    slot = make_slot(activity, capacity=3)
    fill(slot, 2)
    with pytest.raises(SlotFull):
        services.book_slot(slot, visitor=visitor, party_size=2)
    assert seats(slot) == (2, 0)
    assert Booking.objects.filter(visitor=visitor).count() == 0
    # One seat is left: a party of one still fits.
    services.book_slot(slot, visitor=visitor, party_size=1)
    assert seats(slot) == (3, 0)


@pytest.mark.parametrize("party_size", [0, 5])
def test_party_size_within_the_activitys_maximum(slot, visitor, party_size):
    assert slot.activity.max_party_size == 4
    with pytest.raises(InvalidParty):
        services.book_slot(slot, visitor=visitor, party_size=party_size)
    assert seats(slot) == (0, 0)


def test_party_maximum_is_per_activity(edition, visitor):
    slot = make_slot(ActivityFactory(edition=edition, max_party_size=6))
    services.book_slot(slot, visitor=visitor, party_size=6)
    assert seats(slot) == (6, 0)


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        (Activity.BookingMode.DROP_IN, "L'ingresso è libero: non serve prenotare."),
        (
            Activity.BookingMode.BALLOT,
            "I posti di questa attività si assegnano per sorteggio: partecipate al sorteggio.",
        ),
    ],
)
def test_drop_in_and_ballot_activities_cannot_be_booked(edition, visitor, mode, message):
    slot = make_slot(ActivityFactory(edition=edition, booking_mode=mode))
    with pytest.raises(NotBookable) as error:
        services.book_slot(slot, visitor=visitor, party_size=1)
    assert str(error.value) == message
    assert seats(slot) == (0, 0)


def test_cancelled_activity_or_slot_cannot_be_booked(edition, visitor):
    cancelled_activity = ActivityFactory(edition=edition, status=Activity.Status.CANCELLED)
    with pytest.raises(NotBookable):
        services.book_slot(make_slot(cancelled_activity), visitor=visitor, party_size=1)
    slot = make_slot(ActivityFactory(edition=edition), cancelled_at=timezone.now())
    with pytest.raises(NotBookable):
        services.book_slot(slot, visitor=visitor, party_size=1)


def test_booking_only_while_registration_is_open(visitor):
    before = PhasedEditionFactory(programme=True)
    slot = make_slot(ActivityFactory(edition=before))
    with pytest.raises(RegistrationClosed) as error:
        services.book_slot(slot, visitor=visitor, party_size=1)
    assert str(error.value).startswith("Le prenotazioni aprono il ")
    before.is_current = False
    before.save()

    after = EditionFactory(
        registration_opens=in_minutes(-3 * 24 * 60),
        registration_closes=in_minutes(-60),
    )
    slot = make_slot(ActivityFactory(edition=after))
    with pytest.raises(RegistrationClosed) as error:
        services.book_slot(slot, visitor=visitor, party_size=1)
    assert str(error.value) == after.booking_window_at(timezone.now()).reason
    assert str(error.value).startswith("Le prenotazioni per questa edizione si sono chiuse il ")


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


def test_bookings_close_before_the_slot(visitor, settings):
    activity = ActivityFactory(edition=_edition_running_now())
    soon = TimeSlotFactory(activity=activity, starts_at=in_minutes(45), ends_at=in_minutes(105))
    with pytest.raises(BookingClosed) as error:
        services.book_slot(soon, visitor=visitor, party_size=1)
    assert (
        str(error.value) == "Le prenotazioni di questo turno chiudono 60 minuti prima dell'inizio."
    )

    settings.BOOKING_CUTOFF_MINUTES = 30
    services.book_slot(soon, visitor=visitor, party_size=1)
    assert seats(soon) == (1, 0)


def test_the_booking_and_activity_pages_past_the_cutoff_offer_no_form(client, visitor, settings):
    activity = ActivityFactory(edition=_edition_running_now())
    soon = TimeSlotFactory(activity=activity, starts_at=in_minutes(45), ends_at=in_minutes(105))
    client.force_login(visitor)
    url = reverse("bookings:book", args=[soon.pk])

    page = client.get(url).content.decode()
    assert "Le prenotazioni di questo turno chiudono 60 minuti prima dell&#x27;inizio." in page
    assert 'name="party_size"' not in page and activity.get_absolute_url() in page

    # Nor does the activity's page, where its row says bookings are closed.
    activity_page = client.get(activity.get_absolute_url()).content.decode()
    assert f'id="party-{soon.pk}"' not in activity_page
    assert "Prenotazioni chiuse" in activity_page

    settings.BOOKING_CUTOFF_MINUTES = 30  # the same rule: before its cut-off, the form
    assert 'name="party_size"' in client.get(url).content.decode()
    activity_page = client.get(activity.get_absolute_url()).content.decode()
    assert f'id="party-{soon.pk}"' in activity_page
    assert "Prenotazioni chiuse" not in activity_page


def test_with_all_their_bookings_used_the_pages_say_so_instead_of_a_form(
    client, activity, visitor, settings
):
    settings.BOOKINGS_PER_VISITOR = 2
    first, second = (make_slot(sibling(activity), hour=h) for h in (9, 11))
    third = make_slot(activity, hour=13)
    url = reverse("bookings:book", args=[third.pk])
    client.force_login(visitor)
    services.book_slot(first, visitor=visitor, party_size=1)
    assert 'name="party_size"' in client.get(url).text
    services.book_slot(second, visitor=visitor, party_size=1)

    limit = "Potete avere al massimo 2 prenotazioni per questa edizione."
    page = client.get(url).text
    assert 'name="party_size"' not in page and page.count(limit) == 1
    assert reverse("bookings:mine") in page
    refused = client.post(url, {"party_size": 1}, follow=True).text  # a form sent before
    assert refused.count(limit) == 1
    activity_page = client.get(activity.get_absolute_url()).text
    assert f'id="party-{third.pk}"' not in activity_page
    assert activity_page.count(limit) == 1
    assert "Avete raggiunto il numero massimo di prenotazioni per questa edizione." in activity_page
    # A booked slot's own page still says it is booked, with no refusal.
    own = client.get(reverse("bookings:book", args=[first.pk])).text
    assert limit not in own and "Avete già prenotato questo turno" in own


def test_limit_of_bookings_per_visitor_and_edition(activity, visitor, settings):
    settings.BOOKINGS_PER_VISITOR = 2
    first, second, third = (make_slot(sibling(activity), hour=h) for h in (9, 11, 13))
    services.book_slot(first, visitor=visitor, party_size=1)
    services.book_slot(second, visitor=visitor, party_size=1)
    with pytest.raises(BookingLimitReached) as error:
        services.book_slot(third, visitor=visitor, party_size=1)
    assert str(error.value) == "Potete avere al massimo 2 prenotazioni per questa edizione."
    assert seats(third) == (0, 0)
    # A cancelled booking no longer counts.
    services.cancel_booking(Booking.objects.get(slot=first), by=visitor)
    services.book_slot(third, visitor=visitor, party_size=1)


def test_limit_counts_only_the_same_edition(activity, visitor, settings):
    settings.BOOKINGS_PER_VISITOR = 1
    services.book_slot(make_slot(activity), visitor=visitor, party_size=1)
    # A booking made in another edition (written directly: it is not bookable now).
    other = ActivityFactory(edition=EditionFactory(is_current=False))
    Booking.objects.create(slot=make_slot(other), visitor=visitor, party_size=1)
    with pytest.raises(BookingLimitReached):
        services.book_slot(make_slot(sibling(activity), hour=15), visitor=visitor, party_size=1)


def test_overlapping_bookings_at_the_same_site_are_refused(activity, visitor):
    services.book_slot(make_slot(activity, hour=10), visitor=visitor, party_size=1)
    overlapping = make_slot(
        ActivityFactory(
            edition=activity.edition, organisation=activity.organisation, site=activity.site
        ),
        hour=10,
        minute=30,
    )
    with pytest.raises(OverlappingBooking) as error:
        services.book_slot(overlapping, visitor=visitor, party_size=1)
    assert "i due turni si sovrappongono" in str(error.value)
    assert seats(overlapping) == (0, 0)
    # Back to back at the same site is fine: no travel.
    next_one = make_slot(sibling(activity), hour=11)
    services.book_slot(next_one, visitor=visitor, party_size=1)


def test_travel_time_between_sites_counts_as_overlap(edition, visitor, settings):
    settings.TRAVEL_SPEED_KMH = 15
    # Two sites about 7 km apart in Milan: 29 minutes at 15 km/h.
    lambrate = ActivityFactory(edition=edition)
    lambrate.site = site_at(lambrate.organisation, "45.484200", "9.239900")
    lambrate.save()
    tortona = ActivityFactory(edition=edition)
    tortona.site = site_at(tortona.organisation, "45.452500", "9.162200")
    tortona.save()
    assert travel_minutes((45.4842, 9.2399), (45.4525, 9.1622)) == 29

    services.book_slot(make_slot(lambrate, hour=10), visitor=visitor, party_size=1)
    too_close = make_slot(tortona, hour=11, minute=15)  # 15 minutes after the first ends
    with pytest.raises(OverlappingBooking) as error:
        services.book_slot(too_close, visitor=visitor, party_size=1)
    assert "contando 29 minuti per spostarsi" in str(error.value)
    enough = make_slot(tortona, hour=11, minute=30)
    services.book_slot(enough, visitor=visitor, party_size=1)
    assert seats(enough) == (1, 0)

    # A faster speed shortens the buffer.
    settings.TRAVEL_SPEED_KMH = 60
    other = UserFactory()
    services.book_slot(make_slot(lambrate, hour=14), visitor=other, party_size=1)
    services.book_slot(make_slot(tortona, hour=15, minute=10), visitor=other, party_size=1)


def test_hub_activities_are_placed_at_the_hub_venue(edition, visitor, settings):
    settings.TRAVEL_SPEED_KMH = 15
    HubVenueFactory(edition=edition)  # BASE Milano, Zona Tortona
    talk = ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None)
    other_talk = ActivityFactory(edition=edition, kind=ActivityKind.TALK, site=None)
    lambrate = ActivityFactory(edition=edition)  # Via Ventura, Lambrate: 7 km away

    services.book_slot(make_slot(talk, hour=10), visitor=visitor, party_size=1)
    # Back to back at the hub: no travel.
    services.book_slot(make_slot(other_talk, hour=11), visitor=visitor, party_size=1)
    with pytest.raises(OverlappingBooking):
        services.book_slot(make_slot(lambrate, hour=12, minute=10), visitor=visitor, party_size=1)


def test_double_submit_books_once(slot, visitor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.book_slot(slot, visitor=visitor, party_size=2)
        again = services.book_slot(slot, visitor=visitor, party_size=2)
    assert again.pk == first.pk
    assert Booking.objects.filter(visitor=visitor).count() == 1
    assert seats(slot) == (2, 0)
    assert len(mail.outbox) == 1


def test_a_slot_read_full_is_refused_with_one_query_and_no_lock(activity, visitor):
    from django.test.utils import CaptureQueriesContext

    from manifatture.bookings.exceptions import SlotFull
    from manifatture.bookings.queries import get_slot_to_book

    slot = TimeSlotFactory(activity=activity, capacity=2)
    first = services.book_slot(slot, visitor=visitor, party_size=2)
    other = UserFactory()
    full = get_slot_to_book(slot.pk)  # as the booking page reads it
    with CaptureQueriesContext(connection) as captured:
        # The visitor's own submit sent twice still answers with the booking...
        assert services.book_slot(full, visitor=visitor, party_size=2).pk == first.pk
    with CaptureQueriesContext(connection) as refused, pytest.raises(SlotFull):
        # ...and anyone else is refused with one query, locking and writing nothing.
        services.book_slot(full, visitor=other, party_size=1)
    assert len(refused) == 1
    assert "FOR UPDATE" not in refused[0]["sql"]
    assert len(captured) == 2  # the same query, then the booking it named
    assert Booking.objects.filter(slot=slot).count() == 1


def test_a_live_booking_per_visitor_and_slot_is_a_database_rule(slot, visitor):
    from django.db import IntegrityError, transaction

    Booking.objects.create(slot=slot, visitor=visitor, party_size=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slot, visitor=visitor, party_size=1)


def test_counters_cannot_exceed_capacity_in_the_database(slot):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TimeSlot.objects.filter(pk=slot.pk).update(seats_taken=11)


def test_seats_are_taken_with_one_conditional_update(slot, visitor, django_assert_num_queries):
    slot_queries = []
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        services.book_slot(slot, visitor=visitor, party_size=1)
    slot_queries = [q["sql"] for q in captured.captured_queries if "UPDATE " in q["sql"][:20]]
    assert len(slot_queries) == 1
    assert '"activities_timeslot"' in slot_queries[0]
    # The condition is the places left every page shows, compared with the
    # party (a value sent apart: the statement is prepared, statements.cursor).
    assert re.search(r"LEAST\(.*>= %s.*PARAMS = \(.*\b1\b", slot_queries[0])


# Groups and schools -----------------------------------------------------------------


@pytest.fixture
def school_activity(edition):
    return ActivityFactory(edition=edition, max_group_size=25)


def test_group_leader_books_for_a_named_group(school_activity, visitor):
    slot = make_slot(school_activity, capacity=30, group_seats=25)
    booking = services.book_slot(
        slot,
        visitor=visitor,
        party_size=25,
        kind=Booking.Kind.GROUP,
        group_name=" Liceo Artistico Brera, 3A ",
    )
    assert (booking.kind, booking.group_name, booking.party_size) == (
        "group",
        "Liceo Artistico Brera, 3A",
        25,
    )
    assert seats(slot) == (25, 25)


def test_group_needs_a_name_and_a_size_within_the_maximum(school_activity, visitor):
    slot = make_slot(school_activity, capacity=40)
    with pytest.raises(InvalidParty) as error:
        services.book_slot(slot, visitor=visitor, party_size=10, kind=Booking.Kind.GROUP)
    assert error.value.field == "group_name"
    with pytest.raises(InvalidParty):
        services.book_slot(
            slot, visitor=visitor, party_size=26, kind=Booking.Kind.GROUP, group_name="Scuola"
        )
    no_groups = make_slot(ActivityFactory(edition=school_activity.edition), capacity=40)
    with pytest.raises(InvalidParty) as error:
        services.book_slot(
            no_groups, visitor=visitor, party_size=5, kind=Booking.Kind.GROUP, group_name="Scuola"
        )
    assert str(error.value) == "Questa attività non accoglie gruppi."


def test_group_seats_are_kept_for_groups(school_activity, visitor):
    slot = make_slot(school_activity, capacity=10, group_seats=4)
    assert places_left(slot) == 6
    fill(slot, 6)
    with pytest.raises(SlotFull):
        services.book_slot(slot, visitor=visitor, party_size=1)
    assert places_left(slot) == 0
    # The four seats set aside are still there for a group.
    services.book_slot(
        slot, visitor=visitor, party_size=4, kind=Booking.Kind.GROUP, group_name="Scout Milano 12"
    )
    assert seats(slot) == (10, 4)


def test_groups_may_use_all_free_seats(school_activity):
    slot = make_slot(school_activity, capacity=10, group_seats=2)
    services.book_slot(
        slot, visitor=UserFactory(), party_size=7, kind=Booking.Kind.GROUP, group_name="Scuola A"
    )
    assert seats(slot) == (7, 7)
    # The reserved seats are used up by the group: individuals get the rest.
    assert places_left(slot) == 3
    fill(slot, 3)
    assert seats(slot) == (10, 7)


@pytest.mark.django_db(transaction=True)
def test_confirmation_is_queued_with_the_booking_and_sent_by_the_worker(slot, visitor, settings):
    from django.core.management import call_command
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "manifatture.operations.queue.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    # A booking rolled back leaves no e-mail behind: the task's row is written
    # in the booking's own transaction.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.book_slot(slot, visitor=visitor, party_size=1)
        raise RuntimeError("rolled back")
    assert DBTaskResult.objects.count() == 0

    booking = services.book_slot(slot, visitor=visitor, party_size=2)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mail.outbox == []
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [[visitor.email]]
    assert booking.ticket_code in mail.outbox[0].body
    assert len(mail.outbox[0].attachments) == 2


def test_places_left_annotation_for_lists(school_activity, django_assert_num_queries):
    from manifatture.bookings.queries import with_places_left

    plain = make_slot(school_activity, capacity=10)
    fill(plain, 4)
    kept = make_slot(school_activity, hour=15, capacity=10, group_seats=3)
    fill(kept, 2)
    with django_assert_num_queries(1):
        rows = {
            s.pk: (s.places_left_now, s.group_places_left_now)
            for s in with_places_left(TimeSlot.objects.filter(activity=school_activity))
        }
    assert rows == {plain.pk: (6, 6), kept.pk: (5, 8)}
    assert places_left(kept) == 5


# The busiest request -------------------------------------------------------------------

# The signature of a field read lazily after its row was loaded with `.only()`:
# one more query per field per request.
_LAZY_EDITION_READ = re.compile(
    r'^SELECT "editions_edition"\."id", "editions_edition"\."\w+" FROM "editions_edition"'
)


@pytest.mark.parametrize("full", [False, True], ids=["booked", "refused"])
def test_a_booking_reads_its_edition_once(client, slot, visitor, full):
    """The booking request loads the slot with its activity and edition in one
    query (bookings.queries.BOOKING_FIELDS): the window, the event days and
    the visitor limits are not read field by field afterwards."""
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    if full:
        fill(slot, slot.capacity)
    client.force_login(visitor)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": 1})
    assert response.status_code == 302  # to my bookings, or (refused) back to the booking page
    lazy = [q["sql"] for q in captured.captured_queries if _LAZY_EDITION_READ.match(q["sql"])]
    assert lazy == []


@pytest.fixture
def production_queue(settings):
    """The task queue of production: django_tasks_db, a table of this database."""
    settings.TASKS = {"default": {"BACKEND": "manifatture.operations.queue.DatabaseBackend"}}


def test_the_booking_request_stays_within_its_queries(
    client, slot, visitor, production_queue, django_assert_max_num_queries
):
    """The busiest request of all: session, user, the slot, the visitor's lock
    and bookings, one statement for the booking row, its e-mail's task row
    (written in the transaction: no outbox row handed over after it) and the
    conditional UPDATE, and the savepoint around them."""
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    client.force_login(visitor)
    with django_assert_max_num_queries(8):
        response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": 1})
    assert response.status_code == 302
    booking = Booking.objects.get(visitor=visitor)
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"booking_id": booking.pk}


def test_a_refused_booking_request_stays_within_its_queries(
    client, slot, visitor, production_queue, django_assert_max_num_queries
):
    """A refusal in the rush (the slot full) is a redirect back to the booking
    page, not the page itself: the booking's queries and the two that tell a
    full slot from an undrawn ballot and a pending offer."""
    from django.urls import reverse

    fill(slot, slot.capacity)
    client.force_login(visitor)
    with django_assert_max_num_queries(11):
        response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": 1})
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:book", args=[slot.pk]) + "?persone=1"
    assert not Booking.objects.filter(visitor=visitor).exists()


def test_on_the_production_queue_the_booking_its_email_and_seats_are_one_statement(
    slot, visitor, production_queue
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    with CaptureQueriesContext(connection) as statements:
        booking = services.book_slot(slot, visitor=visitor, party_size=2)
    writes = [q["sql"] for q in statements if "INSERT INTO" in q["sql"] or 'UPDATE "' in q["sql"]]
    assert len(writes) == 1 and "WITH booking AS (INSERT" in writes[0]
    assert Booking.objects.get().pk == booking.pk
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [], "kwargs": {"booking_id": booking.pk}}
    assert (task.status, task.task_path) == (
        "READY",
        "manifatture.bookings.tasks.send_booking_confirmation",
    )
    assert seats(slot) == (2, 0)
    # The instance is the saved row, as after save().
    assert not booking._state.adding and booking.ticket_code


def test_on_the_production_queue_seats_gone_since_the_read_leave_no_booking_nor_email(
    slot, visitor, production_queue
):
    from django_tasks_db.models import DBTaskResult

    read = TimeSlot.objects.select_related("activity__edition", "activity__site").get(pk=slot.pk)
    fill(slot, slot.capacity)  # by others, after this request read the slot
    queued = DBTaskResult.objects.count()
    with pytest.raises(SlotFull):
        services.book_slot(read, visitor=visitor, party_size=1)
    assert not Booking.objects.filter(visitor=visitor).exists()
    assert DBTaskResult.objects.count() == queued == slot.capacity
    assert seats(slot) == (slot.capacity, 0)
