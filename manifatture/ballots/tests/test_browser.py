"""The ballot pages in a real Chromium: a visitor enters choices through the
form, staff watch the demand and draw; accessibility (axe) and CSP on each page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.ballots.models import Ballot, BallotEntry
from manifatture.editions.tests.factories import EditionFactory
from tests.browser.support import axe_violations, log_in

from .conftest import balloted_activity, make_slot
from .factories import BallotEntryFactory, BallotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_a_visitor_enters_choices(page, live_server):
    from playwright.sync_api import expect

    ballot = BallotFactory(edition=EditionFactory())
    foundry = balloted_activity(ballot, title_it="Visita alla fonderia")
    morning, afternoon = make_slot(foundry, hour=10), make_slot(foundry, hour=15)
    visitor = UserFactory()

    page.goto(reverse("ballots:current"))
    expect(page.locator("h3")).to_have_text(["Visita alla fonderia"])
    check(page)

    log_in(page, live_server, visitor)
    page.goto(reverse("ballots:enter", args=[ballot.pk]))
    check(page)
    page.select_option("#id_slot_1", str(afternoon.pk))
    page.fill("#id_party_size_1", "3")
    page.select_option("#id_slot_2", str(morning.pk))
    page.fill("#id_party_size_2", "9")  # above the activity's maximum of 4
    page.click("text=Salva le preferenze")
    expect(page.locator("#id_party_size_2_error")).to_be_visible()
    assert page.input_value("#id_party_size_1") == "3"
    check(page)

    page.fill("#id_party_size_2", "2")
    page.click("text=Salva le preferenze")
    expect(page.locator("h1")).to_have_text("Le mie preferenze nei sorteggi")
    check(page)
    assert [
        (e.rank, e.slot_id, e.party_size)
        for e in BallotEntry.objects.filter(visitor=visitor).order_by("rank")
    ] == [(1, afternoon.pk, 3), (2, morning.pk, 2)]


def test_staff_pages_before_and_after_the_draw(page, live_server):
    from playwright.sync_api import expect

    ballot = BallotFactory(edition=EditionFactory(), closed=True)
    slot = make_slot(balloted_activity(ballot, title_it="Visita alla fonderia"), capacity=2)
    for person in UserFactory.create_batch(3):
        BallotEntryFactory(ballot=ballot, visitor=person, slot=slot, party_size=2)
    log_in(page, live_server, StaffFactory())

    page.goto(reverse("ballots:manage"))
    check(page)
    page.goto(reverse("ballots:manage_ballot", args=[ballot.pk]))
    expect(page.locator("#demand ~ div table tbody tr")).to_have_count(1)
    check(page)

    page.fill("#id_seed", "20301129")
    page.click("label[for=id_confirm]")  # Bootstrap Italia draws the box on the label
    assert page.is_checked("#id_confirm")
    page.click("text=Fai il sorteggio")
    expect(page.locator("#outcome")).to_have_text("Esito del sorteggio")
    expect(page.locator("code")).to_have_text("20301129")
    check(page)
    assert Ballot.objects.get().status == Ballot.Status.DRAWN


def test_a_family_enters_the_ballot_as_one_party(page, live_server):
    """A family of four asks for one slot; the draw gives it four seats
    together or none at all: never three of them, even with seats left."""
    from playwright.sync_api import expect

    from manifatture.ballots import services
    from manifatture.bookings.models import Booking, WaitingListEntry

    ballot = BallotFactory(edition=EditionFactory())
    brewery = balloted_activity(ballot, title_it="Una cotta di birra, passo per passo")
    slot = make_slot(brewery, hour=11, capacity=5)
    family = UserFactory()
    for size in (2, 2):  # two couples chose the same slot
        BallotEntryFactory(ballot=ballot, visitor=UserFactory(), slot=slot, party_size=size)

    log_in(page, live_server, family)
    page.goto(reverse("ballots:enter", args=[ballot.pk]))
    expect(page.get_by_text("non lo divide mai")).to_be_visible()
    check(page)
    page.select_option("#id_slot_1", str(slot.pk))
    page.fill("#id_party_size_1", "4")
    page.click("text=Salva le preferenze")
    expect(page.locator("h1")).to_have_text("Le mie preferenze nei sorteggi")
    expect(page.locator("tbody tr td").nth(1)).to_have_text("4")
    check(page)
    entry = BallotEntry.objects.get(visitor=family)
    assert entry.party_size == 4

    now = timezone.now()  # the window closes
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=now - datetime.timedelta(days=2), closes_at=now - datetime.timedelta(minutes=1)
    )
    services.run_draw(ballot, by=StaffFactory(), seed=20261207)
    entry.refresh_from_db()
    slot.refresh_from_db()
    page.goto(reverse("ballots:mine"))
    check(page)
    if entry.result == BallotEntry.Result.WON:
        expect(page.get_by_text("Posto assegnato")).to_be_visible()
        assert Booking.objects.get(visitor=family, slot=slot).party_size == 4
        assert slot.seats_taken == 4  # one couple could not fit in the one seat left
    else:
        # The two couples took four seats: the one left is not given to part of the family.
        expect(page.get_by_text("In lista d'attesa")).to_be_visible()
        assert (entry.result, slot.seats_taken) == (BallotEntry.Result.WAITING, 4)
        assert WaitingListEntry.objects.get(visitor=family, slot=slot).party_size == 4
        assert not Booking.objects.filter(visitor=family).exists()
