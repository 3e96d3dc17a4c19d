"""A host adds a slot from a demand nudge, in a real Chromium: the waiting
list of a full visit passed the edition's threshold, the host's area says so
with the next free time, and one click adds the slot through the ordinary
slot form and service (axe on every page)."""

import pytest
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings import services
from manifatture.bookings.models import DemandNudge
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.participations.tests.factories import AcceptedApplicationFactory
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_a_host_adds_a_slot_from_a_demand_nudge(page, live_server):
    from playwright.sync_api import expect

    edition = PhasedEditionFactory(registration=True)
    membership = MembershipFactory()
    organisation = membership.organisation
    AcceptedApplicationFactory(edition=edition, organisation=organisation)
    visit = ActivityFactory(
        edition=edition,
        organisation=organisation,
        site=SiteFactory(organisation=organisation),
        title_it="Il tornio e la fresa",
        max_party_size=4,
    )
    starts = event_time(edition, day=0, hour=10)
    full = TimeSlotFactory(
        activity=visit, starts_at=starts, ends_at=starts.replace(hour=11), capacity=8
    )
    later = TimeSlotFactory(
        activity=visit,
        starts_at=starts.replace(hour=11),
        ends_at=starts.replace(hour=12),
        capacity=8,
    )
    # Both slots full: while one has room the list asks for no extra slot.
    for slot in (full, later):
        for _n in range(4):
            services.book_slot(slot, visitor=UserFactory(), party_size=2)
    for size in (4, 2):  # a family and a couple wait: 6 people for 8 places
        services.join_waiting_list(full, visitor=UserFactory(), party_size=size)
    nudge = DemandNudge.objects.get()

    log_in(page, live_server, membership.user)
    page.goto(reverse("activities:manage"))
    nudge_box = page.locator(".demand-nudge")
    expect(nudge_box).to_contain_text("«Il tornio e la fresa» è molto richiesta")
    expect(nudge_box).to_contain_text("8 posti e 6 persone in lista d'attesa")
    check(page)
    # 10:00 and 11:00 are taken: the next free hour of the day is 12:00.
    button = nudge_box.get_by_role("button", name="Aggiungi il turno di")
    expect(button).to_contain_text("12:00")
    button.click()

    expect(page.locator(".alert-success")).to_contain_text("Turno aggiunto.")
    expect(page.locator("h1")).to_contain_text("Il tornio e la fresa")
    expect(page.locator(".demand-nudge")).to_have_count(0)
    check(page)
    added = TimeSlot.objects.filter(activity=visit).order_by("starts_at").last()
    assert (added.starts_at, added.ends_at, added.capacity) == (
        starts.replace(hour=12),
        starts.replace(hour=13),
        8,
    )
    nudge.refresh_from_db()
    assert nudge.added_slot == added
