"""Bookings open at a set time: hammering the booking page brings no
advantage. Before the opening no form is offered and a POST gets the same
refusal at any moment; one visitor's rapid POSTs are capped, the rest
answered 429 without touching the database; a script that starts firing
before the opening uses up its own allowance."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings.models import Booking
from manifatture.bookings.tests.conftest import make_slot
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import PhasedEditionFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
MONTHS = (
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
)
MONTHS = MONTHS.split()


def writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def opening_in(edition: Edition, delta: datetime.timedelta) -> None:
    Edition.objects.filter(pk=edition.pk).update(registration_opens=timezone.now() + delta)


@pytest.fixture
def edition():
    return PhasedEditionFactory(registration=True)


@pytest.fixture
def slots(edition):
    # One activity each: a visitor books an activity once (rules._check_one_per_activity).
    return [
        make_slot(ActivityFactory(edition=edition), hour=hour, capacity=20)
        for hour in (9, 11, 13, 15, 17)
    ]


def notice(response) -> str:
    """The page's status notice, the part that answers the visitor."""
    page = response.content.decode()
    return re.search(r'<p class="mb-1 booking-window__reason">(.*?)</p>', page).group(1)


def test_before_the_opening_the_booking_page_offers_no_form(client, edition, slots):
    opening_in(edition, datetime.timedelta(hours=2))
    client.force_login(UserFactory())
    page = client.get(reverse("bookings:book", args=[slots[0].pk])).content.decode()
    assert "Le prenotazioni aprono il" in page
    assert 'method="post"' not in page.split('id="main-content"')[-1]


def test_before_the_opening_a_post_gets_the_same_refusal_at_any_moment(
    client, edition, slots, monkeypatch
):
    opens = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=1)
    Edition.objects.filter(pk=edition.pk).update(registration_opens=opens)
    client.force_login(UserFactory())
    book = reverse("bookings:book", args=[slots[0].pk])
    answers = set()
    for early in (datetime.timedelta(hours=23), datetime.timedelta(seconds=1)):
        monkeypatch.setattr(timezone, "now", lambda early=early: opens - early)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(book, {"party_size": "1"}, follow=True)
        # Sent back to the booking page (the refusal's redirect), which tells why.
        assert response.redirect_chain == [(book + "?persone=1", 302)]
        assert writes(captured) == []
        answers.add(notice(response))
    local = timezone.localtime(opens)
    assert answers == {
        f"Le prenotazioni aprono il {local.day} {MONTHS[local.month - 1]} {local.year} "
        f"alle {local:%H:%M}."
    }
    assert Booking.objects.count() == 0


def test_rapid_posts_of_one_visitor_are_capped_without_database_writes(client, limits, slots):
    """Eight POSTs fired at once: the allowance (3) is processed, the other five
    get 429 before any query that writes."""
    limits(booking=(3, 60))
    visitor = UserFactory()
    client.force_login(visitor)
    statuses = []
    for slot in slots + slots[:3]:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": "1"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert writes(captured) == []
            assert int(response["Retry-After"]) >= 1
    assert statuses == [302, 302, 302, 429, 429, 429, 429, 429]
    assert Booking.objects.filter(visitor=visitor).count() == 3
    # Someone else clicking once is not slowed down by them.
    client.force_login(UserFactory())
    response = client.post(reverse("bookings:book", args=[slots[4].pk]), {"party_size": "1"})
    assert response.status_code == 302


def test_firing_before_the_opening_uses_up_the_allowance(client, clock, limits, edition, slots):
    """A script that starts early is refused, then throttled once bookings open,
    while a visitor who came at the opening books at once."""
    limits(booking=(3, 60))
    opening_in(edition, datetime.timedelta(seconds=30))
    script, person = UserFactory(), UserFactory()
    client.force_login(script)
    book = reverse("bookings:book", args=[slots[0].pk])
    early = [client.post(book, {"party_size": "1"}).status_code for _ in range(5)]
    assert early == [302, 302, 302, 429, 429]  # three refusals (sent back to the page), then 429
    opening_in(edition, -datetime.timedelta(seconds=1))
    clock.advance(30)
    assert client.post(book, {"party_size": "1"}).status_code == 429
    client.force_login(person)
    assert client.post(book, {"party_size": "1"}).status_code == 302
    assert list(Booking.objects.values_list("visitor", flat=True)) == [person.pk]
