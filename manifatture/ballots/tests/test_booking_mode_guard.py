"""The ballot decides how a balloted activity's places are given.

Regression: a host could take its activity out of the staff's ballot by
posting `booking_mode=booking` on its own activity form, and visitors then
booked first-come the places meant for the draw.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities import services as activity_services
from manifatture.activities.exceptions import BallotModeReserved, BookingModeLocked
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.tests.conftest import make_host
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.ballots import services
from manifatture.ballots.models import BallotEntry
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import NotBookable
from manifatture.bookings.models import Booking
from manifatture.editions.tests.factories import PhasedEditionFactory

from .conftest import make_slot
from .factories import BallotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """Visitor registration is open: only the ballot keeps visitors from booking."""
    return PhasedEditionFactory(registration=True)


@pytest.fixture
def host(edition):
    return make_host(edition)


@pytest.fixture
def balloted(edition, host, staff):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    services.add_ballot_activity(BallotFactory(edition=edition), by=staff, activity=activity)
    return activity


def form_data(activity, **overrides) -> dict:
    return {
        "kind": activity.kind,
        "title_it": activity.title_it,
        "description_it": activity.description_it,
        "site": activity.site_id,
        "languages": ["it"],
        "audience": activity.audience,
        "min_age": "0",
        "duration_minutes": str(activity.duration_minutes),
        "max_party_size": "4",
        "max_group_size": "0",
        **overrides,
    }


def test_the_host_form_cannot_take_an_activity_out_of_the_ballot(client, host, balloted):
    client.force_login(host.user)
    url = reverse("activities:activity_edit", kwargs={"pk": balloted.pk})
    page = client.get(url)
    assert page.context["form"].fields["booking_mode"].disabled
    client.post(url, form_data(balloted, booking_mode="booking", title_it="Fonderia aperta"))
    balloted.refresh_from_db()
    # The other changes are saved; the booking mode is the ballot's.
    assert (balloted.title_it, balloted.booking_mode) == ("Fonderia aperta", "ballot")


def test_the_service_refuses_a_change_of_mode_while_in_the_ballot(balloted):
    with pytest.raises(BookingModeLocked) as error:
        activity_services.update_activity(balloted, booking_mode=Activity.BookingMode.DROP_IN)
    assert error.value.field == "booking_mode"
    balloted.refresh_from_db()
    assert balloted.booking_mode == Activity.BookingMode.BALLOT


def test_only_the_ballot_puts_an_activity_in_ballot_mode(client, edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    with pytest.raises(BallotModeReserved):
        activity_services.update_activity(activity, booking_mode=Activity.BookingMode.BALLOT)
    with pytest.raises(BallotModeReserved):
        activity_services.create_activity(
            host.organisation,
            edition=edition,
            by=host.user,
            kind=activity.kind,
            title_it="Altra visita",
            description_it="Descrizione.",
            site=host.site,
            duration_minutes=60,
            booking_mode=Activity.BookingMode.BALLOT,
        )
    client.force_login(host.user)
    url = reverse("activities:activity_edit", kwargs={"pk": activity.pk})
    page = client.post(url, form_data(activity, booking_mode="ballot"))
    assert "booking_mode" in page.context["form"].errors
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BOOKING


def test_a_balloted_activity_refuses_direct_booking_until_drawn_whatever_its_mode(balloted, staff):
    slot = make_slot(balloted, capacity=4)
    # A writer that skipped the services (a script, a data fix) set the mode back.
    Activity.objects.filter(pk=balloted.pk).update(booking_mode=Activity.BookingMode.BOOKING)
    visitor = UserFactory()
    with pytest.raises(NotBookable) as error:
        booking_services.book_slot(slot, visitor=visitor, party_size=1)
    assert "sorteggio" in str(error.value)
    with pytest.raises(NotBookable):
        booking_services.join_waiting_list(slot, visitor=visitor, party_size=1)
    slot.refresh_from_db()
    assert (slot.seats_taken, Booking.objects.count()) == (0, 0)


def test_after_the_draw_the_places_left_are_booked_as_usual(balloted, staff, edition):
    slot = make_slot(balloted, capacity=4)
    ballot = balloted.ballot_activity.ballot
    winner = UserFactory()
    services.save_choices(
        ballot, visitor=winner, choices=[services.Choice(slot=slot, party_size=2)]
    )
    now = timezone.now()  # the window closes: time to draw
    type(ballot).objects.filter(pk=ballot.pk).update(
        opens_at=now - datetime.timedelta(days=2), closes_at=now - datetime.timedelta(days=1)
    )
    services.run_draw(ballot, by=staff, seed=7)
    assert BallotEntry.objects.get(visitor=winner).result == BallotEntry.Result.WON
    slot = TimeSlot.objects.select_related("activity__edition").get(pk=slot.pk)
    booking = booking_services.book_slot(slot, visitor=UserFactory(), party_size=2)
    assert booking.party_size == 2
