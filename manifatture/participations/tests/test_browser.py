"""The call-for-hosts pages in a real Chromium: accessibility (axe), CSP, and the formset script."""

import pytest
from django.urls import reverse

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.models import Application
from manifatture.participations.tests.factories import (
    ApplicationFactory,
    ProposedActivityFactory,
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_host_adds_a_proposed_activity_with_the_script(page, live_server):
    EditionFactory()
    member = MembershipFactory().user
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    log_in(page, live_server, member)

    page.goto(reverse("participations:start"))
    check(page)

    page.goto(reverse("participations:edit", args=[application.pk]))
    check(page)
    assert page.locator("fieldset[data-formset-row]").count() == 1
    page.get_by_role("button", name="Aggiungi un'altra attività").click()
    assert page.locator("fieldset[data-formset-row]").count() == 2
    page.select_option("#id_activities-0-kind", "guided_visit")
    page.fill("#id_activities-0-title", "Visita al reparto")
    page.select_option("#id_activities-1-kind", "workshop")
    page.fill("#id_activities-1-title", "Laboratorio di saldatura")
    page.get_by_role("button", name="Salva la bozza").click()
    page.get_by_text("Bozza salvata.").wait_for()
    assert list(application.proposed_activities.values_list("title", flat=True)) == [
        "Visita al reparto",
        "Laboratorio di saldatura",
    ]
    check(page)

    page.goto(application.get_absolute_url())
    check(page)


def test_review_and_staff_pages_are_accessible(page, live_server):
    edition = EditionFactory()
    ReviewCriterionFactory(edition=edition, description_it="Cosa vedranno i visitatori")
    application = SubmittedApplicationFactory(edition=edition)
    ProposedActivityFactory(application=application)

    log_in(page, live_server, ReviewerFactory())
    page.goto(reverse("participations:review_queue"))
    check(page)
    page.goto(reverse("participations:review", args=[application.pk]))
    check(page)
    # Bootstrap Italia draws the radio on its label: click the label, as people do.
    page.locator("label", has_text="4").first.click()
    page.get_by_role("button", name="Salva la valutazione").click()
    page.wait_for_url(f"**{reverse('participations:review_queue')}")
    assert application.reviews.count() == 1

    log_in(page, live_server, StaffFactory())
    for url in (
        reverse("participations:staff_applications"),
        reverse("participations:staff_application", args=[application.pk]),
        reverse("participations:staff_criteria", args=[edition.year]),
        reverse("participations:staff_criterion_create", args=[edition.year]),
    ):
        page.goto(url)
        check(page)
    page.goto(reverse("participations:staff_application", args=[application.pk]))
    page.locator("label", has_text="Accetta la candidatura").click()
    page.get_by_role("button", name="Registra la decisione").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.state == Application.State.ACCEPTED
    check(page)
