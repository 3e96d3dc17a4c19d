"""Sign-up to dashboard in a real browser: accessibility (axe) and CSP."""

import pytest
from django.core import mail

from tests.browser.support import axe_violations, sign_up, submit_login, verification_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_verify_login_and_dashboard_are_accessible(page, settings, live_server):
    settings.SITE_URL = live_server.url

    page.goto("/account/registrati/")
    assert axe_violations(page) == []
    sign_up(
        page, full_name="Giulia Brambilla", email="giulia@esempio.it", password="torni-e-frese-1962"
    )
    page.wait_for_url("**/controlla-la-posta/")
    assert axe_violations(page) == []

    page.goto("/account/accedi/")
    submit_login(page, "giulia@esempio.it", "torni-e-frese-1962")
    assert "non è ancora verificato" in page.locator(".alert-danger").inner_text()
    assert axe_violations(page) == []

    page.goto(verification_path(mail.outbox[0]))
    submit_login(page, "giulia@esempio.it", "torni-e-frese-1962")
    page.wait_for_url("**/account/")
    assert page.locator("h1").inner_text() == "Benvenuti, Giulia Brambilla"
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_a_visitor_enters_with_spid_cie_and_ends_logged_in(page, settings, live_server):
    from tests.oidc_provider import OIDCProvider

    with OIDCProvider(client_id="manifatture", client_secret="segreto-di-prova") as provider:
        settings.OIDC_ISSUER = provider.issuer
        settings.OIDC_CLIENT_ID = "manifatture"
        settings.OIDC_CLIENT_SECRET = "segreto-di-prova"
        settings.OIDC_PROVIDER_NAME = "SPID / CIE"
        provider.user = {
            "sub": "TINIT-RSSMRA80A01F205X",
            "email": "mario.rossi@esempio.it",
            "email_verified": True,
            "given_name": "Mario",
            "family_name": "Rossi",
        }
        # The page fixture blocks every other host: let the browser reach the provider.
        page.context.route(
            lambda url: url.startswith(provider.issuer), lambda route: route.continue_()
        )

        page.goto("/account/accedi/")
        page.get_by_role("link", name="Entra con SPID / CIE").click()

        # Back from the provider: the first time, the privacy notice.
        expect_heading(page, "Create il vostro account")
        assert "mario.rossi@esempio.it" in page.locator("main").inner_text()
        assert page.locator("#id_full_name").input_value() == "Mario Rossi"
        assert axe_violations(page) == []
        page.locator("label[for=id_privacy]").click(position={"x": 8, "y": 8})
        page.get_by_role("button", name="Crea l'account").click()

        expect_heading(page, "Benvenuti, Mario Rossi")
        assert len(provider.token_requests) == 1
        assert page.js_errors == []


def test_staff_set_up_the_second_factor_at_first_login_then_give_the_code(page, live_server):
    from manifatture.accounts.tests.factories import PASSWORD, StaffFactory
    from tests.browser.support import pass_second_factor

    staff = StaffFactory(full_name="Virginia Bonetti")

    page.goto("/numeri/cruscotto/")
    submit_login(page, staff.email, PASSWORD)
    expect_heading(page, "Attivate la verifica in due passaggi")
    assert page.locator("main img[src^='data:image/svg+xml']").is_visible()
    assert axe_violations(page) == []
    pass_second_factor(page)
    page.wait_for_url("**/numeri/cruscotto/")

    page.locator("header").get_by_role("button", name="Esci").click()
    page.get_by_text("Siete usciti dal vostro account.").wait_for()
    page.goto("/account/accedi/")
    submit_login(page, staff.email, PASSWORD)
    expect_heading(page, "Verifica in due passaggi")
    assert axe_violations(page) == []
    pass_second_factor(page, staff)
    expect_heading(page, "Benvenuti, Virginia Bonetti")
    assert page.js_errors == []


def expect_heading(page, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("h1")).to_have_text(text)
