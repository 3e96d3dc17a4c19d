"""Call pages in a real Chromium: htmx autosave of a draft, accessibility (axe), CSP."""

import pytest

from manifatture.calls.models import Application
from manifatture.calls.tests.conftest import make_applicant
from manifatture.calls.tests.factories import (
    AdmissibleApplicationFactory,
    ApplicationFactory,
    CallFactory,
    CommitteeMemberFactory,
    CriterionFactory,
    RequirementFactory,
)
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


@pytest.fixture
def call():
    call = CallFactory(title_it="Bando Macchinari")
    CriterionFactory(call=call, name_it="Qualità del progetto")
    RequirementFactory(call=call, name_it="Piano di investimento")
    return call


def test_the_draft_saves_itself_as_the_person_types(page, live_server, call):
    from playwright.sync_api import expect

    applicant = make_applicant()
    application = ApplicationFactory(
        call=call, organisation=applicant.organisation, project_summary=""
    )
    log_in(page, live_server, applicant.user)
    page.goto(f"/bandi/domande/{application.pk}/modifica/")
    page.fill("#id_project_summary", "Un tornio per le piccole serie")
    page.locator("#id_project_summary").blur()
    expect(page.locator("#autosave-status")).to_contain_text("Bozza salvata automaticamente")
    application.refresh_from_db()
    assert application.project_summary == "Un tornio per le piccole serie"
    check(page)


def test_call_pages_are_accessible(page, live_server, call):
    applicant = make_applicant()
    far = make_applicant(province="BS", ateco="62.10.00")
    far.organisation.memberships.create(user=applicant.user, role="staff")
    log_in(page, live_server, applicant.user)
    page.goto("/bandi/")
    check(page)
    page.goto(call.get_absolute_url())
    check(page)
    assert "La vostra sede non è nella Città metropolitana di Milano." in page.content()


def test_review_page_is_accessible(page, live_server, call):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = CommitteeMemberFactory(call=call).reviewer
    log_in(page, live_server, reviewer)
    page.goto(f"/bandi/valutazione/{application.pk}/")
    check(page)
    page.click("label[for=id_has_conflict_0]")
    page.click("button[value=declare]")
    page.wait_for_url(f"**/bandi/valutazione/{application.pk}/")
    check(page)
    assert Application.objects.get().reviews.get().has_conflict is False
