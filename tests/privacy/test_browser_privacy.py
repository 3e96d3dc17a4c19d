"""The privacy pages and the audit trail in a real browser: accessibility (axe),
CSP, and a visitor deleting their account end to end."""

import re

import pytest

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.browser.support import axe_violations, pass_second_factor, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user) -> None:
    page.goto("/account/accedi/")
    submit_login(page, user.email, PASSWORD)


def test_a_visitor_reads_the_notice_manages_consents_and_deletes_the_account(page):
    from playwright.sync_api import expect

    visitor = UserFactory(full_name="Giulia Brambilla")
    _log_in(page, visitor)
    page.wait_for_url("**/account/")

    page.goto("/account/privacy/")
    assert page.locator("h1").inner_text() == "Informativa sulla privacy"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ho letto questa versione dell'informativa").click()
    page.wait_for_url("**/account/")
    assert "è cambiata" not in page.content()

    page.goto("/account/privacy/consensi/")
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("^Do il consenso.*Indirizzo e-mail")).click()
    expect(
        page.get_by_role("button", name=re.compile("^Ritira il consenso.*Indirizzo e-mail"))
    ).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/account/privacy/cancella-account/")
    assert axe_violations(page) == []
    page.locator("#id_password").fill(PASSWORD)
    page.locator("label[for=id_confirm]").click(position={"x": 8, "y": 8})
    page.get_by_role("button", name="Cancella definitivamente il mio account").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert "Il vostro account è stato cancellato" in page.content()
    assert User.objects.get(pk=visitor.pk).is_anonymised
    assert page.js_errors == []


def test_staff_read_the_audit_trail(page):
    staff = StaffFactory(full_name="Giulia Staff")
    record_audit_event(actor=staff, action="ballots.draw_run", changes={"seed": 7})
    _log_in(page, staff)
    pass_second_factor(page, staff)

    page.goto("/account/registro-decisioni/")
    assert page.locator("h1").inner_text() == "Registro delle decisioni"
    assert "Sorteggio eseguito" in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Azione", exact=True).select_option("ballots.draw_run")
    page.get_by_role("button", name="Filtra").click()
    assert "1 evento" in page.content()
    assert page.js_errors == []
