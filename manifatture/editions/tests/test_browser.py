"""The edition pages in a real Chromium: accessibility (axe) and CSP."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.activities.tests.factories import RouteFactory, RouteStopFactory
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
