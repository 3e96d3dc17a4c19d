import datetime

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import services
from manifatture.accounts.exceptions import (
    EmailAlreadyRegistered,
    ExpiredVerificationLink,
    InvalidVerificationLink,
)
from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_register_user_creates_an_unverified_account(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.register_user(
            email=" Luca@Esempio.it ", full_name="Luca Sala", password="pialla-e-sgorbia-77"
        )

    assert user.email == "luca@esempio.it"
    assert user.check_password("pialla-e-sgorbia-77")
    assert user.role == User.Role.VISITOR
    assert user.email_verified is False
    assert [m.to for m in mail.outbox] == [["luca@esempio.it"]]


@pytest.mark.django_db
def test_register_user_without_mail_for_demo_data(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.register_user(
            email="luca@esempio.it",
            full_name="Luca Sala",
            password="pialla-e-sgorbia-77",
            send_verification=False,
        )
        services.verify_email(user)

    assert mail.outbox == []
    assert User.objects.get().email_verified


@pytest.mark.django_db
def test_register_user_refuses_duplicate_address():
    UserFactory(email="luca@esempio.it")
    with pytest.raises(EmailAlreadyRegistered):
        services.register_user(email="LUCA@esempio.it", full_name="Luca", password="x-y-z-1234")


@pytest.mark.django_db
def test_verify_email_keeps_the_first_moment():
    first = timezone.now() - datetime.timedelta(days=2)
    user = UserFactory(email_verified_at=first)

    services.verify_email(user)

    user.refresh_from_db()
    assert user.email_verified_at == first


@pytest.mark.django_db
def test_tampered_token_is_refused(client):
    user = UserFactory(email_verified_at=None)
    token = services.make_verification_token(user)

    response = client.get(reverse("accounts:verify_email", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 400
    assert response.context["message"] == InvalidVerificationLink.default_message
    user.refresh_from_db()
    assert user.email_verified_at is None


@pytest.mark.django_db
def test_expired_token_is_refused(client, settings):
    user = UserFactory(email_verified_at=None)
    token = services.make_verification_token(user)
    settings.EMAIL_VERIFICATION_MAX_AGE = -1

    response = client.get(reverse("accounts:verify_email", kwargs={"token": token}))

    assert response.status_code == 400
    assert response.context["message"] == ExpiredVerificationLink.default_message
    assert response.context["expired"] is True
    user.refresh_from_db()
    assert user.email_verified_at is None


@pytest.mark.django_db
def test_token_for_an_old_address_is_refused():
    user = UserFactory(email="vecchio@esempio.it", email_verified_at=None)
    token = services.make_verification_token(user)
    User.objects.filter(pk=user.pk).update(email="nuovo@esempio.it")

    with pytest.raises(InvalidVerificationLink):
        services.verify_email_token(token)


@pytest.mark.django_db
def test_token_signed_for_another_purpose_is_refused():
    user = UserFactory(email_verified_at=None)
    token = signing.dumps({"user": user.pk, "email": user.email}, salt="altro")

    with pytest.raises(InvalidVerificationLink):
        services.verify_email_token(token)


@pytest.mark.django_db
def test_resend_sends_to_unverified_and_says_the_same_otherwise(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="da-verificare@esempio.it", email_verified_at=None)
    UserFactory(email="verificato@esempio.it")
    url = reverse("accounts:resend_verification")

    answers = []
    for email in ["Da-Verificare@esempio.it", "verificato@esempio.it", "nessuno@esempio.it"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email}, follow=True)
        answers.append([str(m) for m in response.context["messages"]])

    assert [m.to for m in mail.outbox] == [["da-verificare@esempio.it"]]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0] == [
        "Se l'indirizzo corrisponde a un account ancora da verificare, vi abbiamo inviato "
        "un nuovo link."
    ]
