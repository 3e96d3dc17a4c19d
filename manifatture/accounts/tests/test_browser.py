"""Sign-up to dashboard in a real browser: accessibility (axe) and CSP."""

import re

import pytest
from django.core import mail

from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_verify_login_and_dashboard_are_accessible(page, settings, live_server):
    settings.SITE_URL = live_server.url

    page.goto("/account/registrati/")
    assert axe_violations(page) == []
    page.locator("#id_full_name").fill("Giulia Brambilla")
    page.locator("#id_email").fill("giulia@esempio.it")
    page.locator("#id_password1").fill("torni-e-frese-1962")
    page.locator("#id_password2").fill("torni-e-frese-1962")
    page.locator("label[for=id_privacy]").click(position={"x": 8, "y": 8})
    assert page.locator("#id_privacy").is_checked()
    page.get_by_role("button", name="Crea l'account").click()
    page.wait_for_url("**/controlla-la-posta/")
    assert axe_violations(page) == []

    page.goto("/account/accedi/")
    page.locator("#id_email").fill("giulia@esempio.it")
    page.locator("#id_password").fill("torni-e-frese-1962")
    page.get_by_role("button", name="Accedi").last.click()
    assert "non è ancora verificato" in page.locator(".alert-danger").inner_text()
    assert axe_violations(page) == []

    link = re.search(r"https?://\S+/account/verifica/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("#id_password").fill("torni-e-frese-1962")
    page.get_by_role("button", name="Accedi").last.click()
    page.wait_for_url("**/account/")
    assert page.locator("h1").inner_text() == "Benvenuti, Giulia Brambilla"
    assert axe_violations(page) == []
    assert page.js_errors == []
