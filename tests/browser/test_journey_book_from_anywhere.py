"""Book from anywhere (issue 13, journey 1), in Chromium: an anonymous visitor
chooses a slot and a party size on an activity page and presses "Prenota"; the
login page says why it asks; sign-up, the verification link and login keep
where they were going; the person lands on the booking of the same slot with
the party size kept, one click from the ticket. axe on every page.

The same steps through the views, with the checks on `next`:
manifatture/bookings/tests/test_book_from_anywhere.py."""

import re

import pytest
from django.core import mail

from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings.models import Booking
from manifatture.editions.tests.factories import PhasedEditionFactory
from tests.browser.support import (
    accessible,
    expect,
    field,
    sign_up,
    submit_login,
    verification_path,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "paola.riva@esempio.it"
PASSWORD = "Filo-e-ago-1970"


def test_an_anonymous_visitor_books_through_sign_up_and_keeps_the_party_size(page):
    edition = PhasedEditionFactory(registration=True, is_current=True)
    activity = ActivityFactory(edition=edition, title_it="Visita alla fonderia artistica")
    slot = TimeSlotFactory(activity=activity, capacity=10)

    page.goto(activity.get_absolute_url())
    accessible(page, "activity")
    page.get_by_label("Persone", exact=True).fill("3")
    page.get_by_role("button", name=re.compile("^Prenota il turno")).click()

    # The login page says why it asks, and offers to sign up.
    expect(page.get_by_role("heading", name="Accedi", level=1)).to_be_visible()
    expect(page.get_by_text("Accedete o registratevi per prenotare.")).to_be_visible()
    accessible(page, "login-why")
    page.get_by_role("link", name="Non avete un account? Registratevi").click()

    expect(page.get_by_role("heading", name="Crea un account", level=1)).to_be_visible()
    accessible(page)
    sign_up(page, full_name="Paola Riva", email=EMAIL, password=PASSWORD)

    expect(page.get_by_text("tornerete alla pagina da cui siete partiti")).to_be_visible()
    accessible(page, "check-inbox")

    # The link in the e-mail; the login page after it knows the address.
    page.goto(verification_path(mail.outbox[0]))
    expect(page.get_by_text("Indirizzo verificato, grazie!")).to_be_visible()
    expect(field(page, "E-mail")).to_have_value(EMAIL)
    accessible(page)
    submit_login(page, EMAIL, PASSWORD)

    # Back on the booking of the same slot, the party size kept: one click to the ticket.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Prenota «Visita alla fonderia artistica»"
    )
    expect(page.get_by_label(re.compile("^Persone"))).to_have_value("3")
    assert page.locator(".is-invalid, .invalid-feedback").count() == 0
    accessible(page, "booking-kept")
    page.locator("main").get_by_role("button", name="Prenota", exact=True).click()

    expect(
        page.get_by_text("Prenotazione confermata: «Visita alla fonderia artistica»")
    ).to_be_visible()
    accessible(page, "my-bookings")
    booking = Booking.objects.get()
    assert (booking.slot_id, booking.party_size, booking.visitor.email) == (slot.pk, 3, EMAIL)
    page.get_by_role("link", name=re.compile("^Mostra il biglietto")).click()
    expect(page.get_by_text(booking.ticket_code).first).to_be_visible()
    accessible(page, "ticket")
