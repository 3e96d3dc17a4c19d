import re

import pytest
from django.core import mail
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.mark.django_db
def test_password_reset_mail_goes_out_in_italian_and_the_link_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="sara@esempio.it", full_name="Sara Colombo")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "SARA@esempio.it"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sara@esempio.it"]
    assert message.subject == "Reimpostate la password – Manifatture Aperte"
    assert message.body.startswith("Buongiorno,\n")
    assert message.alternatives[0].mimetype == "text/html"
    path = re.search(r"http://testserver(/account/password/\S+/\S+/)", message.body).group(1)

    response = client.get(path, follow=True)
    assert response.context["validlink"] is True
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "nuova-pialla-2026", "new_password2": "nuova-pialla-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("nuova-pialla-2026")


@pytest.mark.django_db
def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "x@esempio.it"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_new_password_from_reset_link_also_verifies_the_address(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="sara@esempio.it", email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "sara@esempio.it"})
    path = re.search(r"http://testserver(/account/password/\S+/\S+/)", mail.outbox[0].body).group(1)

    response = client.get(path, follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "nuova-pialla-2026", "new_password2": "nuova-pialla-2026"},
    )

    user.refresh_from_db()
    assert user.email_verified


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "sbagliata",
            "new_password1": "nuova-pialla-2026",
            "new_password2": "nuova-pialla-2026",
        },
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert not user.check_password("nuova-pialla-2026")
