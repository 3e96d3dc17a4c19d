"""The API reference in a real Chromium: the "try it" form built from the OpenAPI
document calls the API and shows the answer, with no CSP violation and no
serious accessibility problem."""

import json

import pytest
from django.core.cache import cache

from manifatture.activities.tests.factories import ActivityFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.models import ActivityKind
from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme():
    cache.clear()  # the API's rate limit counts in the cache
    edition = EditionFactory(year=2019)
    ActivityFactory(edition=edition, title_it="Laboratorio di ceramica", kind=ActivityKind.WORKSHOP)
    ActivityFactory(edition=edition, title_it="Visita alla fonderia")
    return edition


def test_try_the_activities_endpoint_with_a_filter(page, programme, live_server):
    from playwright.sync_api import expect

    page.goto("/api/v1/docs/")
    section = page.locator("#list_activities")
    form = section.get_by_role("form", name="Prova")
    expect(form).to_be_visible()
    # The form is built from the document: every parameter of the operation.
    expect(form.get_by_label("kind", exact=True)).to_be_visible()
    form.get_by_label("kind", exact=True).select_option("workshop")
    form.get_by_label("edition", exact=True).fill("2019")
    form.get_by_role("button", name="Invia la richiesta").click()

    status = section.get_by_role("status")
    expect(status).to_contain_text("Risposta: 200 OK")
    expect(status).to_contain_text("Righe in tutto: 1.")
    url = f"{live_server.url}/api/v1/activities/?edition=2019&kind=workshop"
    expect(section.get_by_label("Indirizzo della richiesta")).to_have_value(url)
    expect(section.get_by_label("La stessa richiesta con curl")).to_have_value(
        f"curl -H 'Accept: application/json' '{url}'"
    )
    body = section.locator("pre.api-try-body").inner_text()
    data = json.loads(body)
    assert data["count"] == 1
    assert [row["title_it"] for row in data["results"]] == ["Laboratorio di ceramica"]
    assert body.startswith('{\n  "count": 1,')  # pretty-printed

    # A bad value: the API's own 400 error is shown, and announced.
    form.get_by_label("edition", exact=True).fill("")
    form.get_by_label("updated_since", exact=True).fill("ieri")
    form.get_by_role("button", name="Invia la richiesta").click()
    expect(status).to_contain_text("Risposta: 400")
    assert json.loads(section.locator("pre.api-try-body").inner_text())["error"]["parameter"] == (
        "updated_since"
    )

    # A detail operation: the path parameter goes into the path.
    detail = page.locator("#get_editions")
    detail.get_by_label("year (obbligatorio)").fill("2019")
    detail.get_by_role("button", name="Invia la richiesta").click()
    expect(detail.get_by_role("status")).to_contain_text("Risposta: 200 OK")
    expect(detail.get_by_label("Indirizzo della richiesta")).to_have_value(
        f"{live_server.url}/api/v1/editions/2019/"
    )

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_without_javascript_the_reference_is_all_there(browser, live_server, programme):
    context = browser.new_context(
        base_url=live_server.url, locale="it-IT", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/api/v1/docs/")
        section = page.locator("#list_activities")
        assert section.locator("table caption").inner_text() == "Parametri di /activities/"
        assert section.locator("form").count() == 0
        assert page.locator("[data-api-docs-enhanced]").is_hidden()
    finally:
        context.close()
