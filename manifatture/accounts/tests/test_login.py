from unittest.mock import patch

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from manifatture.accounts.tests.factories import PASSWORD, UserFactory

NOT_VERIFIED = (
    "Il vostro indirizzo non è ancora verificato: aprite il link che vi abbiamo inviato per "
    "e-mail, oppure chiedetene uno nuovo."
)
WRONG = "E-mail o password non corretti. Attenzione a maiuscole e minuscole nella password."


@pytest.mark.django_db
def test_verified_person_logs_in_by_email_and_goes_to_next(client):
    user = UserFactory(email="marco@esempio.it")

    response = client.post(
        reverse("accounts:login") + "?next=/organizzazioni/le-mie/",
        {"email": "Marco@Esempio.it", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/organizzazioni/le-mie/"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_ignores_a_next_to_another_site(client):
    UserFactory(email="marco@esempio.it")

    response = client.post(
        reverse("accounts:login"),
        {"email": "marco@esempio.it", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.django_db
def test_unverified_account_with_right_password_is_told_to_verify(client):
    UserFactory(email="marco@esempio.it", email_verified_at=None)

    response = client.post(
        reverse("accounts:login"), {"email": "marco@esempio.it", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors() == [NOT_VERIFIED]
    content = response.content.decode()
    assert 'href="/account/verifica/nuovo-link/?email=marco%40esempio.it"' in content


@pytest.mark.django_db
def test_unverified_account_with_wrong_password_gets_the_generic_error(client):
    UserFactory(email="marco@esempio.it", email_verified_at=None)

    response = client.post(
        reverse("accounts:login"), {"email": "marco@esempio.it", "password": "sbagliata"}
    )

    assert response.context["form"].non_field_errors() == [WRONG]
    assert "nuovo-link/?email" not in response.content.decode()


@pytest.mark.django_db
def test_wrong_password_and_unknown_address_get_the_same_error(client):
    UserFactory(email="marco@esempio.it")

    wrong = client.post(reverse("accounts:login"), {"email": "marco@esempio.it", "password": "x"})
    unknown = client.post(
        reverse("accounts:login"), {"email": "nessuno@esempio.it", "password": PASSWORD}
    )

    assert wrong.context["form"].non_field_errors() == [WRONG]
    assert unknown.context["form"].non_field_errors() == [WRONG]
    assert 'value="nessuno@esempio.it"' in unknown.content.decode()


@pytest.mark.django_db
def test_inactive_account_cannot_log_in(client):
    UserFactory(email="marco@esempio.it", is_active=False)

    response = client.post(
        reverse("accounts:login"), {"email": "marco@esempio.it", "password": PASSWORD}
    )

    assert response.context["form"].non_field_errors() == [WRONG]


@pytest.mark.django_db
def test_logout_only_by_post(client):
    client.force_login(UserFactory())

    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 200
    assert "_auth_user_id" in client.session

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("editions:home")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_login_costs_one_password_hash_whoever_the_address_belongs_to(client):
    """The time a login takes must not tell whether an account exists or is
    verified: each answer checks exactly one password hash (counted on the
    hasher, not timed). An unverified account used to cost two."""
    UserFactory(email="verificato@esempio.it")
    UserFactory(email="da-verificare@esempio.it", email_verified_at=None)
    UserFactory(email="sospeso@esempio.it", is_active=False)
    hasher = type(get_hasher())
    attempts = [
        ("nessuno@esempio.it", PASSWORD),
        ("verificato@esempio.it", PASSWORD),
        ("verificato@esempio.it", "sbagliata-1234"),
        ("da-verificare@esempio.it", PASSWORD),
        ("da-verificare@esempio.it", "sbagliata-1234"),
        ("sospeso@esempio.it", PASSWORD),
    ]
    counts = []
    for email, password in attempts:
        client.logout()
        # Every hasher computes a hash in `encode` (`verify` calls it too).
        with patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
            client.post(reverse("accounts:login"), {"email": email, "password": password})
        counts.append(encode.call_count)
    assert counts == [1] * len(attempts)
