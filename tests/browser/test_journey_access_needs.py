"""Access needs that find the right visits (issue 15, point 6), in Chromium: a
visitor saves their needs on the device, and the programme flags each visit
against them, with no request carrying the needs; the server filter runs only
when they follow the filter link. axe on every page."""

import json
import os

import pytest

from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.directory.tests.factories import SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JOURNEY_SHOTS", "")
NEEDS = ("step_free", "seating")


def expect(*args, **kwargs):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def accessible(page, name: str) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    if SHOTS:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def carries_needs(request) -> bool:
    sent = request.url + (request.post_data or "")
    return any(need in sent for need in NEEDS)


def test_needs_saved_on_the_device_flag_the_programme_and_never_reach_the_server(page):
    edition = PhasedEditionFactory(registration=True, is_current=True)
    ramp = SiteFactory(step_free=True, seating=True)
    stairs = SiteFactory(step_free=False)
    flat = ActivityFactory(
        edition=edition, organisation=ramp.organisation, site=ramp, title_it="Officina in piano"
    )
    steep = ActivityFactory(
        edition=edition, organisation=stairs.organisation, site=stairs, title_it="Soppalco"
    )
    for activity in (flat, steep):
        TimeSlotFactory(activity=activity, capacity=10)

    sent = []
    page.on("request", lambda request: sent.append(request))

    page.goto("/prenotazioni/esigenze-di-accesso/")
    accessible(page, "access-needs")
    # Bootstrap Italia draws the box on the label: a person clicks the label.
    form = page.locator("form[data-access-needs-form]")
    form.get_by_text("Accesso senza gradini", exact=True).click()
    form.get_by_text("Posti a sedere", exact=True).click()
    expect(form.get_by_label("Accesso senza gradini")).to_be_checked()
    page.get_by_role("button", name="Salva su questo dispositivo").click()
    expect(page.get_by_role("status")).to_contain_text("Salvate su questo dispositivo")
    stored = page.evaluate("window.localStorage.getItem('manifatture.accessNeeds')")
    assert json.loads(stored) == ["step_free", "seating"]

    page.goto("/programma/")
    banner = page.locator("[data-access-needs-banner]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Accesso senza gradini, Posti a sedere")
    flat_card = page.locator("article", has_text="Officina in piano")
    steep_card = page.locator("article", has_text="Soppalco")
    expect(flat_card).to_contain_text("Adatta alle vostre esigenze di accesso")
    expect(steep_card).to_contain_text("Non indica: Accesso senza gradini, Posti a sedere")
    accessible(page, "programme-flagged")
    assert [request.url for request in sent if carries_needs(request)] == []

    # Following the filter link is the visitor's own choice: the server filters.
    banner.get_by_role("link", name="Mostra solo le visite adatte").click()
    expect(page.locator("article", has_text="Officina in piano")).to_be_visible()
    expect(page.locator("article", has_text="Soppalco")).to_have_count(0)
    assert "access=step_free" in page.url and "access=seating" in page.url
