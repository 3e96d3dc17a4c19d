"""Expected attendance from past no-shows: the smoothed rate, the suggested
allowance within the safety limit, and the hosts' and staff's slot list that
shows both and applies the suggestion."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings.tests.factories import BookingFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory
from manifatture.tickets import attendance

from .conftest import make_slot

pytestmark = pytest.mark.django_db


def history(edition_year: int, *, kind: str, hour: int, seats: int, no_shows: int, category=None):
    """A past edition's slot whose `seats` booked people came, but `no_shows`."""
    past = EditionFactory(year=edition_year, is_current=False)
    organisation_fields = {"organisation__category": category} if category else {}
    if kind == "talk":
        organisation_fields["site"] = None  # talks are at the hub
    activity = ActivityFactory(edition=past, kind=kind, **organisation_fields)
    start = datetime.datetime.combine(
        past.event_start, datetime.time(hour, 0), tzinfo=timezone.get_default_timezone()
    )
    slot = TimeSlotFactory(
        activity=activity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        capacity=seats,
    )
    for n in range(seats):
        absent = n < no_shows
        BookingFactory(slot=slot, no_show=absent, checked_in_at=None if absent else start)
    return slot


def test_smoothing_pulls_small_samples_toward_the_parent_rate():
    assert attendance.smooth(0, 0, 0.2) == pytest.approx(0.2)
    assert attendance.smooth(5, 10, 0.2, prior=30) == pytest.approx((5 + 6) / 40)
    # Many seats: close to their own rate.
    assert attendance.smooth(500, 1000, 0.2, prior=30) == pytest.approx(0.4913, abs=1e-3)


@pytest.mark.parametrize(
    ("capacity", "rate", "limit", "suggested"),
    [
        (20, 0.2, 40, 5),  # 25 bookings, 20 expected
        (20, 0.2, 23, 3),  # the safety limit caps it
        (20, 0.2, None, None),  # no limit: no allowance
        (10, 0.0, 20, 0),
        (10, 0.9, 40, 5),  # never more than half the tour size
    ],
)
def test_the_suggested_allowance(capacity, rate, limit, suggested):
    assert attendance.suggested_allowance(capacity, rate, limit) == suggested


def test_the_rate_comes_from_past_editions_only_and_by_cell(edition):
    # 2019: evening talks often skipped (30 of 60), morning visits rarely (6 of 120).
    evening = history(2019, kind="talk", hour=20, seats=60, no_shows=30)
    history(2019, kind="guided_visit", hour=10, seats=120, no_shows=6)
    # This edition's own no-shows are not history.
    BookingFactory(slot=TimeSlotFactory(activity=ActivityFactory(edition=edition)), no_show=True)
    model = attendance.learn_no_shows(edition)
    assert model.seats == 180 and model.overall == pytest.approx(36 / 180)
    assert model.years == [2019]
    talk = TimeSlotFactory(
        activity=ActivityFactory(
            edition=edition, kind="talk", organisation=evening.activity.organisation, site=None
        )
    )
    visit = TimeSlotFactory(activity=ActivityFactory(edition=edition, kind="guided_visit"))
    talk_rate = model.rate(attendance.cell_of(talk))
    visit_rate = model.rate(attendance.cell_of(visit))
    # Each kind leans to its own rate, shrunk toward the overall 20%.
    assert 0.2 < talk_rate < 0.5
    assert 0.03 < visit_rate < 0.2
    # A kind never seen gets the overall rate.
    workshop = TimeSlotFactory(activity=ActivityFactory(edition=edition, kind="workshop"))
    assert model.rate(attendance.cell_of(workshop)) == pytest.approx(0.2)


def test_no_history_no_estimate(edition):
    slot = TimeSlotFactory(activity=ActivityFactory(edition=edition))
    model = attendance.learn_no_shows(edition)
    assert model.overall is None
    assert attendance.estimate(model, slot, booked=5) is None


def test_the_host_sees_expected_attendance_and_applies_the_suggestion(client, host, edition):
    history(2019, kind="guided_visit", hour=10, seats=100, no_shows=20)
    AcceptedApplicationFactory(edition=edition, organisation=host.organisation)
    slot = make_slot(host, edition, starts_in=datetime.timedelta(days=2))
    slot.safety_limit = 30
    slot.save(update_fields=["safety_limit"])
    for _n in range(10):
        BookingFactory(slot=slot)
    client.force_login(host.user)
    page = client.get(reverse("tickets:host_slots"))
    text = page.content.decode()
    model = attendance.learn_no_shows(edition)
    estimate = attendance.estimate(model, slot, booked=10)
    assert estimate.expected < 10 and estimate.suggested_allowance > 0
    assert "Presenze stimate" in text and "Attesi" not in text
    assert f'{estimate.expected} <span class="small">({estimate.no_show_percent}%' in text
    assert "nelle edizioni 2019" in text
    answer = client.post(
        reverse("tickets:booking_allowance", kwargs={"pk": slot.pk}),
        {"booking_allowance": estimate.suggested_allowance},
    )
    assert answer.status_code == 302
    slot.refresh_from_db()
    assert slot.booking_allowance == estimate.suggested_allowance
    assert slot.places_left == 15 + estimate.suggested_allowance - 10


def test_an_allowance_past_the_safety_limit_is_refused_on_the_page(client, host, edition):
    AcceptedApplicationFactory(edition=edition, organisation=host.organisation)
    slot = make_slot(host, edition, starts_in=datetime.timedelta(days=2))
    slot.safety_limit = 16
    slot.save(update_fields=["safety_limit"])
    client.force_login(host.user)
    answer = client.post(
        reverse("tickets:booking_allowance", kwargs={"pk": slot.pk}),
        {"booking_allowance": 5},
        follow=True,
    )
    assert "al massimo 1" in answer.content.decode()
    slot.refresh_from_db()
    assert slot.booking_allowance == 0


def test_categories_are_part_of_the_cell(edition):
    history(2019, kind="guided_visit", hour=10, seats=300, no_shows=150, category="fablab")
    history(2018, kind="guided_visit", hour=10, seats=300, no_shows=0, category="atelier")
    model = attendance.learn_no_shows(edition)
    fablab = TimeSlotFactory(
        activity=ActivityFactory(edition=edition, organisation__category="fablab")
    )
    atelier = TimeSlotFactory(
        activity=ActivityFactory(edition=edition, organisation__category="atelier")
    )
    assert model.rate(attendance.cell_of(fablab)) > 0.4
    assert model.rate(attendance.cell_of(atelier)) < 0.1
