"""The booking pages in a real Chromium: booking from the activity page, the
waiting list of a full slot, my bookings, cancelling and the visitor profile,
with axe-core's WCAG checks and no Content-Security-Policy errors."""

import pytest
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.directory.tests.factories import ComuneFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from tests.browser.support import SHOTS, axe_violations, log_in

from .conftest import fill, make_slot, sibling

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

    # One booking per activity: the activity's page marks the booked slot and
    # offers no waiting list sure to be refused, nor does the later slot's page;
    # both say how to change slot and lead there.
    page.goto(activity.get_absolute_url())
    expect(page.get_by_text("Prenotato da voi")).to_be_visible()
    expect(page.get_by_text("ogni attività si prenota una volta sola")).to_be_visible()
    expect(page.get_by_role("link", name="Entra in lista d'attesa")).to_have_count(0)
    check(page)
    page.goto(reverse("bookings:book", args=[full_slot.pk]))
    expect(page.get_by_text("ogni attività si prenota una volta sola")).to_be_visible()
    expect(page.locator("#waiting-heading ~ form button")).to_have_count(0)
    check(page)
    assert not WaitingListEntry.objects.filter(visitor=visitor).exists()

    page.locator("main").get_by_role("link", name="Le mie prenotazioni").click()
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


def test_my_bookings_on_a_phone(page, live_server):
    """At 390 px each visit is a card with labelled cells, nothing scrolls sideways
    and a ticket code is whole; the booking just made comes first, marked, and the
    message names it. At 1280 px it is a table with its column headers."""
    from playwright.sync_api import expect

    edition = PhasedEditionFactory(registration=True)
    activity = ActivityFactory(
        edition=edition, title_it="Il tornio, la fresa e il controllo numerico"
    )
    visitor = UserFactory()
    services.book_slot(make_slot(activity), visitor=visitor, party_size=2)
    robot = sibling(activity, title_it="Il braccio robotico che intreccia la pelle")
    services.book_slot(make_slot(robot, day=1), visitor=visitor, party_size=2)
    last = sibling(activity, title_it="Vetro soffiato al buio")
    last_slot = make_slot(last, day=1, hour=16)
    log_in(page, live_server, visitor)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(last.get_absolute_url())
    # On the activity's page each slot is a card: its form is in sight, not
    # scrolled off to the right of a table.
    button = page.locator(f'form[action$="/turni/{last_slot.pk}/"] button')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert button.evaluate("el => el.getBoundingClientRect().right") <= 390
    expect(page.locator("table.stacked-table thead")).not_to_be_in_viewport()
    page.fill(f"#party-{last_slot.pk}", "3")
    button.click()
    expect(page.get_by_text("Prenotazione confermata: «Vetro soffiato al buio»")).to_be_visible()
    # The text is there before the page's stylesheets are: widths are measured once
    # the page has loaded (under load, CI measured the unstyled table at 678 px).
    page.wait_for_load_state("load")
    new = Booking.objects.get(visitor=visitor, slot=last_slot)
    rows = page.locator("table.stacked-table tbody tr")
    assert rows.count() == 3
    expect(rows.first).to_contain_text("Appena prenotata")
    expect(rows.first).to_contain_text("Vetro soffiato al buio")
    expect(rows.nth(1)).not_to_contain_text("Appena prenotata")
    # Where its card starts on the screen depends on what comes above it ("Visite da
    # confermare" appears when a visit falls in the reconfirmation window, by the
    # clock's time of day): it is the first of the upcoming visits, checked above.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    code = rows.first.locator("code")
    expect(code).to_have_text(new.ticket_code)
    assert code.evaluate("el => el.getBoundingClientRect().right") <= 390
    assert code.evaluate("el => el.scrollWidth <= el.clientWidth")
    expect(rows.first.get_by_text("Biglietto", exact=True)).to_be_visible()
    expect(rows.first.get_by_text("Quando", exact=True)).to_be_visible()
    expect(page.locator("table.stacked-table thead")).not_to_be_in_viewport()
    check(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/my-bookings-390.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("bookings:mine"))
    table = page.get_by_role("table", name="Le vostre prossime visite")
    expect(table.get_by_role("columnheader")).to_have_count(5)
    expect(table.get_by_role("columnheader", name="Biglietto")).to_be_visible()
    expect(table.locator(".stacked-table__label").first).to_be_hidden()
    expect(page.get_by_text("Appena prenotata")).to_have_count(0)
    check(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/my-bookings-1280.png", full_page=True)
