"""Where the rate limits apply: login, sign-up, password reset, new
verification links, booking, waiting lists, applications, the API and the
open-data files. Past the limit: 429 with Retry-After, a page that says how
long to wait (JSON for the API), and the view not run."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import PASSWORD, UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.bookings.tests.conftest import make_slot
from manifatture.calls.tests.conftest import make_applicant
from manifatture.calls.tests.factories import ApplicationFactory as CallApplicationFactory
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.participations.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def assert_limited(response, *, seconds: int | None = None):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    if seconds is not None:
        assert int(response["Retry-After"]) == seconds
    assert "no-store" in response["Cache-Control"]
    assert "Troppe richieste" in response.content.decode()


# Accounts ---------------------------------------------------------------------------------


def login_post(client, email, address="198.51.100.1"):
    return client.post(
        reverse("accounts:login"),
        {"email": email, "password": "sbagliata"},
        REMOTE_ADDR=address,
    )


def test_login_is_limited_per_address(client, clock, limits):
    limits(login=(3, 300))
    for n in range(3):
        assert login_post(client, f"persona{n}@esempio.it").status_code == 200
    assert_limited(login_post(client, "altra@esempio.it"), seconds=400)
    # The page itself still opens, and another address may try.
    assert client.get(reverse("accounts:login"), REMOTE_ADDR="198.51.100.1").status_code == 200
    assert login_post(client, "altra@esempio.it", address="198.51.100.2").status_code == 200
    # The window resets.
    clock.advance(400)
    assert login_post(client, "altra@esempio.it").status_code == 200


def test_login_is_limited_per_e_mail_whatever_the_address(client, clock, limits):
    """Guessing one person's password from many addresses hits the same wall."""
    limits(login_email=(2, 300))
    assert login_post(client, "sara@esempio.it", "198.51.100.1").status_code == 200
    assert login_post(client, "SARA@esempio.it ", "198.51.100.2").status_code == 200
    assert_limited(login_post(client, "Sara@Esempio.it", "198.51.100.3"))
    assert login_post(client, "altra@esempio.it", "198.51.100.3").status_code == 200


def test_a_limited_login_does_not_log_in_even_with_the_right_password(client, limits):
    user = UserFactory()
    limits(login_email=(1, 300))
    login_post(client, user.email)
    response = client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert_limited(response)
    assert "_auth_user_id" not in client.session


SIGNUP = {
    "full_name": "Giulia Brambilla",
    "password1": "torni-e-frese-1962",
    "password2": "torni-e-frese-1962",
    "privacy": "on",
}


def test_sign_up_is_limited_per_address(client, clock, limits, django_capture_on_commit_callbacks):
    limits(signup=(2, 3600))
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            response = client.post(
                reverse("accounts:signup"), {**SIGNUP, "email": f"giulia{n}@esempio.it"}
            )
            assert response.status_code == 302
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                reverse("accounts:signup"), {**SIGNUP, "email": "giulia9@esempio.it"}
            )
    assert_limited(response)
    assert writes(captured) == []
    assert User.objects.count() == 2
    assert len(mail.outbox) == 2
    other = client.post(
        reverse("accounts:signup"),
        {**SIGNUP, "email": "giulia9@esempio.it"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert other.status_code == 302
    clock.advance(7200)
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "giulia8@esempio.it"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("url_name", "limit_name", "verified"),
    [
        ("accounts:password_reset", "password_reset", True),
        ("accounts:resend_verification", "verification", False),
    ],
)
def test_e_mail_requests_are_limited_per_address(
    client, clock, limits, django_capture_on_commit_callbacks, url_name, limit_name, verified
):
    """Nobody can make us mail a person over and over."""
    user = UserFactory(email="sara@esempio.it")
    if not verified:
        User.objects.filter(pk=user.pk).update(email_verified_at=None)
    limits(**{limit_name: (2, 3600)})
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            response = client.post(reverse(url_name), {"email": "sara@esempio.it"})
            assert response.status_code == 302
        assert_limited(client.post(reverse(url_name), {"email": "sara@esempio.it"}))
    # One e-mail: the second request came while the first link was valid (outreach).
    assert len(mail.outbox) == 1
    response = client.post(
        reverse(url_name), {"email": "sara@esempio.it"}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 302
    clock.advance(7200)
    assert client.post(reverse(url_name), {"email": "sara@esempio.it"}).status_code == 302


# Bookings ---------------------------------------------------------------------------------


@pytest.fixture
def slots():
    # Slots of three activities: one booking per activity and visitor is a rule of its own.
    edition = PhasedEditionFactory(registration=True)
    return [
        make_slot(ActivityFactory(edition=edition), hour=hour, capacity=5) for hour in (10, 12, 14)
    ]


def test_booking_posts_are_limited_per_visitor(client, clock, limits, slots):
    limits(booking=(2, 60))
    visitor, other = UserFactory(), UserFactory()
    client.force_login(visitor)
    book = [reverse("bookings:book", args=[slot.pk]) for slot in slots]
    assert client.post(book[0], {"party_size": "1"}).status_code == 302
    assert client.post(book[1], {"party_size": "1"}).status_code == 302
    assert_limited(client.post(book[2], {"party_size": "1"}))
    # Booking for a group counts in the same allowance.
    assert_limited(
        client.post(
            reverse("bookings:book_group", args=[slots[2].pk]),
            {"party_size": "2", "group_name": "Scuola"},
        )
    )
    assert Booking.objects.filter(visitor=visitor).count() == 2
    # Looking is not limited; another visitor books.
    assert client.get(book[2]).status_code == 200
    client.force_login(other)
    assert client.post(book[2], {"party_size": "1"}).status_code == 302
    client.force_login(visitor)
    clock.advance(120)
    assert client.post(book[2], {"party_size": "1"}).status_code == 302


def test_waiting_list_posts_are_limited_per_visitor(client, clock, limits):
    limits(waiting_list=(2, 60))
    activity = ActivityFactory(edition=PhasedEditionFactory(registration=True))
    full = [make_slot(activity, hour=hour, capacity=1, seats_taken=1) for hour in (10, 12, 14)]
    visitor = UserFactory()
    client.force_login(visitor)
    for slot in full[:2]:
        response = client.post(
            reverse("bookings:join_waiting_list", args=[slot.pk]), {"party_size": "1"}
        )
        assert response.status_code == 302
    join = reverse("bookings:join_waiting_list", args=[full[2].pk])
    assert_limited(client.post(join, {"party_size": "1"}))
    assert WaitingListEntry.objects.filter(visitor=visitor).count() == 2
    client.force_login(UserFactory())
    assert client.post(join, {"party_size": "1"}).status_code == 302
    client.force_login(visitor)
    clock.advance(120)
    assert client.post(join, {"party_size": "1"}).status_code == 302


# Applications -----------------------------------------------------------------------------


def test_host_application_posts_are_limited_per_person(client, clock, limits):
    limits(applications=(2, 600))
    member = MembershipFactory().user
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    client.force_login(member)
    edit = reverse("participations:edit", args=[application.pk])
    for _ in range(2):
        assert client.post(edit, {}).status_code != 429
    assert_limited(client.post(edit, {}))
    assert client.get(edit).status_code == 200
    colleague = MembershipFactory(organisation=application.organisation).user
    client.force_login(colleague)
    assert client.post(edit, {}).status_code != 429
    client.force_login(member)
    clock.advance(1200)
    assert client.post(edit, {}).status_code != 429


def test_call_application_posts_are_limited_per_person(client, clock, limits):
    limits(applications=(2, 600))
    applicant = make_applicant()
    application = CallApplicationFactory(organisation=applicant.organisation)
    client.force_login(applicant.user)
    edit = reverse("calls:edit", args=[application.pk])
    data = {"project_summary": "Un tornio", "amount_requested": "1000", "action": "save"}
    for _ in range(2):
        assert client.post(edit, data).status_code != 429
    with CaptureQueriesContext(connection) as captured:
        response = client.post(edit, data)
    assert_limited(response)
    assert writes(captured) == []
    clock.advance(1200)
    assert client.post(edit, data).status_code != 429


# The API and the open-data files ---------------------------------------------------------


def test_api_and_open_data_files_share_one_limit_per_address(client, clock, limits):
    limits(api=(2, 60))
    assert client.get(reverse("api:editions-list")).status_code == 200
    assert client.get(reverse("opendata:datapackage")).status_code == 200
    response = client.get(reverse("opendata:file", args=["editions", "csv"]))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response.json()["error"]["code"] == "rate_limited"
    response = client.get(reverse("api:editions-list"))
    assert response.status_code == 429
    assert client.get(reverse("api:editions-list"), REMOTE_ADDR="198.51.100.9").status_code == 200
    clock.advance(120)
    assert client.get(reverse("api:editions-list")).status_code == 200


def test_behind_the_proxy_each_client_has_its_own_allowance(client, clock, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    limits(api=(1, 60))

    def get(forwarded):
        return client.get(
            reverse("api:editions-list"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        )

    assert get("198.51.100.1").status_code == 200
    assert get("198.51.100.2").status_code == 200
    # Writing another address in front doesn't make a new client.
    assert get("10.0.0.1, 198.51.100.1").status_code == 429
