"""The edition pages in a real Chromium: accessibility (axe) and CSP."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.activities.tests.factories import RouteFactory, RouteStopFactory
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory
from tests.browser.conftest import CHROMIUM, axe_violations

# The `browser` and `page` fixtures live in tests/browser/conftest.py, out of reach of the
# apps' tests; a second copy here would start a second Playwright in the same thread and
# break the shared one. These tests run once the fixtures are shared from the root conftest.
FIXTURES_SHARED = hasattr(importlib.import_module("conftest"), "page")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed"),
    pytest.mark.skipif(not FIXTURES_SHARED, reason="browser fixtures not in the root conftest"),
    # On SQLite the live server's request threads leave their connections to the
    # in-memory test database for the garbage collector (tests/browser has the same).
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <sqlite3.Connection:pytest.PytestUnraisableExceptionWarning"
    ),
]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_public_edition_pages_are_accessible(page):
    edition = EditionFactory(tagline_it="La città che produce")
    route = RouteFactory(edition=edition)
    RouteStopFactory(route=route, activity__edition=edition)
    past = PhasedEditionFactory(year=2019, past=True)
    AcceptedApplicationFactory(edition=past)
    for url in (
        reverse("editions:home"),
        reverse("editions:archive"),
        reverse("editions:detail", args=[2019]),
    ):
        page.goto(url)
        check(page)


def test_staff_edition_pages_are_accessible(page, live_server):
    edition = EditionFactory()
    client = Client()
    client.force_login(StaffFactory())
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for url in (
        reverse("editions:staff_list"),
        reverse("editions:staff_create"),
        reverse("editions:staff_edit", args=[edition.pk]),
    ):
        page.goto(url)
        check(page)
