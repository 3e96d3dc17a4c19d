import pytest
from django.urls import reverse

from manifatture.accounts.models import User
from manifatture.directory.models import Municipio
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory


@pytest.fixture
def admin_client_(client):
    client.force_login(
        User.objects.create_superuser(email="admin@esempio.it", password="x", full_name="Admin")
    )
    return client


@pytest.mark.django_db
def test_admin_pages_render(admin_client_, comuni_mi, municipi):
    membership = MembershipFactory()
    SiteFactory(organisation=membership.organisation)
    pages = [
        reverse("admin:directory_organisation_changelist") + "?q=officina",
        reverse("admin:directory_organisation_change", args=[membership.organisation.pk]),
        reverse("admin:directory_organisation_add"),
        reverse("admin:directory_comune_changelist") + "?q=sesto",
        reverse("admin:directory_municipio_changelist"),
        reverse("admin:directory_municipio_change", args=[1]),
    ]

    assert [admin_client_.get(url).status_code for url in pages] == [200] * 6
    assert Municipio.objects.count() == 9


@pytest.mark.django_db
def test_site_saved_in_the_admin_gets_its_municipio(admin_client_, comuni_mi, municipi):
    membership = MembershipFactory()
    organisation = membership.organisation
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "category": organisation.category,
        "description_it": "",
        "description_en": "",
        "website": "",
        "vat_number": organisation.vat_number,
        "ateco_code": "",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": str(membership.pk),
        "memberships-0-organisation": str(organisation.pk),
        "memberships-0-user": str(membership.user.pk),
        "memberships-0-role": "owner",
        "sites-TOTAL_FORMS": "1",
        "sites-INITIAL_FORMS": "0",
        "sites-0-name": "Sede",
        "sites-0-address": "Piazza del Duomo 1",
        "sites-0-postcode": "20121",
        "sites-0-comune": "015146",
        "sites-0-latitude": "45.4641",
        "sites-0-longitude": "9.1919",
        "sites-0-accessibility_notes": "",
        **{
            f"{inline}-{key}": "0"
            for inline in ("machines", "links", "photos")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }

    response = admin_client_.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert organisation.sites.get().municipio_id == 1
