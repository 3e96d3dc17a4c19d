"""Lockout after repeated failed logins, per address typed and per IP address,
counted in the database; the message never tells whether the account exists."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.models import LoginFailure
from manifatture.accounts.tests.factories import PASSWORD, UserFactory

LOCKED = (
    "Troppi tentativi di accesso non riusciti. Per sicurezza gli accessi sono sospesi per "
    "qualche minuto: riprovate più tardi, oppure reimpostate la password."
)
WRONG = "E-mail o password non corretti. Attenzione a maiuscole e minuscole nella password."


def attempt(client, email: str, password: str, ip: str = "192.0.2.10"):
    return client.post(
        reverse("accounts:login"), {"email": email, "password": password}, REMOTE_ADDR=ip
    )


def errors(response) -> list[str]:
    return response.context["form"].non_field_errors()


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_IP_FAILURE_LIMIT = 20
    settings.LOGIN_LOCKOUT_MINUTES = 15


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    UserFactory(email="marco@esempio.it")
    for _ in range(5):
        assert errors(attempt(client, "marco@esempio.it", "sbagliata")) == [WRONG]

    locked = attempt(client, "Marco@Esempio.it", PASSWORD, ip="198.51.100.7")

    assert errors(locked) == [LOCKED]
    assert "_auth_user_id" not in client.session
    # Attempts while locked are not counted: the lock ends on time.
    assert LoginFailure.objects.count() == 5


@pytest.mark.django_db
def test_an_unknown_address_locks_the_same_way(client):
    UserFactory(email="marco@esempio.it")
    for _ in range(5):
        attempt(client, "nessuno@esempio.it", "sbagliata")
        attempt(client, "marco@esempio.it", "sbagliata", ip="198.51.100.7")

    assert errors(attempt(client, "nessuno@esempio.it", "x")) == [LOCKED]
    assert errors(attempt(client, "marco@esempio.it", "x")) == [LOCKED]


@pytest.mark.django_db
def test_the_lock_ends_after_the_configured_minutes(client):
    UserFactory(email="marco@esempio.it")
    for _ in range(5):
        attempt(client, "marco@esempio.it", "sbagliata")
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(minutes=14))
    assert errors(attempt(client, "marco@esempio.it", PASSWORD)) == [LOCKED]

    LoginFailure.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    response = attempt(client, "marco@esempio.it", PASSWORD)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_successful_login_clears_the_count(client):
    user = UserFactory(email="marco@esempio.it")
    for _ in range(4):
        attempt(client, "marco@esempio.it", "sbagliata")
    assert attempt(client, "marco@esempio.it", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        attempt(client, "marco@esempio.it", "sbagliata")

    assert attempt(client, user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_ip_address_guessing_many_accounts_is_locked(client, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    UserFactory(email="marco@esempio.it")
    for n in range(6):
        attempt(client, f"persona{n}@esempio.it", "sbagliata", ip="203.0.113.5")

    assert errors(attempt(client, "marco@esempio.it", PASSWORD, ip="203.0.113.5")) == [LOCKED]
    # The account itself is not locked: from elsewhere it logs in.
    assert attempt(client, "marco@esempio.it", PASSWORD, ip="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_a_password_reset_unlocks_the_account(client, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://testserver"
    UserFactory(email="marco@esempio.it")
    for _ in range(5):
        attempt(client, "marco@esempio.it", "sbagliata", ip="198.51.100.7")
    assert errors(attempt(client, "marco@esempio.it", PASSWORD)) == [LOCKED]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "marco@esempio.it"})
    path = re.search(r"http://testserver(/account/password/\S+/\S+/)", mail.outbox[-1].body)
    response = client.get(path.group(1), follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "nuova-pialla-2026", "new_password2": "nuova-pialla-2026"},
    )

    assert attempt(client, "marco@esempio.it", "nuova-pialla-2026").status_code == 302


@pytest.mark.django_db
def test_old_failures_are_cleaned_up(client):
    for _ in range(3):
        attempt(client, "marco@esempio.it", "sbagliata")
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(days=1))

    attempt(client, "marco@esempio.it", "sbagliata")

    assert LoginFailure.objects.count() == 1


@pytest.mark.django_db
def test_behind_a_proxy_each_client_counts_for_itself(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    UserFactory(email="marco@esempio.it")

    def through_proxy(email, password, client_ip):
        return client.post(
            reverse("accounts:login"),
            {"email": email, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_ip}",
        )

    for n in range(3):
        through_proxy(f"persona{n}@esempio.it", "sbagliata", "203.0.113.5")

    assert errors(through_proxy("marco@esempio.it", PASSWORD, "203.0.113.5")) == [LOCKED]
    assert through_proxy("marco@esempio.it", PASSWORD, "198.51.100.7").status_code == 302
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
