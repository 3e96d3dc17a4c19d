"""The booking pages in a real Chromium: booking from the activity page, the
waiting list of a full slot, my bookings, cancelling and the visitor profile,
with axe-core's WCAG checks and no Content-Security-Policy errors."""

import pytest
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.directory.tests.factories import ComuneFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from tests.browser.support import axe_violations, log_in

from .conftest import fill, make_slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_book_wait_cancel_and_profile(page, live_server):
    from playwright.sync_api import expect

    edition = PhasedEditionFactory(registration=True)
    ComuneFactory()
    activity = ActivityFactory(edition=edition, title_it="Visita alla fonderia", max_group_size=25)
    open_slot = make_slot(activity, capacity=10)
    full_slot = make_slot(activity, hour=15, capacity=1)
    fill(full_slot, 1)
    visitor = UserFactory()
    log_in(page, live_server, visitor)

    page.goto(activity.get_absolute_url())
    expect(page.get_by_text("10 posti liberi")).to_be_visible()
    expect(page.get_by_text("Esaurito: entra in lista d'attesa")).to_be_visible()
    check(page)

    page.fill(f"#party-{open_slot.pk}", "2")
    page.locator(f'form[action$="/turni/{open_slot.pk}/"] button').click()
    expect(page.get_by_text("Prenotazione confermata")).to_be_visible()
    booking = Booking.objects.get(visitor=visitor)
    expect(page.get_by_text(booking.ticket_code)).to_be_visible()
    check(page)

    # One booking per activity: the later slot's waiting list says how to change slot.
    page.goto(activity.get_absolute_url())
    page.get_by_role("link", name="Entra in lista d'attesa").click()
    check(page)
    page.locator("#waiting-heading ~ form button").click()
    expect(page.get_by_text("ogni attività si prenota una volta sola")).to_be_visible()
    check(page)
    assert not WaitingListEntry.objects.filter(visitor=visitor).exists()

    page.goto(reverse("bookings:mine"))
    page.get_by_role("link", name=f"Annulla {activity.title_it}").click()
    check(page)
    page.get_by_role("button", name="Sì, annulla la prenotazione").click()
    expect(page.get_by_text("Prenotazione annullata")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == "cancelled"

    page.goto(activity.get_absolute_url())
    page.get_by_role("link", name="Entra in lista d'attesa").click()
    page.locator("#waiting-heading ~ form button").click()
    expect(page.get_by_role("heading", name="In lista d'attesa")).to_be_visible()
    assert WaitingListEntry.objects.get(visitor=visitor).slot_id == full_slot.pk

    page.get_by_role("link", name="Il vostro profilo di visitatore (facoltativo)").click()
    check(page)
    page.select_option("#id_residence", "015146")
    page.get_by_role("button", name="Salva").click()
    # The error on its field, and in the summary at the top linking to it.
    expect(page.locator("#id_consent_error")).to_contain_text("ci serve il vostro consenso")
    expect(page.locator('.error-summary a[href="#id_consent"]')).to_be_visible()
    page.locator("label[for=id_consent]").click()
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Profilo salvato.")).to_be_visible()
    check(page)
