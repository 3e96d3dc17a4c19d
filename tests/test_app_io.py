"""Booking messages in the IO app (accounts.appio) against a fake of IO's services
API that the test starts on 127.0.0.1: the profile check, then the message with
the visit as due date; only for people who turned it on after a SPID/CIE login;
never in the way of the e-mail; the fiscal code erased with the consent or the
account."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import appio, privacy
from manifatture.accounts.models import AppIoContact, Consent
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings import reconfirmation
from manifatture.bookings import services as bookings
from manifatture.editions.tests.factories import PhasedEditionFactory
from tests.fake_io import KEY, NOT_ON_IO, ON_IO, FakeIo

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_io(settings):
    fake = FakeIo()
    settings.IO_API_KEY = KEY
    settings.IO_API_URL = fake.url
    yield fake
    fake.close()


@pytest.fixture
def slot():
    edition = PhasedEditionFactory(registration=True)
    return TimeSlotFactory(activity=ActivityFactory(edition=edition), capacity=10)


def spid_session(client, user, fiscal_code):
    """A person logged in with SPID/CIE: the login put the fiscal code in the session."""
    client.force_login(user)
    session = client.session
    session[appio.SESSION_KEY] = fiscal_code
    session.save()


def test_the_fiscal_code_is_read_from_spid_and_cie_claims():
    claims = {"https://attributes.eid.gov.it/fiscal_number": "TINIT-rssmra80a01f205x"}
    assert appio.fiscal_code_from_claims(claims) == ON_IO
    assert appio.fiscal_code_from_claims({"fiscal_number": ON_IO}) == ON_IO
    assert appio.fiscal_code_from_claims({"fiscal_number": "not a code"}) == ""
    assert appio.fiscal_code_from_claims({}) == ""


def test_the_page_is_not_there_while_io_is_off(client, settings):
    settings.IO_API_KEY = ""
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:app_io")).status_code == 404


def test_without_a_spid_login_nothing_is_kept(client, fake_io):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("accounts:app_io")).content.decode()
    assert "Accedi con SPID o CIE" in page
    client.post(reverse("accounts:app_io"), {"action": "on"})
    assert not AppIoContact.objects.filter(user=user).exists()


def test_a_booking_confirmation_reaches_io_with_the_visit_as_due_date(
    client, fake_io, slot, django_capture_on_commit_callbacks
):
    user = UserFactory()
    spid_session(client, user, ON_IO)
    client.post(reverse("accounts:app_io"), {"action": "on"})
    assert AppIoContact.objects.get(user=user).fiscal_code == ON_IO
    assert privacy.latest_consents(user)[Consent.Purpose.APP_IO].given

    with django_capture_on_commit_callbacks(execute=True):
        bookings.book_slot(slot, visitor=user, party_size=2)

    assert len(mail.outbox) == 1  # the e-mail as always
    [message] = fake_io.messages
    assert message["fiscal_code"] == ON_IO
    assert message["content"]["subject"] == mail.outbox[0].subject
    assert timezone.localtime(slot.starts_at).isoformat() == message["content"]["due_date"]


def test_people_who_did_not_ask_get_nothing_in_io(
    fake_io, slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bookings.book_slot(slot, visitor=UserFactory(), party_size=1)
    assert len(mail.outbox) == 1
    assert fake_io.messages == [] and fake_io.profile_checks == []


def test_someone_not_on_io_is_only_checked(
    client, fake_io, slot, django_capture_on_commit_callbacks
):
    user = UserFactory()
    spid_session(client, user, NOT_ON_IO)
    client.post(reverse("accounts:app_io"), {"action": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        bookings.book_slot(slot, visitor=user, party_size=1)
    assert fake_io.profile_checks == [NOT_ON_IO]
    assert fake_io.messages == []


def test_io_down_never_stops_the_email(client, fake_io, slot, django_capture_on_commit_callbacks):
    user = UserFactory()
    spid_session(client, user, ON_IO)
    client.post(reverse("accounts:app_io"), {"action": "on"})
    fake_io.down = True
    with django_capture_on_commit_callbacks(execute=True):
        booking = bookings.book_slot(slot, visitor=user, party_size=1)
    assert booking.pk and len(mail.outbox) == 1
    assert fake_io.messages == []


def test_turning_it_off_erases_the_fiscal_code(client, fake_io):
    user = UserFactory()
    spid_session(client, user, ON_IO)
    client.post(reverse("accounts:app_io"), {"action": "on"})
    client.post(reverse("accounts:app_io"), {"action": "off"})
    assert not AppIoContact.objects.filter(user=user).exists()
    assert not privacy.latest_consents(user)[Consent.Purpose.APP_IO].given


def test_deleting_the_account_erases_the_fiscal_code(client, fake_io):
    user = UserFactory()
    spid_session(client, user, ON_IO)
    client.post(reverse("accounts:app_io"), {"action": "on"})
    privacy.delete_account(user)
    assert not AppIoContact.objects.filter(user_id=user.pk).exists()


def test_the_request_to_confirm_a_visit_goes_to_io_too(
    client, fake_io, slot, django_capture_on_commit_callbacks
):
    """The reconfirmation asked before each slot (issue 15) reaches the IO app as
    well, with the visit as due date: the e-mail's own subject and text."""
    user = UserFactory()
    spid_session(client, user, ON_IO)
    client.post(reverse("accounts:app_io"), {"action": "on"})
    booking = bookings.book_slot(slot, visitor=user, party_size=1)
    with django_capture_on_commit_callbacks(execute=True):
        reconfirmation._email_request(booking)
    [message] = fake_io.messages
    assert message["content"]["subject"] == mail.outbox[-1].subject
    assert message["content"]["due_date"] == timezone.localtime(slot.starts_at).isoformat()
