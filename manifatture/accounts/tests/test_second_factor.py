"""Two-factor authentication: staff (and admin accounts) must pass a TOTP code
after the password before any page; others may turn it on. These tests log in
through the login page: the test client's force_login stands for a login with
both factors (see the root conftest)."""

import hashlib
import re
import time
from datetime import timedelta

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import second_factor, services
from manifatture.accounts.models import LoginFailure, RecoveryCode, User
from manifatture.accounts.tests.factories import (
    PASSWORD,
    ReviewerFactory,
    StaffFactory,
    UserFactory,
)

WRONG_CODE = (
    "Il codice non è valido o è già stato usato. Inserite il codice di 6 cifre che l'app "
    "mostra adesso, oppure uno dei codici di recupero."
)
LOCKED = (
    "Troppi codici sbagliati. Per sicurezza la verifica è sospesa per qualche minuto: "
    "riprovate più tardi."
)
STAFF_PAGE = "insights:dashboard"


def password_login(client, user, next_url: str = ""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"email": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)
    return response


def enrol(user) -> tuple[str, list[str]]:
    """Turn the second factor on for `user`; returns the secret and the recovery codes.
    The enrolling code is one step back, so the current one is still unused; not
    in a step's last seconds, which would make it two steps back when checked."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.1)
    secret = second_factor.new_secret()
    past = pyotp.TOTP(secret).at(timezone.now() - timedelta(seconds=30))
    codes = services.enable_second_factor(user, secret=secret, code=past)
    return secret, codes


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def form_errors(response) -> list[str]:
    return response.context["form"].errors.get("code", [])


@pytest.mark.django_db
def test_staff_without_a_second_factor_must_set_it_up_before_any_staff_page(client):
    staff = StaffFactory()

    response = password_login(client, staff, next_url="/numeri/")

    assert response["Location"] == reverse("accounts:second_factor_setup") + "?next=%2Fnumeri%2F"
    for url in (reverse(STAFF_PAGE), reverse("admin:index"), reverse("accounts:dashboard"), "/"):
        refused = client.get(url)
        assert refused.status_code == 302
        assert refused["Location"].startswith(reverse("accounts:second_factor_setup"))

    page = client.get(reverse("accounts:second_factor_setup"))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'src="data:image/svg+xml' in content
    secret = client.session[second_factor.PENDING_SECRET_KEY]
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in content

    wrong = client.post(reverse("accounts:second_factor_setup"), {"code": "000000"})
    assert form_errors(wrong) == [WRONG_CODE]
    staff.refresh_from_db()
    assert not staff.second_factor_enabled

    done = client.post(
        reverse("accounts:second_factor_setup"),
        {"code": current_code(secret), "next": "/numeri/"},
    )

    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>", done.content.decode())
    assert len(set(codes)) == 10
    staff.refresh_from_db()
    assert staff.second_factor_enabled and staff.totp_secret == secret
    # Only hashes are stored.
    stored = set(RecoveryCode.objects.filter(user=staff).values_list("code_hash", flat=True))
    assert stored == {hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes}
    assert client.get(reverse(STAFF_PAGE)).status_code == 200


@pytest.mark.django_db
def test_enrolled_staff_pass_the_code_before_staff_pages_and_the_admin(client):
    staff = StaffFactory(is_staff=True)
    secret, _ = enrol(staff)

    response = password_login(client, staff, next_url="/numeri/")

    assert response["Location"] == reverse("accounts:second_factor") + "?next=%2Fnumeri%2F"
    assert client.get(reverse(STAFF_PAGE))["Location"] == (
        reverse("accounts:second_factor") + "?next=%2Fnumeri%2Fcruscotto%2F"
    )
    assert client.get(reverse("admin:index"))["Location"].startswith(
        reverse("accounts:second_factor")
    )

    wrong = client.post(reverse("accounts:second_factor"), {"code": "123456"})
    assert wrong.status_code == 200
    assert form_errors(wrong) == [WRONG_CODE]
    assert client.get(reverse(STAFF_PAGE)).status_code == 302

    session_key = client.session.session_key
    right = client.post(
        reverse("accounts:second_factor"), {"code": current_code(secret), "next": "/numeri/"}
    )

    assert right["Location"] == "/numeri/"
    assert client.session.session_key != session_key  # a new key for the new rights
    assert client.get(reverse(STAFF_PAGE)).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_a_code_is_accepted_once(client):
    staff = StaffFactory()
    secret, _ = enrol(staff)
    code = current_code(secret)
    password_login(client, staff)
    assert client.post(reverse("accounts:second_factor"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))

    password_login(client, staff)
    replay = client.post(reverse("accounts:second_factor"), {"code": code})

    assert form_errors(replay) == [WRONG_CODE]
    assert client.get(reverse(STAFF_PAGE)).status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once(client):
    staff = StaffFactory()
    _, codes = enrol(staff)
    password_login(client, staff)

    response = client.post(
        reverse("accounts:second_factor"), {"code": codes[3].upper()}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert [str(m) for m in response.context["messages"]] == [
        "Avete usato un codice di recupero: ne restano 9. Generatene di nuovi dalla vostra "
        "area se vi servono."
    ]
    assert client.get(reverse(STAFF_PAGE)).status_code == 200
    client.post(reverse("accounts:logout"))

    password_login(client, staff)
    again = client.post(reverse("accounts:second_factor"), {"code": codes[3]})

    assert form_errors(again) == [WRONG_CODE]
    assert client.post(reverse("accounts:second_factor"), {"code": codes[4]}).status_code == 302


@pytest.mark.django_db
def test_wrong_codes_lock_the_second_step_for_a_while(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    staff = StaffFactory()
    secret, codes = enrol(staff)
    password_login(client, staff)
    for _ in range(3):
        client.post(reverse("accounts:second_factor"), {"code": "000000"})

    locked = client.post(reverse("accounts:second_factor"), {"code": current_code(secret)})

    assert form_errors(locked) == [LOCKED]
    assert client.post(reverse("accounts:second_factor"), {"code": codes[0]}).status_code == 200
    assert client.get(reverse(STAFF_PAGE)).status_code == 302

    LoginFailure.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    assert client.post(reverse("accounts:second_factor"), {"code": codes[0]}).status_code == 302


@pytest.mark.django_db
def test_a_password_alone_cannot_replace_the_app(client):
    staff = StaffFactory()
    secret, _ = enrol(staff)
    password_login(client, staff)

    response = client.get(reverse("accounts:second_factor_setup"))

    assert response["Location"] == reverse("accounts:second_factor")
    attacker_secret = second_factor.new_secret()
    client.post(reverse("accounts:second_factor_setup"), {"code": current_code(attacker_secret)})
    staff.refresh_from_db()
    assert staff.totp_secret == secret


@pytest.mark.django_db
def test_an_unverified_session_may_log_out_and_read_the_privacy_notice(client):
    staff = StaffFactory()
    enrol(staff)
    password_login(client, staff)

    assert client.get(reverse("accounts:privacy")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_new_login_asks_for_the_code_again(client):
    staff = StaffFactory()
    secret, _ = enrol(staff)
    password_login(client, staff)
    client.post(reverse("accounts:second_factor"), {"code": current_code(secret)})
    assert client.get(reverse(STAFF_PAGE)).status_code == 200
    client.logout()

    password_login(client, staff)

    assert client.get(reverse(STAFF_PAGE)).status_code == 302


@pytest.mark.django_db
def test_admin_accounts_need_it_too_and_the_admin_login_is_the_site_login(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    password_login(client, admin)

    assert client.get(reverse("admin:index"))["Location"].startswith(
        reverse("accounts:second_factor_setup")
    )
    client.logout()
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == reverse("accounts:login") + "?next=/admin/"


@pytest.mark.django_db
def test_visitors_and_reviewers_are_not_asked_unless_they_turned_it_on(client):
    reviewer = ReviewerFactory()

    response = password_login(client, reviewer)

    assert response["Location"] == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200

    # They turn it on from their area...
    page = client.get(reverse("accounts:second_factor_setup"))
    secret = client.session[second_factor.PENDING_SECRET_KEY]
    assert "Oltre alla password" in page.content.decode()
    client.post(reverse("accounts:second_factor_setup"), {"code": current_code(secret)})
    reviewer.refresh_from_db()
    assert reviewer.second_factor_enabled
    client.logout()

    # ...and from then on the code is asked at each login.
    response = password_login(client, reviewer)
    assert response["Location"] == reverse("accounts:second_factor")
    assert client.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.django_db
def test_reviewers_may_turn_it_off_staff_may_not(client):
    reviewer = ReviewerFactory()
    enrol(reviewer)
    client.force_login(reviewer)

    response = client.post(reverse("accounts:second_factor_disable"))

    assert response["Location"] == reverse("accounts:dashboard")
    reviewer.refresh_from_db()
    assert not reviewer.second_factor_enabled and reviewer.totp_secret == ""
    assert not RecoveryCode.objects.filter(user=reviewer).exists()

    staff = StaffFactory()
    enrol(staff)
    client.force_login(staff)
    assert client.post(reverse("accounts:second_factor_disable")).status_code == 403
    staff.refresh_from_db()
    assert staff.second_factor_enabled


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client):
    staff = StaffFactory()
    _, old_codes = enrol(staff)
    client.force_login(staff)
    page = client.get(reverse("accounts:second_factor_manage"))
    assert "Vi restano 10 codici di recupero." in page.content.decode()

    response = client.post(reverse("accounts:second_factor_manage"))

    new_codes = re.findall(r"<code>([a-z2-7-]{14})</code>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    client.logout()
    password_login(client, staff)
    refused = client.post(reverse("accounts:second_factor"), {"code": old_codes[0]})
    assert form_errors(refused) == [WRONG_CODE]
    assert client.post(reverse("accounts:second_factor"), {"code": new_codes[0]}).status_code == 302


@pytest.mark.django_db
def test_an_enabled_second_factor_always_has_a_secret():
    from django.db import IntegrityError

    user = UserFactory()
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(second_factor_enabled_at=timezone.now())


def test_codes_follow_rfc_6238():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 in 8 digits, so 287082 in 6.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert second_factor.matching_counter(secret, "287082", at=59) == 1
    assert second_factor.matching_counter(secret, "287082", at=59 + 90) is None
