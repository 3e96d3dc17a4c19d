"""An owner's pages and the public page in a real browser: accessibility (axe), CSP, the site map."""

import io

import pytest
from django.core.management import call_command

from manifatture.accounts.tests.factories import PASSWORD, UserFactory
from manifatture.directory.models import Organisation, Site
from tests.browser.support import axe_violations, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_creates_organisation_places_site_on_map_and_public_page(page, settings):
    from playwright.sync_api import expect

    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    call_command(
        "load_comuni", str(settings.SHARED_DATA_DIR / "istat_comuni_mi.csv"), stdout=io.StringIO()
    )
    call_command("load_municipi", stdout=io.StringIO())
    UserFactory(email="host@esempio.it", full_name="Elena Ferri")
    UserFactory(email="socia@esempio.it", full_name="Paola Neri")

    page.goto("/account/accedi/")
    submit_login(page, "host@esempio.it", PASSWORD)
    page.wait_for_url("**/account/")

    page.goto("/organizzazioni/nuova/")
    assert axe_violations(page) == []
    page.locator("#id_name").fill("Liuteria Ferri")
    page.locator("#id_category").select_option("atelier")
    page.locator("#id_description_it").fill("Costruiamo violini a mano.")
    page.locator("#id_vat_number").fill("12345")
    page.get_by_role("button", name="Crea l'organizzazione").click()
    assert "11 cifre" in page.locator("#id_vat_number ~ .invalid-feedback").inner_text()
    assert page.locator("#id_name").input_value() == "Liuteria Ferri"
    assert axe_violations(page) == []
    page.locator("#id_vat_number").fill("")
    page.get_by_role("button", name="Crea l'organizzazione").click()
    page.wait_for_url("**/sedi/nuova/")

    # The map is shown (Leaflet loaded under the CSP); a click fills the coordinates.
    assert page.locator("#site-map").is_visible()
    # The tile server is unreachable (the page fixture blocks outside hosts): the
    # map says so and shows the Municipi outlines instead.
    expect(page.locator("#site-map-notice")).to_have_text(
        "Mappa di base non disponibile: sono mostrati i confini dei Municipi"
    )
    expect(page.locator("#site-map .leaflet-overlay-pane path").first).to_be_attached()
    assert axe_violations(page) == []
    page.locator("#id_name").fill("Bottega")
    page.locator("#id_address").fill("Via Fiori Chiari 3")
    page.locator("#site-map").click()
    assert page.locator("#id_latitude").input_value() != ""
    page.locator("#id_latitude").fill("45.4719")
    page.locator("#id_longitude").fill("9.1866")
    page.get_by_role("button", name="Salva la sede").click()
    page.wait_for_url("**/sedi/")
    assert Site.objects.get().municipio_id == 1
    assert axe_violations(page) == []

    slug = Organisation.objects.get().slug
    page.goto(f"/organizzazioni/{slug}/membri/")
    page.locator("#id_email").fill("socia@esempio.it")
    page.get_by_role("button", name="Invia l'invito").click()
    # An invitation, not a membership: the address typed, never the account's name.
    main = page.locator("main").inner_text()
    assert "socia@esempio.it" in main and "Paola Neri" not in main
    assert axe_violations(page) == []

    page.goto(f"/organizzazioni/{slug}/")
    assert page.locator("h1").inner_text() == "Liuteria Ferri"
    assert "In attesa di verifica" in page.locator("main").inner_text()
    assert "Municipio 1" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert page.js_errors == []
