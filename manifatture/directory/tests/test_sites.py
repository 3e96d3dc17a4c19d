import decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.activities.tests.factories import ActivityFactory
from manifatture.directory import services
from manifatture.directory.exceptions import SiteInUse, SiteOutsideComune
from manifatture.directory.models import Comune, Membership, Site
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory

D = decimal.Decimal


@pytest.fixture
def owner_membership():
    return MembershipFactory(role=Membership.Role.OWNER)


def _site_data(**overrides) -> dict:
    return {
        "name": "Laboratorio di via Ventura",
        "address": "Via Ventura 15",
        "postcode": "20134",
        "comune": "015146",
        "latitude": "45.4842",
        "longitude": "9.2399",
        "step_free": "on",
        "accessibility_notes": "Ingresso dal cortile.",
        **overrides,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude", "municipio"),
    [
        ("45.4641", "9.1919", 1),  # Duomo
        ("45.4842", "9.2399", 3),  # Lambrate, via Ventura
        ("45.4781", "9.1240", 7),  # San Siro
        ("45.5030", "9.1590", 9),  # Bovisa
    ],
)
def test_site_in_milano_gets_the_municipio_of_its_coordinates(
    comuni_mi, municipi, owner_membership, latitude, longitude, municipio
):
    site = services.save_site(
        owner_membership.organisation,
        name="Sede",
        address="Via X 1",
        comune=Comune.objects.get(name="Milano"),
        latitude=D(latitude),
        longitude=D(longitude),
    )

    assert site.municipio_id == municipio


@pytest.mark.django_db
def test_site_outside_milano_has_no_municipio(comuni_mi, municipi, owner_membership):
    site = services.save_site(
        owner_membership.organisation,
        name="Sede di Sesto",
        address="Viale Gramsci 1",
        comune=Comune.objects.get(name="Sesto San Giovanni"),
        latitude=D("45.535"),
        longitude=D("9.231"),
    )

    assert site.municipio is None


@pytest.mark.django_db
def test_moving_a_site_recomputes_the_municipio(comuni_mi, municipi, owner_membership):
    organisation = owner_membership.organisation
    milano = Comune.objects.get(name="Milano")
    site = services.save_site(
        organisation,
        name="S",
        address="A",
        comune=milano,
        latitude=D("45.4641"),
        longitude=D("9.1919"),
    )

    services.save_site(organisation, site=site, latitude=D("45.4842"), longitude=D("9.2399"))
    assert Site.objects.get().municipio_id == 3
    services.save_site(
        organisation,
        site=site,
        comune=Comune.objects.get(name="Corsico"),
        latitude=D("45.431"),
        longitude=D("9.11"),
    )
    assert Site.objects.get().municipio_id is None


@pytest.mark.django_db
def test_comune_milano_with_coordinates_outside_milan_is_refused(
    comuni_mi, municipi, owner_membership
):
    with pytest.raises(SiteOutsideComune):
        services.save_site(
            owner_membership.organisation,
            name="Sede",
            address="Via X 1",
            comune=Comune.objects.get(name="Milano"),
            latitude=D("45.535"),
            longitude=D("9.231"),
        )
    assert Site.objects.count() == 0


@pytest.mark.django_db
def test_owner_adds_a_site_through_the_page(client, comuni_mi, municipi, owner_membership):
    organisation = owner_membership.organisation
    client.force_login(owner_membership.user)

    response = client.post(
        reverse("directory:site_create", kwargs={"slug": organisation.slug}),
        _site_data(latitude="45,484212345", longitude=" 9,2399 "),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:sites", kwargs={"slug": organisation.slug})
    site = Site.objects.get()
    assert site.organisation == organisation
    assert (site.latitude, site.longitude) == (D("45.484212"), D("9.239900"))
    assert site.municipio_id == 3
    assert site.step_free is True
    assert site.accessible_toilet is False


@pytest.mark.django_db
def test_comune_choice_is_the_metropolitan_area_with_milano_first(
    client, comuni_mi, owner_membership
):
    Comune.objects.create(istat_code="001272", name="Torino", province="TO")
    client.force_login(owner_membership.user)

    response = client.get(
        reverse("directory:site_create", kwargs={"slug": owner_membership.organisation.slug})
    )

    choices = list(response.context["form"].fields["comune"].queryset)
    assert len(choices) == 133
    assert choices[0].name == "Milano"
    assert choices[1].name == "Abbiategrasso"
    assert all(c.province == "MI" for c in choices)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude", "errors"),
    [
        (
            "95",
            "9.2",
            {"latitude": ["La latitudine deve essere compresa tra -90 e 90."]},
        ),
        (
            "45.46",
            "nove",
            {"longitude": ["Scrivete la longitudine come numero decimale, ad esempio 9.2399."]},
        ),
        (
            "41.9",
            "12.5",
            {
                "latitude": [
                    "Questo punto è fuori dalla Città metropolitana di Milano: la latitudine "
                    "deve essere tra 45,15 e 45,75 nord."
                ],
                "longitude": [
                    "Questo punto è fuori dalla Città metropolitana di Milano: la longitudine "
                    "deve essere tra 8,65 e 9,60 est."
                ],
            },
        ),
        (
            "9.19",
            "45.46",
            {
                "__all__": [
                    "Sembra che latitudine e longitudine siano scambiate: a Milano la latitudine "
                    "è intorno a 45 e la longitudine intorno a 9."
                ]
            },
        ),
    ],
)
def test_coordinates_errors_are_clear_and_keep_input(
    client, comuni_mi, owner_membership, latitude, longitude, errors
):
    client.force_login(owner_membership.user)

    response = client.post(
        reverse("directory:site_create", kwargs={"slug": owner_membership.organisation.slug}),
        _site_data(latitude=latitude, longitude=longitude),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    content = response.content.decode()
    assert f'value="{latitude}"' in content
    assert 'value="Via Ventura 15"' in content
    assert Site.objects.count() == 0


@pytest.mark.django_db
def test_postcode_must_have_five_digits(client, comuni_mi, owner_membership):
    client.force_login(owner_membership.user)

    response = client.post(
        reverse("directory:site_create", kwargs={"slug": owner_membership.organisation.slug}),
        _site_data(postcode="2013"),
    )

    assert response.context["form"].errors == {
        "postcode": ["Il CAP è fatto di 5 cifre, ad esempio 20134."]
    }


@pytest.mark.django_db
def test_point_outside_milano_with_comune_milano_is_a_form_error(
    client, comuni_mi, municipi, owner_membership
):
    client.force_login(owner_membership.user)

    response = client.post(
        reverse("directory:site_create", kwargs={"slug": owner_membership.organisation.slug}),
        _site_data(latitude="45.535", longitude="9.231"),
    )

    assert response.context["form"].errors == {"__all__": [str(SiteOutsideComune.default_message)]}


@pytest.mark.django_db
def test_staff_member_edits_a_site(client, comuni_mi, municipi, owner_membership):
    organisation = owner_membership.organisation
    site = SiteFactory(organisation=organisation, name="Vecchio nome")
    staff = MembershipFactory(organisation=organisation, role=Membership.Role.STAFF)
    client.force_login(staff.user)

    response = client.post(
        reverse("directory:site_edit", kwargs={"slug": organisation.slug, "pk": site.pk}),
        _site_data(name="Nuovo nome", latitude="45.4641", longitude="9.1919"),
    )

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Nuovo nome"
    assert site.municipio_id == 1


@pytest.mark.django_db
def test_unused_site_is_deleted(client, owner_membership):
    site = SiteFactory(organisation=owner_membership.organisation)
    client.force_login(owner_membership.user)

    response = client.post(
        reverse(
            "directory:site_delete",
            kwargs={"slug": owner_membership.organisation.slug, "pk": site.pk},
        )
    )

    assert response.status_code == 302
    assert Site.objects.count() == 0


@pytest.mark.django_db
def test_site_used_by_an_activity_is_not_deleted(client, owner_membership):
    site = SiteFactory(organisation=owner_membership.organisation)
    ActivityFactory(organisation=owner_membership.organisation, site=site)
    client.force_login(owner_membership.user)

    response = client.post(
        reverse(
            "directory:site_delete",
            kwargs={"slug": owner_membership.organisation.slug, "pk": site.pk},
        ),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [str(SiteInUse.default_message)]
    assert Site.objects.filter(pk=site.pk).exists()


@pytest.mark.django_db
def test_sites_page_queries_do_not_grow_with_sites(client, owner_membership):
    organisation = owner_membership.organisation
    SiteFactory(organisation=organisation)
    client.force_login(owner_membership.user)
    url = reverse("directory:sites", kwargs={"slug": organisation.slug})

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    SiteFactory.create_batch(2, organisation=organisation)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert response.content.decode().count(">Modifica<") == 3
    assert len(three) == len(one)
