"""The directory list, the clustered map and the qualified list in a real browser:
accessibility (axe), CSP, the map loading thousands of points into clusters."""

import pytest

from manifatture.directory.synthetic import generate_city
from manifatture.directory.tests.boundaries import (
    load_comuni,
    load_municipi,
    load_nils,
    load_vocabulary,
)
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_and_clustered_map(page):
    load_vocabulary()  # earlier transactional tests flushed the migration's rows
    load_comuni()
    load_municipi()
    load_nils()
    generate_city(600, seed=11)

    page.goto("/organizzazioni/?municipio=9&periphery=on")
    assert "realtà trovate" in page.locator("#directory-count").inner_text()
    assert axe_violations(page) == []
    page.locator("#id_category").select_option("fablab")  # htmx updates the results
    page.wait_for_url("**category=fablab**", timeout=30_000)
    assert page.locator("#directory-results h3 a").count() > 0

    page.goto("/organizzazioni/mappa/")
    from playwright.sync_api import expect

    # A locator assertion, not wait_for_function: a string predicate is evaluated with
    # eval in the page, which our CSP (no 'unsafe-eval') refuses when it has to poll.
    expect(page.locator("#directory-map-status")).to_contain_text("600", timeout=30_000)
    assert page.locator(".marker-cluster").count() > 0
    assert axe_violations(page) == []

    page.goto("/albo/")
    assert axe_violations(page) == []
    assert page.js_errors == []
