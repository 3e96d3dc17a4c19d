"""The spaces map and list in a real Chromium: the Leaflet map with its offline
fallback, no CSP errors, and axe-core's WCAG checks."""

import pytest

from manifatture.spaces.models import Space
from manifatture.spaces.tests.factories import SpaceFactory
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_spaces_map_falls_back_to_the_municipi_when_tiles_fail(page, municipi):
    from playwright.sync_api import expect

    SpaceFactory(name="Ex mercato Lorenteggio", status=Space.Status.AVAILABLE)
    SpaceFactory(name="Ex scuola Gallaratese", status=Space.Status.ASSIGNED)
    # The page fixture blocks every outside host, so the tile server is unreachable.
    page.goto("/spazi/")
    expect(page.locator("#spaces-map-notice")).to_have_text(
        "Mappa di base non disponibile: sono mostrati i confini dei Municipi"
    )
    expect(page.locator("#spaces-map path.leaflet-interactive")).to_have_count(2)
    expect(page.locator("#spaces-map .leaflet-control-attribution")).to_contain_text(
        "Fonte: Comune di Milano – Open Data, CC BY 4.0"
    )
    expect(page.locator(".space-list > li")).to_have_count(2)
    page.locator("#spaces-map path.leaflet-interactive").first.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("m²")
    # axe reads colours as drawn: wait for the popup's fade-in to end.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_space_page_map_and_accessibility(page, municipi):
    from playwright.sync_api import expect

    space = SpaceFactory(name="Ex lavatoio")
    page.goto(space.get_absolute_url())
    expect(page.locator("#space-map path.leaflet-interactive")).to_have_count(1)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []
