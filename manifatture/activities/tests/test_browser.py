"""The programme and the map in a real Chromium: htmx filtering, the Leaflet
map with its offline fallback, no CSP errors, and axe-core's WCAG checks.
Uses the project's browser fixtures (tests/browser/conftest.py)."""

import pytest

from manifatture.directory.models import Organisation
from manifatture.participations.models import ActivityKind
from tests.browser.support import axe_violations

from .factories import ActivityFactory, HubVenueFactory, MunicipioFactory, TimeSlotFactory, square

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme():
    from manifatture.editions.tests.factories import EditionFactory

    edition = EditionFactory()
    MunicipioFactory(number=3, geometry=square(9.2399, 45.4842, half=0.02))
    HubVenueFactory(edition=edition)
    workshop = ActivityFactory(
        edition=edition,
        title_it="Laboratorio di ceramica",
        kind=ActivityKind.WORKSHOP,
        organisation__category=Organisation.Category.ATELIER,
    )
    TimeSlotFactory(activity=workshop)
    ActivityFactory(edition=edition, title_it="Visita alla fonderia")
    ActivityFactory(edition=edition, title_it="Talk sul design", kind=ActivityKind.TALK, site=None)
    return edition


def test_programme_filters_update_results_in_place(page, programme):
    from playwright.sync_api import expect

    page.goto("/programma/")
    expect(page.locator("#programme-count")).to_have_text("3 attività trovate")

    page.select_option("#id_kind", "workshop")

    expect(page.locator("#programme-count")).to_have_text("1 attività trovata")
    expect(page.locator("#programme-results h3")).to_have_text(["Laboratorio di ceramica"])
    assert "kind=workshop" in page.url

    page.select_option("#id_kind", "")
    page.locator("#id_q").press_sequentially("fonderia")
    expect(page.locator("#programme-results h3")).to_have_text(["Visita alla fonderia"])
    assert "q=fonderia" in page.url
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_map_falls_back_to_the_municipi_when_tiles_fail(page, programme):
    from playwright.sync_api import expect

    # The page fixture blocks every outside host, so the tile server is unreachable.
    page.goto("/programma/mappa/")

    expect(page.locator("#programme-map-notice")).to_have_text(
        "Mappa di base non disponibile: sono mostrati i confini dei Municipi"
    )
    # While the tiles fail the road map cannot be chosen: no layer chooser is left.
    expect(page.locator("#programme-map .leaflet-control-layers")).to_have_count(0)
    expect(page.locator("#programme-map")).to_have_attribute("data-places", "3")
    expect(page.locator("#programme-map .leaflet-control-attribution")).to_contain_text(
        "Fonte: Comune di Milano – Open Data, CC BY 4.0"
    )
    # The same places are in the page as text.
    expect(page.locator(".place-list > li")).to_have_count(3)

    # The map takes focus and lets it go: Tab moves past it.
    page.focus("#programme-map")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") != "programme-map"

    assert axe_violations(page) == []
    assert page.js_errors == []


def test_map_clusters_places_that_crowd_and_frames_milan(page, programme):
    from playwright.sync_api import expect

    page.goto("/programma/mappa/")
    map_ = page.locator("#programme-map")
    expect(map_).to_have_attribute("data-ready", "true")
    # The two sites share an address: one cluster of 2; the hub stands alone.
    expect(map_.locator(".marker-cluster")).to_have_text(["2"])
    expect(map_.locator("path.leaflet-interactive")).to_have_count(1)
    # Framed on Milan: the Municipi's outline fills the map rather than a corner of it.
    page.wait_for_function(
        """() => {
          const map = document.querySelector("#programme-map").getBoundingClientRect();
          const outline = document.querySelector(
            "#programme-map .leaflet-overlay-pane path:not(.leaflet-interactive)"
          );
          if (!outline) return false;
          const box = outline.getBoundingClientRect();
          return (box.width > map.width / 3 || box.height > map.height / 3)
            && box.left >= map.left - 1 && box.right <= map.right + 1;
        }""",
        timeout=5000,
    )
    assert page.js_errors == []


def test_activity_map_outlines_its_neighbourhood(page, programme):
    import io

    from django.core.management import call_command
    from playwright.sync_api import expect

    from manifatture.activities.models import Activity
    from manifatture.directory.services import municipio_at, nil_at

    call_command("load_municipi", stdout=io.StringIO())
    call_command("load_nil", stdout=io.StringIO())
    activity = Activity.objects.get(title_it="Laboratorio di ceramica")
    site = activity.site
    site.municipio = municipio_at(site.latitude, site.longitude)
    site.nil = nil_at(site.latitude, site.longitude)
    site.save()

    page.goto(activity.get_absolute_url())
    map_ = page.locator("#activity-map")
    # The small map is built when it comes near the screen (MapBase.whenNear).
    map_.scroll_into_view_if_needed()
    expect(map_).to_have_attribute("data-ready", "true")
    # The point, and the NIL and Municipio outlines around it (plus the base Municipi).
    expect(map_.locator("path.leaflet-interactive")).to_have_count(1)
    assert map_.locator(".leaflet-overlay-pane path").count() >= 3
    expect(page.get_by_text(f"il quartiere (NIL) {site.nil.name}")).to_be_visible()
    expect(page.get_by_role("link", name="Come arrivare")).to_be_visible()
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_on_a_phone_the_filters_fold_behind_one_button_and_results_come_first(
    browser, page, programme
):
    from playwright.sync_api import expect

    from manifatture.activities.models import TimeSlot

    # Badges of every state, for axe's contrast check.
    few = TimeSlotFactory(activity=ActivityFactory(edition=programme, title_it="Quasi piena"))
    TimeSlot.objects.filter(pk=few.pk).take_seats(few.capacity - 2, group=False)
    ActivityFactory(edition=programme, title_it="A sorteggio", booking_mode="ballot")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/programma/")
    assert axe_violations(page) == []

    toggle = page.locator("summary", has_text="Filtri")
    expect(toggle).to_be_visible()
    expect(page.locator("#id_q")).to_be_hidden()
    # Only the results' heading and count stand between the button and the first card.
    first_card = page.locator("#programme-results article").first
    gap = first_card.bounding_box()["y"] - toggle.bounding_box()["y"]
    assert 0 < gap < 200

    toggle.click()
    expect(page.locator("#id_q")).to_be_visible()
    page.select_option("#id_kind", "workshop")
    expect(page.locator("#programme-count")).to_have_text("1 attività trovata")
    assert axe_violations(page) == []
    assert page.js_errors == []

    # On a wide screen the filters stay open beside the results, with no button.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(page.locator("#id_q")).to_be_visible()
