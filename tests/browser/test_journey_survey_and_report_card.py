"""After the event, in a real Chromium: a visitor admitted at the door finds the
survey in their area, answers it once (the link then says so), and the host
opens its report card for the edition, sees the answer counted and downloads the
PDF. axe-core checks every page on the way."""

import datetime
import re

import pytest

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.surveys.models import SurveyResponse
from manifatture.surveys.tests.factories import SurveyResponseFactory
from manifatture.tickets.tests.factories import BookingFactory
from tests.browser.support import accessible, expect, log_in, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_answers_and_the_host_reads_the_report_card(page, live_server):
    edition = PhasedEditionFactory(event_on=True)
    host = MembershipFactory(organisation__name="Fonderia Artistica Battaglia")
    site = SiteFactory(organisation=host.organisation)
    activity = ActivityFactory(
        edition=edition, organisation=host.organisation, site=site, title_it="La colata del bronzo"
    )
    slot = TimeSlotFactory(
        activity=activity,
        capacity=20,
        starts_at=event_time(edition, hour=10),
        ends_at=event_time(edition, hour=11),
    )
    visitor = UserFactory(full_name="Sara Colombo")
    BookingFactory(
        slot=slot, visitor=visitor, checked_in_at=slot.starts_at - datetime.timedelta(minutes=5)
    )
    for comment in ("Guida bravissima", "", "", ""):
        SurveyResponseFactory(activity=activity, overall=4, comment=comment)

    # The visitor: the prompt in their area, the survey, the thanks.
    log_in(page, live_server, visitor)
    page.goto("/account/")
    expect(page.get_by_text("Avete 1 visita di cui dirci com'è andata")).to_be_visible()
    page.get_by_role("link", name="Rispondete ai questionari").click()
    expect(page.get_by_role("heading", name="I vostri questionari", level=1)).to_be_visible()
    accessible(page, "surveys-mine")
    page.get_by_role("link", name=re.compile("^Rispondete")).click()
    expect(page.get_by_role("heading", name="Com'è andata la visita?", level=1)).to_be_visible()
    answer_url = page.url
    accessible(page, "survey")
    page.get_by_role("button", name="Invia le risposte").click()
    # Nothing chosen: the errors, on their fields and in the summary.
    expect(page.get_by_role("heading", name="C'è un problema")).to_be_visible()
    tick(page, "5 – ottima")
    tick(page, "Sì")
    tick(page, "Sì, era la prima volta")
    page.get_by_label(re.compile("^Che cosa avete imparato")).fill(
        "Ho visto colare il bronzo nello stampo: emozionante."
    )
    page.get_by_role("button", name="Invia le risposte").click()
    expect(page.get_by_role("heading", name="Grazie delle risposte", level=1)).to_be_visible()
    accessible(page, "survey-thanks")
    assert SurveyResponse.objects.filter(activity=activity, overall=5).count() == 1
    page.goto(answer_url)
    expect(page.get_by_text("Avete già risposto a questo questionario")).to_be_visible()

    # The host: its report card, with the five answers and the comments, and the PDF.
    log_in(page, live_server, host.user, clear=True)
    page.goto("/account/")
    page.get_by_role("link", name=re.compile("^Pagelle di Fonderia Artistica Battaglia")).click()
    accessible(page)
    page.get_by_role("link", name=f"Pagella dell'edizione {edition.year}").click()
    expect(
        page.get_by_role("heading", name="Pagella di Fonderia Artistica Battaglia", level=1)
    ).to_be_visible()
    accessible(page, "report-card")
    mood = page.locator(
        "section", has=page.get_by_role("heading", name="Soddisfazione dei visitatori")
    )
    expect(mood).to_contain_text("4,2")
    expect(
        page.get_by_text("«Ho visto colare il bronzo nello stampo: emozionante.»")
    ).to_be_visible()
    expect(page.get_by_text("«Guida bravissima»")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica in PDF da stampare").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert (
        download.value.suggested_filename == f"pagella-{host.organisation.slug}-{edition.year}.pdf"
    )
