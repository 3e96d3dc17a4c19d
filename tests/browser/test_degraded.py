"""The site when the outside world fails: the map tile server unreachable (the
page fixture blocks every outside host). The directory map keeps its points on
the Municipi outlines and says why it looks bare; no script error."""

import pytest

from manifatture.directory.tests.factories import SiteFactory
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directory_map_without_its_tile_server(page, settings):
    from playwright.sync_api import expect

    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    SiteFactory()
    SiteFactory()

    page.goto("/organizzazioni/mappa/")

    expect(page.locator("#directory-map-notice")).to_have_text(
        "Mappa di base non disponibile: sono mostrati i confini dei Municipi"
    )
    expect(page.locator("#directory-map-status")).to_contain_text("2")
    expect(page.locator("#directory-map .leaflet-tile-loaded")).to_have_count(0)
    assert page.js_errors == []
    assert axe_violations(page) == []
