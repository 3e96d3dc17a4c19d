"""An English address shared with someone: opened in a fresh browser (no cookie, an
Italian browser), it shows the page in English; the switch takes the reader to
the same page in Italian and back."""

import re

import pytest
from django.utils import translation

from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.editions.tests.factories import EditionFactory
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_english_link_opens_in_english_in_a_fresh_browser(browser, live_server):
    from playwright.sync_api import expect

    activity = ActivityFactory(
        edition=EditionFactory(is_current=True),
        title_it="Visita alla fonderia",
        title_en="Foundry tour",
    )
    TimeSlotFactory(activity=activity)
    with translation.override("en"):
        shared = live_server.url + activity.get_absolute_url()
    assert "/en/" in shared

    # Someone else's browser, set to Italian, with no cookie of this site.
    context = browser.new_context(locale="it-IT")
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(shared)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_text("Foundry tour")
        expect(page.get_by_role("link", name="Programme").first).to_be_visible()
        assert axe_violations(page) == []

        page.get_by_role("button", name=re.compile(r"^IT ")).click()
        expect(page).to_have_url(live_server.url + activity.get_absolute_url())
        expect(page.locator("html")).to_have_attribute("lang", "it")
        expect(page.locator("h1")).to_have_text("Visita alla fonderia")

        page.get_by_role("button", name=re.compile(r"^EN ")).click()
        expect(page).to_have_url(shared)
    finally:
        context.close()
