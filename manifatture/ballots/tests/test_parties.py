"""Households and school classes in the ballot: each choice is for a whole
party, a class may use the seats kept for groups, and the draw books or puts
on the waiting list the party whole."""

import pytest

from manifatture.accounts.tests.factories import UserFactory
from manifatture.ballots import services
from manifatture.ballots.exceptions import InvalidChoice
from manifatture.ballots.models import BallotEntry
from manifatture.bookings.models import Booking, WaitingListEntry

from .conftest import balloted_activity, make_slot
from .factories import BallotEntryFactory

pytestmark = pytest.mark.django_db


def test_a_teacher_enters_the_ballot_for_a_class(ballot, visitor):
    visit = balloted_activity(ballot, max_party_size=4, max_group_size=25)
    slot = make_slot(visit, capacity=40, group_seats=25)
    [entry] = services.save_choices(
        ballot,
        visitor=visitor,
        choices=[services.Choice(slot=slot, party_size=24)],
        group_name="  Scuola primaria Pizzigoni, 4C ",
    )
    assert (entry.kind, entry.group_name, entry.party_size) == (
        Booking.Kind.GROUP,
        "Scuola primaria Pizzigoni, 4C",
        24,
    )
    with pytest.raises(InvalidChoice):  # a household of 24 is not a household
        services.save_choices(
            ballot, visitor=visitor, choices=[services.Choice(slot=slot, party_size=24)]
        )
    other = balloted_activity(ballot, max_group_size=0)
    with pytest.raises(InvalidChoice):
        services.save_choices(
            ballot,
            visitor=visitor,
            choices=[services.Choice(slot=make_slot(other, hour=15), party_size=10)],
            group_name="4C",
        )


def test_the_draw_books_a_class_whole_in_the_seats_kept_for_groups(closed_ballot, staff):
    visit = balloted_activity(closed_ballot, max_party_size=4, max_group_size=25)
    slot = make_slot(visit, capacity=30, group_seats=22)
    teacher, other_teacher = UserFactory(), UserFactory()
    BallotEntryFactory(
        ballot=closed_ballot,
        visitor=teacher,
        slot=slot,
        party_size=24,
        kind=Booking.Kind.GROUP,
        group_name="4C",
    )
    BallotEntryFactory(
        ballot=closed_ballot,
        visitor=other_teacher,
        slot=slot,
        party_size=20,
        kind=Booking.Kind.GROUP,
        group_name="5A",
    )
    families = UserFactory.create_batch(3)
    for family in families:
        BallotEntryFactory(ballot=closed_ballot, visitor=family, slot=slot, party_size=4)

    services.run_draw(closed_ballot, by=staff, seed=11)
    slot.refresh_from_db()
    assert slot.seats_taken <= slot.capacity
    groups = Booking.objects.filter(slot=slot, kind=Booking.Kind.GROUP)
    # One class fits (the 22 kept for groups and some more), never both, never part of one.
    assert groups.count() == 1
    [won] = groups
    assert won.party_size in (24, 20) and won.group_name in ("4C", "5A")
    loser = BallotEntry.objects.get(slot=slot, kind=Booking.Kind.GROUP, booking__isnull=True)
    assert loser.result == BallotEntry.Result.WAITING
    waiting = WaitingListEntry.objects.get(visitor=loser.visitor)
    assert (waiting.kind, waiting.party_size, waiting.group_name) == (
        Booking.Kind.GROUP,
        loser.party_size,
        loser.group_name,
    )
    households = Booking.objects.filter(slot=slot, kind=Booking.Kind.INDIVIDUAL)
    assert all(booking.party_size == 4 for booking in households)
    assert slot.seats_taken == won.party_size + 4 * households.count()


def test_the_choices_page_enters_a_class(client, ballot, visitor):
    from django.urls import reverse

    visit = balloted_activity(ballot, max_party_size=4, max_group_size=25)
    slot = make_slot(visit, capacity=40, group_seats=25)
    client.force_login(visitor)
    url = reverse("ballots:enter", args=[ballot.pk])
    data = {"slot_1": slot.pk, "party_size_1": 22, "as_group": "on", "group_name": ""}
    page = client.post(url, data)
    assert page.status_code == 200
    assert page.context["form"].errors["group_name"]
    assert not BallotEntry.objects.exists()
    client.post(url, {**data, "group_name": "IC Cadorna, 5A"})
    entry = BallotEntry.objects.get(visitor=visitor)
    assert (entry.kind, entry.group_name, entry.party_size) == (
        Booking.Kind.GROUP,
        "IC Cadorna, 5A",
        22,
    )
    # Back on the page, the form says it is a class's.
    form = client.get(url).context["form"]
    assert form.initial["as_group"] is True and form.initial["group_name"] == "IC Cadorna, 5A"
