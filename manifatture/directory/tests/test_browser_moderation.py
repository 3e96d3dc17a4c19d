"""The invitation and moderation pages in a real browser: accessibility (axe), no
script errors under the CSP."""

import pytest

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory import services
from manifatture.directory.models import Organisation
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invitee_accepts_and_staff_moderate(page, live_server):
    owner = UserFactory(full_name="Elena Ferri")
    organisation = services.create_organisation(
        owner=owner, name="Liuteria Ferri", category=Organisation.Category.ATELIER
    )
    invitee = UserFactory(email="socia@esempio.it", full_name="Paola Neri")
    services.invite_member(organisation, email="socia@esempio.it", invited_by=owner)

    log_in(page, live_server, invitee)
    page.goto("/organizzazioni/le-mie/")
    assert "Elena Ferri vi invita" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accetta").click()
    page.wait_for_url("**/organizzazioni/le-mie/")
    assert "Liuteria Ferri" in page.locator("table").inner_text()
    assert "In attesa di verifica" in page.locator("table").inner_text()
    assert axe_violations(page) == []

    log_in(page, live_server, StaffFactory(), clear=True)
    page.goto("/organizzazioni/moderazione/")
    assert axe_violations(page) == []
    page.click(f"label[for=id_m{organisation.pk}-decision_0]")  # "Pubblica"
    page.get_by_role("button", name="Conferma la decisione").click()
    page.wait_for_url("**/organizzazioni/moderazione/")
    assert "«Liuteria Ferri»: pubblicata." in page.locator("main").inner_text()
    assert page.js_errors == []
    organisation.refresh_from_db()
    assert organisation.is_public
