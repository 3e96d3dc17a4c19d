"""Issue 15: a visitor confirms their visit from the e-mail, in a real
Chromium, without logging in; opening the link again says it is confirmed,
and their area shows it. axe runs on each page, on a phone and a desktop."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings import reconfirmation, services
from manifatture.bookings.models import Booking
from manifatture.editions.tests.factories import EditionFactory
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def check(page) -> None:
    violations = axe_violations(page)
    # Known, outside this journey: below the lg breakpoint the header's account
    # link (templates/base.html) hides its only text.
    violations = [
        v for v in violations if not (v["id"] == "link-name" and v["nodes"] == [[".btn-icon"]])
    ]
    assert violations == []
    assert page.js_errors == []


def test_a_visitor_confirms_from_the_email(page, live_server):
    from playwright.sync_api import expect

    now = timezone.now().replace(microsecond=0)
    edition = EditionFactory(
        registration_opens=now - datetime.timedelta(days=5),
        registration_closes=now + datetime.timedelta(days=3),
        event_start=timezone.localdate(),
        event_end=timezone.localdate() + datetime.timedelta(days=3),
    )
    starts = now + datetime.timedelta(hours=32)
    slot = TimeSlotFactory(
        activity=ActivityFactory(edition=edition, title_it="Nascita di un violino"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    visitor = UserFactory(full_name="Sara Colombo")
    booking = services.book_slot(slot, visitor=visitor, party_size=2)
    Booking.objects.filter(pk=booking.pk).update(created_at=now - datetime.timedelta(days=5))
    mail.outbox.clear()
    assert reconfirmation.ask_for_reconfirmation() == 1
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/prenotazioni/conferma/\S+/", message.body).group(0)

    # Their area asks for it too, with the deadline.
    page.set_viewport_size(PHONE)
    log_in(page, live_server, visitor)
    page.goto(reverse("bookings:mine"))
    pending = page.locator(f'[data-reconfirm="{booking.pk}"]')
    expect(pending).to_contain_text("Nascita di un violino")
    expect(pending).to_contain_text("Da confermare entro")
    check(page)

    # From the e-mail, on a phone, without logging in.
    page.context.clear_cookies()
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Conferma la visita")
    expect(page.locator("main")).to_contain_text("Nascita di un violino")
    check(page)
    booking.refresh_from_db()
    assert booking.reconfirmed_at is None  # opening the link is not confirming

    page.get_by_role("button", name="Confermo, ci sarò").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visita confermata")
    expect(page.locator("[data-reconfirmed]")).to_contain_text("Grazie: avete confermato")
    check(page)
    booking.refresh_from_db()
    confirmed_at = booking.reconfirmed_at
    assert confirmed_at is not None

    # The same link again, on a desktop: it says so and changes nothing.
    page.set_viewport_size(DESKTOP)
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Visita confermata")
    expect(page.get_by_role("button", name="Confermo, ci sarò")).to_have_count(0)
    check(page)
    booking.refresh_from_db()
    assert booking.reconfirmed_at == confirmed_at

    # The visitor's area shows it confirmed, with nothing left to confirm.
    log_in(page, live_server, visitor, clear=True)
    page.goto(reverse("bookings:mine"))
    expect(page.locator("main")).to_contain_text("Visita confermata")
    expect(page.get_by_role("heading", name="Visite da confermare")).to_have_count(0)
    check(page)
    # And the deadline passes without a release.
    assert reconfirmation.release_unconfirmed(now=booking.reconfirm_by) == 0
