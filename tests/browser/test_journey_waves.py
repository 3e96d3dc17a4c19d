"""Places released in waves, in a real Chromium: the activity page says when
more places come; a visitor joins the waiting list of a slot whose released
places are gone; when the next wave opens (the scheduler's `release_waves`)
she is offered seats before anyone else, accepts them, and only what is left
is open to everyone. Axe checks every page on the way."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.models import ReleaseWave
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import waves
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.bookings.tests.conftest import fill, make_slot
from manifatture.editions.tests.factories import PhasedEditionFactory
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_a_wave_opens_and_the_waiting_list_is_served_first(page, live_server):
    from playwright.sync_api import expect

    edition = PhasedEditionFactory(registration=True)
    activity = ActivityFactory(edition=edition, title_it="Visita alla fonderia")
    slot = make_slot(activity, capacity=10)
    now = timezone.now()
    second = now + datetime.timedelta(days=2)
    waves.define_release_waves(
        edition, waves=[(now - datetime.timedelta(days=1), 60), (second, 40)], by=StaffFactory()
    )
    fill(slot, 6)  # the first wave's six places are gone
    waiting = UserFactory()
    log_in(page, live_server, waiting)

    page.goto(live_server.url + activity.get_absolute_url())
    day = timezone.localtime(second)
    expect(page.locator(".next-release")).to_contain_text(f"Altri posti dal {day.day} ")
    expect(page.get_by_text("Esaurito: entra in lista d'attesa")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Entra in lista d'attesa").click()
    expect(page.locator(".next-release")).to_be_visible()
    check(page)
    page.fill("#waiting-heading ~ form input[name=party_size]", "2")
    page.locator("#waiting-heading ~ form button").click()
    expect(page.get_by_role("heading", name="In lista d'attesa")).to_be_visible()
    entry = WaitingListEntry.objects.get(visitor=waiting)

    # The second wave's minute comes; the scheduler releases it.
    ReleaseWave.objects.filter(released_at__isnull=True).update(opens_at=timezone.now())
    call_command("release_waves")
    entry.refresh_from_db()
    assert entry.status == "offered"

    page.goto(live_server.url + "/prenotazioni/")
    expect(page.get_by_role("heading", name="Posti offerti dalla lista d'attesa")).to_be_visible()
    check(page)
    page.locator('form[action$="/accetta/"] button').click()
    expect(page.get_by_text("Prenotazione confermata")).to_be_visible()
    assert Booking.objects.get(visitor=waiting, status="confirmed").party_size == 2

    # Everyone else finds only what the waiting list left: 10 - 6 - 2.
    log_in(page, live_server, UserFactory(), clear=True)
    page.goto(live_server.url + activity.get_absolute_url())
    expect(page.get_by_text("2 posti liberi")).to_be_visible()
    expect(page.locator(".next-release")).to_have_count(0)
    check(page)
