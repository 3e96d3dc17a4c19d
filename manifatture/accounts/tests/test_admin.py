import pyotp
import pytest
from django.urls import reverse

from manifatture.accounts import second_factor, services
from manifatture.accounts.models import RecoveryCode, User
from manifatture.accounts.tests.factories import StaffFactory, UserFactory


@pytest.fixture
def admin_client_(client):
    admin = User.objects.create_superuser(
        email="admin@esempio.it", password="una-password", full_name="Amministrazione"
    )
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_staff_give_a_role_in_the_admin(admin_client_):
    person = UserFactory(email="valutatrice@esempio.it")

    assert (
        admin_client_.get(reverse("admin:accounts_user_changelist") + "?q=valutatrice").status_code
        == 200
    )
    page = admin_client_.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert page.status_code == 200
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "role": User.Role.REVIEWER,
        "email_verified_at_0": "2026-10-01",
        "email_verified_at_1": "10:00:00",
        "is_active": "on",
        "date_joined_0": "2026-10-01",
        "date_joined_1": "10:00:00",
    }
    response = admin_client_.post(reverse("admin:accounts_user_change", args=[person.pk]), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == User.Role.REVIEWER
    assert person.is_reviewer


@pytest.mark.django_db
def test_admin_adds_a_user_by_email_refusing_duplicates(admin_client_):
    UserFactory(email="esiste@esempio.it")
    url = reverse("admin:accounts_user_add")
    assert admin_client_.get(url).status_code == 200

    duplicate = admin_client_.post(
        url, {"email": "ESISTE@esempio.it", "full_name": "Doppio", "usable_password": "false"}
    )
    assert duplicate.status_code == 200
    assert User.objects.filter(email__iexact="esiste@esempio.it").count() == 1

    response = admin_client_.post(
        url,
        {
            "email": "Nuova@Esempio.it",
            "full_name": "Nuova Persona",
            "usable_password": "true",
            "password1": "una-password-robusta-9",
            "password2": "una-password-robusta-9",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(email="nuova@esempio.it")
    assert created.check_password("una-password-robusta-9")


@pytest.mark.django_db
def test_staff_reset_the_second_factor_of_someone_who_lost_their_phone(admin_client_):
    staff = StaffFactory()
    secret = second_factor.new_secret()
    services.enable_second_factor(staff, secret=secret, code=pyotp.TOTP(secret).now())

    response = admin_client_.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [staff.pk]},
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.second_factor_enabled and staff.totp_secret == ""
    assert not RecoveryCode.objects.filter(user=staff).exists()
