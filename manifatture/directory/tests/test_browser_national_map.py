"""The directory map across Italy in a real browser: thousands of sites over every
comune, clustered by the server for each view; panning and zooming ask for the view
shown (bounding box and zoom), the map answers while it loads, and it works with no
base-map tiles at all (the page fixture blocks every outside host)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from manifatture.directory.models import Organisation
from manifatture.directory.synthetic import generate_city
from manifatture.directory.tests.boundaries import load_municipi, load_nils, load_vocabulary
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTORS = 5000
# Tasks longer than this block clicks and keys for a moment a person notices; the
# bound is generous because the test shares its cores with the server.
LONGEST_TASK_MS = 1000

WATCH_LONG_TASKS = """() => {
  window.longestTask = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.longestTask = Math.max(window.longestTask, entry.duration);
    }
  }).observe({type: "longtask", buffered: true});
}"""


def test_map_pans_and_zooms_across_italy_with_server_clusters(page):
    from playwright.sync_api import expect

    load_vocabulary()  # earlier transactional tests flushed the migration's rows
    call_command(
        "load_comuni",
        str(settings.SHARED_DATA_DIR / "istat_comuni_italia.csv"),
        stdout=io.StringIO(),
    )
    load_municipi()
    load_nils()
    generate_city(ACTORS, seed=5, national=True)
    assert Organisation.objects.values("sites__comune__province").distinct().count() > 90

    requests: list[str] = []
    page.on("request", lambda request: "punti.json" in request.url and requests.append(request.url))
    page.goto("/organizzazioni/mappa/")
    page.evaluate(WATCH_LONG_TASKS)
    status = page.locator("#directory-map-status")
    expect(status).to_contain_text("sedi nella zona mostrata", timeout=30_000)
    assert requests and all("bbox=" in url and "&zoom=11" in url for url in requests)
    # Around Milan, few enough sites to travel one by one: the browser clusters them.
    mapbox = page.locator("#directory-map")
    assert mapbox.get_attribute("data-shown-clusters") == "0"
    milan_total = int(mapbox.get_attribute("data-shown-total"))
    assert 0 < milan_total < ACTORS

    # Zoom out to the whole of Italy with the zoom buttons: the server clusters.
    for _ in range(6):
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(350)  # a click during the zoom's animation is dropped
    expect(mapbox).to_have_attribute("data-shown-total", str(ACTORS), timeout=30_000)
    assert requests[-1].endswith("&zoom=5")
    clusters = page.locator("#directory-map .directory-cluster")
    assert clusters.count() > 5
    assert int(mapbox.get_attribute("data-shown-clusters")) == clusters.count()
    counted = sum(int(text.replace(".", "")) for text in clusters.locator("span").all_inner_texts())
    singles = ACTORS - counted
    assert 0 <= singles < ACTORS
    # Italian writes 5000 without a separator, 12.345 with one.
    assert status.inner_text().replace(".", "") == f"{ACTORS} sedi nella zona mostrata"
    # No base map: the markers are all there is, and they work.
    assert page.locator("#directory-map .leaflet-tile-loaded").count() == 0

    # Pan south with the keyboard (Leaflet's arrow keys): the view asks again.
    before = len(requests)
    mapbox.focus()
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(status).to_contain_text("sedi nella zona mostrata")
    page.wait_for_timeout(600)
    assert len(requests) > before
    assert requests[-1] != requests[before - 1]

    # Drag the map back north with the mouse.
    box = mapbox.bounding_box()
    centre_x, centre_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(centre_x, centre_y)
    page.mouse.down()
    page.mouse.move(centre_x + 40, centre_y + 200, steps=10)
    page.mouse.up()
    page.wait_for_timeout(600)

    # A cluster is a button (keyboard too): it zooms in two steps on its sites.
    cluster = clusters.first
    label = cluster.get_attribute("title")
    assert label.endswith("sedi vicine: ingrandite qui")
    requests_before_click = len(requests)
    cluster.focus()
    with page.expect_request(lambda request: "&zoom=7" in request.url):
        page.keyboard.press("Enter")
    expect(status).to_contain_text("sedi nella zona mostrata")
    assert len(requests) > requests_before_click

    # Back to Milan, zoomed in: the same sites as at the start, one by one again.
    for _ in range(5):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(350)
    page.wait_for_timeout(600)
    expect(status).to_contain_text("sedi nella zona mostrata")

    assert page.evaluate("window.longestTask") < LONGEST_TASK_MS
    assert axe_violations(page) == []
    assert page.js_errors == []
