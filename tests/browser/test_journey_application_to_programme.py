"""From application to programme (issue 13, journey 3), in Chromium: staff
accept an application; the host follows the acceptance e-mail's link to
programme management, finds the proposed activity there as a draft, completes
it, adds slots and publishes it; visitors then see it. axe on every page.
Checks on the data: manifatture/activities/tests/test_drafts_from_application.py."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.activities.models import Activity, Language
from manifatture.activities.tests.factories import event_time
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.participations import services as participations
from manifatture.participations.models import ActivityKind
from manifatture.participations.tests.factories import (
    ProposedActivityFactory,
    SubmittedApplicationFactory,
)
from tests.browser.support import accessible, add_slot, expect, field, log_in, publish_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Visita alla fonderia artistica"


def test_the_accepted_host_completes_and_publishes_its_proposed_activity(page, live_server):
    edition = PhasedEditionFactory(in_review=True, is_current=True)
    application = SubmittedApplicationFactory(edition=edition)
    site = SiteFactory(organisation=application.organisation)
    host = MembershipFactory(organisation=application.organisation).user
    ProposedActivityFactory(
        application=application,
        kind=ActivityKind.GUIDED_VISIT,
        title=TITLE,
        description="Dalla forma in terra alla colata del bronzo.",
        capacity=12,
        slots=2,
    )
    # A transactional test starts with empty tables: the languages the migration seeds.
    Language.objects.update_or_create(
        code="it", defaults={"name_it": "Italiano", "name_en": "Italian"}
    )
    participations.accept_application(application, by=StaffFactory())

    (message,) = [m for m in mail.outbox if host.email in m.to]
    link = re.search(r"https?://\S+/programma/gestione/", message.body).group(0)
    log_in(page, live_server, host)
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Gestione del programma", level=1)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Bozza")
    accessible(page, "manage-drafts")

    page.get_by_role("link", name=f"Completate e pubblicate {TITLE}").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(
        page.get_by_text("Nella candidatura avevate previsto 2 turni da 12 persone.")
    ).to_be_visible()
    accessible(page, "draft-edit")
    expect(field(page, "Titolo (italiano)")).to_have_value(TITLE)
    field(page, "Durata (minuti)").fill("90")
    page.get_by_role("button", name="Salva l'attività").click()
    expect(page.get_by_text("Attività salvata.")).to_be_visible()

    # Publishing before adding a slot says what is missing.
    page.get_by_role("button", name="Pubblica nel programma").click()
    expect(page.get_by_text("Prima di pubblicare aggiungete: almeno un turno.")).to_be_visible()
    for hour in (10, 15):
        start = event_time(edition, hour=hour)
        add_slot(page, start, start.replace(hour=hour + 1), seats="12")
    publish_activity(page)
    accessible(page)

    activity = Activity.objects.get(title_it=TITLE)
    assert (activity.status, activity.site, activity.duration_minutes) == ("published", site, 90)
    page.get_by_role("link", name="Vedi la pagina pubblica").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    accessible(page)
