import re
from unittest.mock import patch

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.urls import reverse

from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import UserFactory

SIGNUP = {
    "full_name": "Giulia  Brambilla",
    "email": "Giulia.Brambilla@Esempio.it",
    "password1": "torni-e-frese-1962",
    "password2": "torni-e-frese-1962",
    "privacy": "on",
}


def _link_in(message) -> str:
    match = re.search(r"http://testserver(/account/verifica/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.mark.django_db
def test_signup_sends_verification_then_the_link_lets_the_person_log_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:check_inbox")
    user = User.objects.get()
    assert user.email == "giulia.brambilla@esempio.it"
    assert user.full_name == "Giulia Brambilla"
    assert user.email_verified_at is None
    assert user.privacy_accepted_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["giulia.brambilla@esempio.it"]
    assert message.subject == "Verificate il vostro indirizzo e-mail – Manifatture Aperte"
    # Not the name typed in the form: whoever signs up chooses it, and this message
    # may reach someone else's inbox.
    assert message.body.startswith("Buongiorno,\n")
    assert "Giulia" not in message.body
    assert "Il link vale 3 giorni." in message.body
    inbox = client.get(response["Location"])
    assert "giulia.brambilla@esempio.it" in inbox.content.decode()

    # Not verified yet: the login refuses.
    response = client.post(
        reverse("accounts:login"),
        {"email": "giulia.brambilla@esempio.it", "password": SIGNUP["password1"]},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.get(_link_in(message))
    assert response.status_code == 302
    assert response["Location"] == "/account/accedi/?email=giulia.brambilla%40esempio.it"
    user.refresh_from_db()
    assert user.email_verified_at is not None

    response = client.post(
        reverse("accounts:login"),
        {"email": "GIULIA.brambilla@esempio.it", "password": SIGNUP["password1"]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_requires_privacy_consent_and_keeps_input(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "privacy": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["privacy"] == [
        "Per creare un account dovete accettare l'informativa sulla privacy."
    ]
    content = response.content.decode()
    assert 'value="Giulia.Brambilla@Esempio.it"' in content
    assert 'value="Giulia  Brambilla"' in content
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_with_an_address_already_registered_answers_as_for_a_new_one(
    client, django_capture_on_commit_callbacks
):
    """Enumeration: the page, its status and where it leads are those of a new
    address; the owner is told by e-mail instead, and nothing changes."""
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "nuova@esempio.it"})
    mail.outbox.clear()
    owner = UserFactory(email="giulia.brambilla@esempio.it", full_name="Giulia B.")
    password_before = owner.password

    with django_capture_on_commit_callbacks(execute=True):
        existing = client.post(
            reverse("accounts:signup"), {**SIGNUP, "email": "Giulia.Brambilla@ESEMPIO.it"}
        )

    assert (existing.status_code, existing["Location"]) == (new.status_code, new["Location"])
    assert existing["Location"] == reverse("accounts:check_inbox")
    assert User.objects.filter(email__iexact="giulia.brambilla@esempio.it").count() == 1
    owner.refresh_from_db()
    assert (owner.password, owner.full_name) == (password_before, "Giulia B.")
    [message] = mail.outbox
    assert message.to == ["giulia.brambilla@esempio.it"]
    assert message.subject == (
        "Qualcuno ha provato a registrarsi con il vostro indirizzo – Manifatture Aperte"
    )
    assert "http://testserver/account/accedi/" in message.body
    assert "http://testserver/account/password/" in message.body
    # The page after it is the same too.
    page = client.get(existing["Location"])
    assert page.status_code == 200
    assert "giulia.brambilla@esempio.it" in page.content.decode()


@pytest.mark.django_db
def test_signup_costs_one_password_hash_whether_or_not_the_address_has_an_account(client):
    UserFactory(email="giulia.brambilla@esempio.it")
    hasher = type(get_hasher())
    counts = {}
    for email in ("nuova@esempio.it", "giulia.brambilla@esempio.it"):
        # Every hasher computes a hash in `encode` (`verify` calls it too).
        with patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
            client.post(reverse("accounts:signup"), {**SIGNUP, "email": email})
        counts[email] = encode.call_count
    assert counts == {"nuova@esempio.it": 1, "giulia.brambilla@esempio.it": 1}


@pytest.mark.django_db
def test_signup_checks_the_passwords(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password2": "altra-cosa-1962"})
    assert response.context["form"].errors["password2"] == ["Le due password non coincidono."]

    response = client.post(
        reverse("accounts:signup"), {**SIGNUP, "password1": "12345678", "password2": "12345678"}
    )
    errors = response.context["form"].errors["password1"]
    assert errors == ["Questa password è troppo comune.", "Questa password è interamente numerica."]
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_database_refuses_two_addresses_differing_only_in_case():
    from django.db import IntegrityError

    UserFactory(email="anna@esempio.it")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANNA@esempio.it", full_name="Anna")


@pytest.mark.django_db
def test_logged_in_person_is_sent_from_signup_to_dashboard(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.django_db
def test_signup_page_renders(client):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert 'href="/account/privacy/"' in response.content.decode()
    assert client.get(reverse("accounts:privacy")).status_code == 200
