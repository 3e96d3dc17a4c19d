"""My day in a real Chromium: the map with numbered markers and the route, its
offline fallback to the Municipi, the shared page; axe and the CSP."""

import pytest
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import MunicipioFactory, square
from manifatture.plans import services
from manifatture.tickets.tests.factories import BookingFactory
from tests.browser.support import axe_violations, log_in

from .conftest import slot_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


@pytest.fixture
def day(edition, lambrate, duomo):
    MunicipioFactory(number=3, geometry=square(9.2399, 45.4842, half=0.02))
    visitor = UserFactory(full_name="Giulia Bianchi")
    BookingFactory(
        slot=slot_at(edition, lambrate, (10, 0), (11, 0), title_it="Fonderia"), visitor=visitor
    )
    sartoria = slot_at(edition, duomo, (11, 10), (12, 0), title_it="Sartoria")
    services.add_to_plan(visitor, activity=sartoria.activity, slot=sartoria)
    return visitor


def test_my_day_map_numbers_the_places_and_falls_back_offline(page, live_server, day):
    from playwright.sync_api import expect

    log_in(page, live_server, day)
    page.goto(reverse("plans:my_day"))

    map_id = page.locator("[data-plans-map]").get_attribute("id")
    # The page fixture blocks outside hosts: the tiles fail, the Municipi show.
    expect(page.locator(f"#{map_id}-notice")).to_have_text(
        "Mappa di base non disponibile: sono mostrati i confini dei Municipi"
    )
    expect(page.locator(f"#{map_id} .plans-marker")).to_have_text(["1", "2"])
    expect(page.locator(f"#{map_id} path.plans-route")).to_have_count(1)
    expect(page.get_by_role("alert")).to_contain_text("avete 10 minuti")
    check(page)


def test_the_shared_page_is_read_only_and_accessible(page, live_server, day):
    from playwright.sync_api import expect

    share = services.get_or_create_share(day)
    page.goto(share.get_absolute_url())

    expect(page.locator("h1")).to_have_text("La giornata di Giulia")
    expect(page.locator("[data-entry]")).to_have_count(2)
    expect(page.get_by_role("button", name="Togli dalla giornata")).to_have_count(0)
    check(page)
