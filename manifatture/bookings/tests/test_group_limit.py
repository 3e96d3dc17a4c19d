"""One account cannot take a programme's seats group after group: at most
GROUP_BOOKINGS_PER_VISITOR group bookings per edition (config/settings.py).

Regression: group bookings only counted in the general limit of bookings, so
one account could hold the seats of six slots with groups of the activity's
largest size.
"""

import pytest
from django.conf import settings as project_settings
from django.urls import reverse
from django.utils import translation

from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services
from manifatture.bookings.exceptions import BookingLimitReached
from manifatture.bookings.models import Booking

from .conftest import make_slot, sibling

pytestmark = pytest.mark.django_db


@pytest.fixture
def slots(edition):
    activity = ActivityFactory(edition=edition, max_group_size=25)
    return [
        make_slot(sibling(activity), hour=hour, capacity=30, group_seats=25)
        for hour in (9, 11, 13, 15)
    ]


def book_group(slot, visitor, name="Istituto Feltrinelli"):
    return services.book_slot(
        slot, visitor=visitor, party_size=25, kind=Booking.Kind.GROUP, group_name=name
    )


def test_the_default_is_three_groups_an_edition():
    assert project_settings.GROUP_BOOKINGS_PER_VISITOR == 3
    assert services.groups_per_visitor() == 3


def test_one_account_books_at_most_the_set_number_of_groups(slots, visitor, settings):
    settings.GROUP_BOOKINGS_PER_VISITOR = 2
    first = book_group(slots[0], visitor)
    book_group(slots[1], visitor)
    with pytest.raises(BookingLimitReached) as error:
        book_group(slots[2], visitor)
    assert str(error.value) == (
        "Potete prenotare al massimo 2 gruppi per questa edizione: per altri gruppi scrivete "
        "all'organizzazione dell'evento."
    )
    slots[2].refresh_from_db()
    assert slots[2].seats_taken == 0
    # Booking for oneself is still allowed (within the general limit) ...
    assert services.book_slot(slots[2], visitor=visitor, party_size=2).kind == "individual"
    # ... and a cancelled group frees its place in the count.
    services.cancel_booking(first, by=visitor)
    assert book_group(slots[3], visitor).kind == "group"


def test_the_refusal_is_translated_and_shown_on_the_group_form(client, slots, visitor, settings):
    settings.GROUP_BOOKINGS_PER_VISITOR = 1
    book_group(slots[0], visitor)
    with translation.override("en"), pytest.raises(BookingLimitReached) as error:
        book_group(slots[1], visitor)
    assert str(error.value) == (
        "You can book at most 1 group for this edition: for more groups, write to the "
        "event's organisers."
    )
    client.force_login(visitor)
    page = client.post(
        reverse("bookings:book_group", args=[slots[1].pk]),
        {"party_size": "20", "group_name": "Liceo Volta"},
    )
    assert page.status_code == 200
    assert "Potete prenotare al massimo 1 gruppo per questa edizione" in page.text
    assert not Booking.objects.filter(slot=slots[1]).exists()
