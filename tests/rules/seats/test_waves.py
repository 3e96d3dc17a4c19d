"""Places released in phases: each wave releases exactly its share of a slot's
places (rounded down cumulatively, so the waves add up to the whole), through
the one seat arithmetic that pages and bookings read; a wave's new seats go
first to the waiting list, in order of joining, then to everyone."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities import services as activity_services
from manifatture.activities.models import ReleaseWave, TimeSlot, seats_on_sale
from manifatture.activities.queries import next_release, released_percent
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services, waves
from manifatture.bookings.exceptions import InvalidWaves, NotAllowed, SlotFull
from manifatture.bookings.models import WaitingListEntry
from manifatture.bookings.queries import places_left
from manifatture.bookings.tests.conftest import fill, make_slot

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# The arithmetic ---------------------------------------------------------------------


@st.composite
def shares(draw):
    """Wave shares in % adding up to 100 (1 to 6 waves)."""
    cuts = sorted(draw(st.sets(st.integers(1, 99), max_size=5)))
    bounds = [0, *cuts, 100]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


@given(
    capacity=st.integers(1, 2_000),
    allowance=st.integers(0, 300),
    parts=shares(),
)
def test_waves_release_exactly_their_share_and_add_up_to_the_whole(capacity, allowance, parts):
    total = capacity + allowance
    released, before = 0, 0
    for share in parts:
        released += share
        now = seats_on_sale(capacity, allowance, released)
        step = now - before
        exact = total * share / 100
        # Never more than one seat off the wave's exact share, never backwards.
        assert int(exact) - 1 <= step <= int(exact) + 1
        assert step >= 0
        # What is out never passes the released share of the places.
        assert now <= total * released / 100
        before = now
    assert before == total


@pytest.mark.parametrize(
    ("capacity", "released"),
    [(7, [0, 4, 5, 7]), (10, [0, 6, 8, 10]), (1, [0, 0, 0, 1]), (3, [0, 1, 2, 3])],
)
def test_rounding_of_60_25_15_for_small_slots(capacity, released):
    assert [seats_on_sale(capacity, 0, p) for p in (0, 60, 85, 100)] == released


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    capacity=st.integers(1, 500),
    allowance=st.integers(0, 60),
    percent=st.integers(0, 100),
    taken=st.integers(0, 560),
)
def test_the_database_computes_the_same_places_as_the_pages(
    edition_for_properties, capacity, allowance, percent, taken
):
    taken = min(taken, capacity + allowance)
    slot = edition_for_properties
    TimeSlot.objects.filter(pk=slot.pk).update(
        capacity=capacity,
        safety_limit=capacity + allowance,
        booking_allowance=allowance,
        released_percent=percent,
        seats_taken=taken,
    )
    row = TimeSlot.objects.with_places_left().get(pk=slot.pk)
    expected = max(0, seats_on_sale(capacity, allowance, percent) - taken)
    assert row.places_left == row.places_left_now == expected


@pytest.fixture
def edition_for_properties(activity):
    return make_slot(activity, capacity=10, safety_limit=20)


# Defining and releasing waves -------------------------------------------------------


def three_waves(now):
    """60% a few days ago (registration opened), 25% in two days, 15% in five."""
    return [(now - 5 * DAY, 60), (now + 2 * DAY, 25), (now + 5 * DAY, 15)]


def test_only_city_staff_define_waves(edition, host):
    with pytest.raises(NotAllowed):
        waves.define_release_waves(edition, waves=three_waves(timezone.now()), by=host)
    assert not ReleaseWave.objects.exists()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ([60, 25], "sommano al 85%"),
        ([60, 50], "sommano al 110%"),
        ([0, 100], "da 1 a 100 per cento"),
    ],
)
def test_waves_must_add_up_to_the_whole(edition, staff, parts, message):
    now = timezone.now()
    with pytest.raises(InvalidWaves) as caught:
        waves.define_release_waves(
            edition, waves=[(now + n * DAY, p) for n, p in enumerate(parts)], by=staff
        )
    assert message in str(caught.value.message)
    assert not ReleaseWave.objects.exists()


def test_a_wave_after_registration_closes_is_refused(edition, staff):
    late = edition.registration_closes + DAY
    with pytest.raises(InvalidWaves):
        waves.define_release_waves(edition, waves=[(timezone.now(), 50), (late, 50)], by=staff)


def test_the_first_wave_is_out_at_once_and_the_next_is_announced(edition, activity, staff):
    slot = make_slot(activity, capacity=10)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    assert places_left(slot) == 6
    assert released_percent(activity) == 60
    upcoming = next_release(activity)
    assert upcoming.share_percent == 25 and upcoming.opens_at == now + 2 * DAY


def test_bookings_stop_at_the_released_share(edition, activity, staff, visitor):
    slot = make_slot(activity, capacity=10)
    waves.define_release_waves(edition, waves=three_waves(timezone.now()), by=staff)
    fill(slot, 6)
    with pytest.raises(SlotFull):
        services.book_slot(slot, visitor=visitor, party_size=1)
    slot.refresh_from_db()
    assert slot.seats_taken == 6


def test_a_new_wave_serves_the_waiting_list_first_in_order_then_everyone(
    edition, activity, staff, visitor
):
    slot = make_slot(activity, capacity=10)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    fill(slot, 6)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    entries = [
        services.join_waiting_list(slot, visitor=person, party_size=size)
        for person, size in [(first, 2), (second, 3), (third, 1)]
    ]
    # Before its minute nothing moves.
    assert waves.release_due_waves(now + 2 * DAY - datetime.timedelta(minutes=1)) == 0
    assert places_left(slot) == 0

    assert waves.release_due_waves(now + 2 * DAY) == 1

    # 85% of 10 is 8: two new seats; the first in line (2) is offered them, the
    # others wait for the next wave and nobody else can take them.
    statuses = [WaitingListEntry.objects.get(pk=e.pk).status for e in entries]
    assert statuses == ["offered", "waiting", "waiting"]
    assert places_left(slot) == 0
    with pytest.raises(SlotFull):
        services.book_slot(slot, visitor=visitor, party_size=1)

    assert waves.release_due_waves(now + 5 * DAY) == 1
    # Two more: the second (3) does not fit, the third (1) does; one left for all.
    statuses = [WaitingListEntry.objects.get(pk=e.pk).status for e in entries]
    assert statuses == ["offered", "waiting", "offered"]
    assert places_left(slot) == 1
    assert services.book_slot(slot, visitor=visitor, party_size=1).party_size == 1
    slot.refresh_from_db()
    assert slot.released_percent == 100 and slot.seats_taken == 10


def test_a_wave_is_released_once(edition, activity, staff):
    make_slot(activity, capacity=10)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    assert waves.release_due_waves(now + 3 * DAY) == 1
    assert waves.release_due_waves(now + 3 * DAY) == 0
    assert released_percent(activity) == 85


def test_an_activity_with_its_own_waves_does_not_follow_the_editions(edition, activity, staff):
    other = ActivityFactory(edition=edition)
    mine, theirs = make_slot(activity, capacity=20), make_slot(other, capacity=20)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    waves.define_release_waves(
        edition, activity=activity, waves=[(now - DAY, 50), (now + DAY, 50)], by=staff
    )
    assert (places_left(mine), places_left(theirs)) == (10, 12)
    waves.release_due_waves(now + 2 * DAY)  # the edition's 25% and the activity's 50%
    assert (places_left(mine), places_left(theirs)) == (20, 17)


def test_an_activity_without_its_own_waves_follows_the_editions_again(edition, activity, staff):
    slot = make_slot(activity, capacity=20)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    waves.define_release_waves(
        edition, activity=activity, waves=[(now + DAY, 50), (now + 2 * DAY, 50)], by=staff
    )
    assert places_left(slot) == 0
    waves.define_release_waves(edition, activity=activity, waves=[], by=staff)
    assert places_left(slot) == 12


def test_a_slot_added_later_starts_with_the_share_released_so_far(edition, activity, staff):
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    start = make_slot(activity, capacity=1).starts_at + datetime.timedelta(hours=3)
    slot = activity_services.add_slot(
        activity, starts_at=start, ends_at=start + datetime.timedelta(hours=1), capacity=20
    )
    assert slot.released_percent == 60 and places_left(slot) == 12


def test_released_waves_stay_when_the_rest_is_redefined(edition, activity, staff):
    slot = make_slot(activity, capacity=10)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    with pytest.raises(InvalidWaves):
        waves.define_release_waves(edition, waves=[(now + DAY, 50)], by=staff)
    waves.define_release_waves(edition, waves=[(now + DAY, 40)], by=staff)
    assert list(ReleaseWave.objects.values_list("share_percent", flat=True)) == [60, 40]
    assert places_left(slot) == 6


def test_the_database_refuses_a_share_outside_0_to_100(activity):
    slot = make_slot(activity, capacity=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeSlot.objects.filter(pk=slot.pk).update(released_percent=101)


def test_the_pages_say_when_more_places_come(client, edition, activity, staff, visitor):
    slot = make_slot(activity, capacity=10)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    fill(slot, 6)
    day = timezone.localtime(now + 2 * DAY)
    expected = f"Altri posti dal {day.day} "
    page = client.get(activity.get_absolute_url())
    assert expected in page.content.decode()
    client.force_login(visitor)
    booking_page = client.get(reverse("bookings:book", kwargs={"pk": slot.pk}))
    text = booking_page.content.decode()
    assert expected in text
    assert "Posti esauriti per ora" in text
    programme = client.get(reverse("activities:programme"))
    assert "Altri posti dal" in programme.content.decode()


# The staff page ---------------------------------------------------------------------


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_staff_define_the_editions_waves_on_their_page(client, edition, activity, staff):
    slot = make_slot(activity, capacity=10)
    client.force_login(staff)
    now = timezone.now().replace(second=0, microsecond=0)
    data = {
        "opens_at_1": _local(now - DAY),
        "share_1": 60,
        "opens_at_2": _local(now + 2 * DAY),
        "share_2": 25,
        "opens_at_3": _local(now + 5 * DAY),
        "share_3": 15,
    }
    answer = client.post(reverse("bookings:staff_waves"), data)
    assert answer.status_code == 302
    assert list(ReleaseWave.objects.values_list("share_percent", flat=True)) == [60, 25, 15]
    assert places_left(slot) == 6
    page = client.get(reverse("bookings:staff_waves")).content.decode()
    assert "Rilasciata il" in page and "Annunciata" in page


def test_the_staff_page_says_what_is_wrong(client, edition, activity, staff):
    client.force_login(staff)
    now = timezone.now()
    data = {"opens_at_1": _local(now + DAY), "share_1": 60, "share_2": 30}
    page = client.post(reverse("bookings:staff_waves"), data).content.decode()
    assert "Indicate quando apre l&#x27;ondata." in page
    data["opens_at_2"] = _local(now + 2 * DAY)
    page = client.post(reverse("bookings:staff_waves"), data).content.decode()
    assert "ora sommano al 90%" in page
    assert not ReleaseWave.objects.exists()


def test_the_staff_page_shows_the_released_share_the_new_waves_complete(
    client, edition, activity, staff
):
    """The form takes only the waves still to come; the released ones count
    in the 100%: the page says how much they opened, and so does a refusal."""
    now = timezone.now().replace(second=0, microsecond=0)
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)  # 60% out
    client.force_login(staff)
    page = client.get(reverse("bookings:staff_waves")).content.decode()
    assert (
        "Tutte le attività: già rilasciato il 60% dei posti, le nuove ondate ne aprono il 40%."
        in page
    )
    data = {
        "opens_at_1": _local(now + DAY),
        "share_1": 60,
        "opens_at_2": _local(now + 2 * DAY),
        "share_2": 40,
    }
    page = client.post(reverse("bookings:staff_waves"), data).content.decode()
    assert (
        "Le ondate già rilasciate hanno aperto il 60% dei posti: le nuove devono sommare "
        "al 40%, ora sommano al 100%." in page
    )
    with translation.override("en"):
        english = client.get(reverse("bookings:staff_waves")).content.decode()
    assert "All activities: 60% of the places already released, new waves open 40%." in english


def test_the_cached_programme_shows_a_released_wave_at_the_next_request(
    client, edition, activity, staff
):
    slot = make_slot(activity, capacity=10)
    now = timezone.now()
    waves.define_release_waves(edition, waves=three_waves(now), by=staff)
    url = reverse("activities:programme")
    before = client.get(url).content.decode()
    assert "6 posti liberi" in before and "Altri posti dal" in before
    assert waves.release_due_waves(now + 5 * DAY) == 2
    after = client.get(url).content.decode()
    assert places_left(slot) == 10
    assert "10 posti liberi" in after and "Altri posti dal" not in after
