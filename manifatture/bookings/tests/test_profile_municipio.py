"""The Municipio of residence on the visitor profile: optional, only for residents of
Milan, only with consent."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import PASSWORD, UserFactory
from manifatture.activities.tests.factories import MunicipioFactory
from manifatture.bookings import services
from manifatture.bookings.models import VisitorProfile
from manifatture.directory.tests.factories import ComuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor(client):
    user = UserFactory()
    assert client.login(email=user.email, password=PASSWORD)
    return user


@pytest.fixture
def places():
    return {
        "milano": ComuneFactory(),
        "sesto": ComuneFactory(istat_code="015182", name="Sesto San Giovanni"),
        "municipio_4": MunicipioFactory(number=4),
        "municipio_9": MunicipioFactory(number=9),
    }


def test_the_form_offers_the_nine_municipi_as_optional(client, visitor, places):
    html = client.get(reverse("bookings:profile")).content.decode()
    assert '<label for="id_municipio" class="field-label">Municipio di residenza</label>' in html
    assert '<option value="4">Municipio 4</option>' in html
    assert '<option value="9">Municipio 9</option>' in html
    assert "Solo per chi abita nel Comune di Milano." in html
    assert "del comune e del Municipio di residenza e della fascia d&#x27;età" in html


def test_a_resident_of_milan_saves_the_municipio_then_changes_and_erases_it(
    client, visitor, places
):
    url = reverse("bookings:profile")
    response = client.post(url, {"residence": "015146", "municipio": "4", "consent": "on"})
    assert response.status_code == 302
    profile = VisitorProfile.objects.get(user=visitor)
    assert (profile.comune_id, profile.municipio_id) == ("015146", 4)
    assert '<option value="4" selected>Municipio 4</option>' in client.get(url).content.decode()

    client.post(url, {"residence": "015146", "municipio": "", "consent": "on"})
    profile.refresh_from_db()
    assert (profile.comune_id, profile.municipio_id) == ("015146", None)

    client.post(url, {"residence": "015146", "municipio": "9", "consent": "on"})
    client.post(reverse("bookings:profile_erase"))
    assert not VisitorProfile.objects.filter(user=visitor).exists()


def test_the_municipio_is_refused_outside_milan(client, visitor, places):
    url = reverse("bookings:profile")
    for residence in ("015182", "altro", ""):
        response = client.post(url, {"residence": residence, "municipio": "4", "consent": "on"})
        assert response.status_code == 200
        assert "Il Municipio si indica solo per chi abita nel Comune di Milano" in (
            response.content.decode()
        )
    assert not VisitorProfile.objects.filter(user=visitor).exists()


def test_the_municipio_needs_consent(client, visitor, places):
    response = client.post(reverse("bookings:profile"), {"residence": "015146", "municipio": "4"})
    assert response.status_code == 200
    assert "ci serve il vostro" in response.content.decode()
    assert not VisitorProfile.objects.filter(user=visitor).exists()


def test_withdrawing_consent_drops_the_municipio(visitor, places):
    services.update_visitor_profile(
        visitor,
        comune=places["milano"],
        municipio=places["municipio_4"],
        lives_elsewhere=False,
        age_band="",
        consent=True,
    )
    profile = services.update_visitor_profile(
        visitor,
        comune=places["milano"],
        municipio=places["municipio_4"],
        lives_elsewhere=False,
        age_band="",
        consent=False,
    )
    profile.refresh_from_db()
    assert (profile.comune_id, profile.municipio_id, profile.statistics_consent_at) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"comune_id": "015182"}, id="another comune"),
        pytest.param({"comune_id": None}, id="no comune"),
        pytest.param({"comune_id": None, "lives_elsewhere": True}, id="outside the metro area"),
    ],
)
def test_the_database_refuses_a_municipio_without_milan(places, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitorProfile.objects.create(
            user=UserFactory(),
            municipio_id=4,
            statistics_consent_at=timezone.now(),
            **fields,
        )


def test_the_database_refuses_a_municipio_without_consent(places):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitorProfile.objects.create(user=UserFactory(), comune_id="015146", municipio_id=4)
    # With consent and Milan, it is kept.
    VisitorProfile.objects.create(
        user=UserFactory(), comune_id="015146", municipio_id=4, statistics_consent_at=timezone.now()
    )
