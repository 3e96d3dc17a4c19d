"""Review on time and Numbers (issue 13, journeys 7 and 8), in Chromium, axe on
every page: a reviewer finds a closed review without a form; city staff reopen
it with a reason and the reviewer scores; the public numbers show only
published editions and say what each figure counts; the staff dashboard's
tables scroll inside a labelled region on a phone, never off the page."""

import datetime
import re

import pytest
from django.utils import timezone

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations.models import Review
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)
from tests.browser.support import SHOTS, accessible, expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_closed_review_is_reopened_by_staff_on_purpose(page, live_server):
    now = timezone.now()
    edition = EditionFactory(
        host_call_opens=now - datetime.timedelta(days=40),
        host_call_closes=now - datetime.timedelta(days=20),
        review_closes=now - datetime.timedelta(days=1),
    )
    criterion = ReviewCriterionFactory(edition=edition, name_it="Qualità delle attività")
    application = SubmittedApplicationFactory(edition=edition)
    reviewer = ReviewerFactory()
    log_in(page, live_server, reviewer)

    page.goto(f"/candidature/valutazione/{application.pk}/")
    expect(page.get_by_text(re.compile("^La valutazione si è chiusa il"))).to_be_visible()
    expect(page.get_by_role("button", name="Salva la valutazione")).to_have_count(0)
    accessible(page, "review-closed")

    staff = StaffFactory()
    log_in(page, live_server, staff, clear=True)
    page.goto(f"/candidature/gestione/{application.pk}/")
    expect(page.get_by_role("heading", name="Fase di valutazione")).to_be_visible()
    accessible(page, "staff-reopen")
    page.get_by_label(re.compile("^Per quanti giorni")).fill("2")
    page.get_by_label(re.compile("^Perché la riaprite")).fill("Un valutatore era malato.")
    page.get_by_role("button", name="Riapri la valutazione").click()
    expect(page.get_by_text(re.compile("^Valutazione riaperta fino al"))).to_be_visible()
    expect(
        page.get_by_text(re.compile("I valutatori possono dare punteggi fino al"))
    ).to_be_visible()
    accessible(page)
    event = AuditEvent.objects.get(action="participations.review_reopened")
    assert (event.actor, event.summary) == (staff, "Un valutatore era malato.")

    log_in(page, live_server, reviewer, clear=True)
    page.goto(f"/candidature/valutazione/{application.pk}/")
    group = page.get_by_role("group", name=re.compile("^Qualità delle attività"))
    group.locator("label", has_text="4").click()
    page.get_by_role("button", name="Salva la valutazione").click()
    expect(page.get_by_text("Valutazione salvata.")).to_be_visible()
    assert Review.objects.get().scores.get(criterion=criterion).value == 4


def test_public_numbers_and_the_dashboard_tables(page, live_server):
    past = PhasedEditionFactory(year=2019, past=True, title="Manifatture Aperte 2019")
    current = PhasedEditionFactory(registration=True, is_current=True, title="Edizione viva")
    PhasedEditionFactory(
        year=2031, upcoming=True, is_current=False, title="Edizione in preparazione"
    )
    for edition in (past, current):
        application = AcceptedApplicationFactory(edition=edition)
        activity = ActivityFactory(edition=edition, organisation=application.organisation)
        TimeSlotFactory(activity=activity)

    page.goto("/numeri/")
    main = page.locator("main")
    expect(main).to_contain_text("Edizione viva")
    expect(main).not_to_contain_text("Edizione in preparazione")
    expect(main).to_contain_text("visitatori con prenotazione")
    expect(main).to_contain_text("posti delle prenotazioni confermate, non le persone entrate")
    accessible(page, "numbers")

    log_in(page, live_server, StaffFactory())
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/numeri/cruscotto/")
    accessible(page)
    regions = page.locator("[role=region][tabindex='0']")
    assert regions.count() >= 3
    # The page itself never scrolls sideways: wide tables scroll inside their region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = regions.first
    label = page.locator(f"#{first.get_attribute('aria-labelledby')}").inner_text()
    assert label
    assert first.evaluate("el => el.scrollWidth > el.clientWidth")
    # The charts' words and figures are at least 12 px as drawn on the phone
    # (an SVG text's size times the SVG's scale to the screen).
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.insights-chart *')]
            .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(el => parseFloat(getComputedStyle(el).fontSize)
                * (el.getScreenCTM ? el.getScreenCTM().a : 1))"""
    )
    assert len(drawn) >= 3
    assert min(drawn) >= 12
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-390.png", full_page=False)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=f"{SHOTS}/dashboard-1280.png", full_page=True)
