"""The IO app path in a real browser: a visitor logs in with SPID/CIE (a test
OpenID provider), finds the IO option from their consents, turns it on; a booking
then reaches the (fake) IO app with the visit as due date, as well as by e-mail;
turning it off erases the fiscal code."""

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.support import axe_violations
from tests.fake_io import KEY, ON_IO, FakeIo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_spid_visitor_turns_on_io_messages_and_a_booking_reaches_the_app(
    page, settings, live_server
):
    from playwright.sync_api import expect

    from manifatture.accounts.models import AppIoContact, User
    from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
    from manifatture.bookings import services as bookings
    from manifatture.editions.tests.factories import PhasedEditionFactory
    from tests.oidc_provider import OIDCProvider

    io = FakeIo()
    settings.IO_API_KEY, settings.IO_API_URL = KEY, io.url
    slot = TimeSlotFactory(
        activity=ActivityFactory(edition=PhasedEditionFactory(registration=True)), capacity=10
    )
    try:
        with OIDCProvider(client_id="manifatture", client_secret="segreto-di-prova") as provider:
            settings.OIDC_ISSUER = provider.issuer
            settings.OIDC_CLIENT_ID = "manifatture"
            settings.OIDC_CLIENT_SECRET = "segreto-di-prova"
            provider.user = {
                "sub": "spid-0042",
                "email": "mario.rossi@esempio.it",
                "email_verified": True,
                "given_name": "Mario",
                "family_name": "Rossi",
                "https://attributes.eid.gov.it/fiscal_number": f"TINIT-{ON_IO}",
            }
            page.context.route(
                lambda url: url.startswith(provider.issuer), lambda route: route.continue_()
            )
            page.goto("/account/accedi/")
            page.get_by_role("link", name="Entra con SPID / CIE").click()
            page.locator("label[for=id_privacy]").click(position={"x": 8, "y": 8})
            page.get_by_role("button", name="Crea l'account").click()
            expect(page.locator("h1")).to_have_text("Benvenuti, Mario Rossi")

        page.goto("/account/privacy/consensi/")
        page.get_by_role("link", name="Si attiva dalla pagina dell'app IO").click()
        expect(page.locator("h1")).to_have_text("Messaggi nell'app IO")
        assert axe_violations(page) == []
        page.get_by_role("button", name="Attiva i messaggi nell'app IO").click()
        expect(page.get_by_text("Attivi dal")).to_be_visible()
        user = User.objects.get(email="mario.rossi@esempio.it")
        assert AppIoContact.objects.get(user=user).fiscal_code == ON_IO

        bookings.book_slot(slot, visitor=user, party_size=2)
        [message] = io.messages
        assert message["fiscal_code"] == ON_IO
        assert message["content"]["subject"] == mail.outbox[-1].subject
        assert message["content"]["due_date"] == timezone.localtime(slot.starts_at).isoformat()

        page.get_by_role("button", name="Disattiva e cancella il codice fiscale").click()
        expect(page.get_by_role("button", name="Attiva i messaggi nell'app IO")).to_be_visible()
        assert not AppIoContact.objects.filter(user=user).exists()
        assert page.js_errors == []
    finally:
        io.close()
