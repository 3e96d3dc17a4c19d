"""Who may see and change an organisation's management pages."""

import pytest
from django.urls import reverse

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory.models import Invitation, Membership, Organisation
from manifatture.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SiteFactory,
)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Officina Lambrate")


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user


@pytest.fixture
def staff_member(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.STAFF).user


@pytest.fixture
def outsider():
    # A host of another organisation: what could leak is there.
    return MembershipFactory(role=Membership.Role.OWNER).user


def _pages(organisation, site) -> dict[str, str]:
    slug = organisation.slug
    return {
        "edit": reverse("directory:edit", kwargs={"slug": slug}),
        "sites": reverse("directory:sites", kwargs={"slug": slug}),
        "site_create": reverse("directory:site_create", kwargs={"slug": slug}),
        "site_edit": reverse("directory:site_edit", kwargs={"slug": slug, "pk": site.pk}),
        "site_delete": reverse("directory:site_delete", kwargs={"slug": slug, "pk": site.pk}),
        "members": reverse("directory:members", kwargs={"slug": slug}),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            "owner",
            {
                "edit": 200,
                "sites": 200,
                "site_create": 200,
                "site_edit": 200,
                "site_delete": 200,
                "members": 200,
            },
        ),
        (
            "staff_member",
            {
                "edit": 200,
                "sites": 200,
                "site_create": 200,
                "site_edit": 200,
                "site_delete": 200,
                "members": 403,
            },
        ),
        (
            "outsider",
            {
                "edit": 403,
                "sites": 403,
                "site_create": 403,
                "site_edit": 403,
                "site_delete": 403,
                "members": 403,
            },
        ),
        (
            "city_staff",
            {
                "edit": 200,
                "sites": 200,
                "site_create": 200,
                "site_edit": 200,
                "site_delete": 200,
                "members": 200,
            },
        ),
    ],
)
def test_management_pages_by_role(client, request, organisation, who, expected):
    site = SiteFactory(organisation=organisation)
    user = StaffFactory() if who == "city_staff" else request.getfixturevalue(who)
    client.force_login(user)

    got = {name: client.get(url).status_code for name, url in _pages(organisation, site).items()}

    assert got == expected


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, organisation):
    site = SiteFactory(organisation=organisation)
    for url in _pages(organisation, site).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/accedi/?next=")


@pytest.mark.django_db
def test_host_cannot_change_another_organisation(client, organisation, outsider):
    site = SiteFactory(organisation=organisation, name="Capannone")
    member = MembershipFactory(organisation=organisation, role=Membership.Role.STAFF)
    client.force_login(outsider)
    slug = organisation.slug

    responses = [
        client.post(
            reverse("directory:edit", kwargs={"slug": slug}),
            {"name": "Preso!", "category": Organisation.Category.FACTORY},
        ),
        client.post(
            reverse("directory:site_edit", kwargs={"slug": slug, "pk": site.pk}),
            {
                "name": "Preso!",
                "address": "Via X 1",
                "comune": "015146",
                "latitude": "45.48",
                "longitude": "9.23",
            },
        ),
        client.post(reverse("directory:site_delete", kwargs={"slug": slug, "pk": site.pk})),
        client.post(
            reverse("directory:members", kwargs={"slug": slug}),
            {"email": outsider.email, "role": "owner"},
        ),
        client.post(reverse("directory:member_remove", kwargs={"slug": slug, "pk": member.pk})),
        client.post(
            reverse("directory:member_role", kwargs={"slug": slug, "pk": member.pk}),
            {"role": "owner"},
        ),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    organisation.refresh_from_db()
    site.refresh_from_db()
    member.refresh_from_db()
    assert organisation.name == "Officina Lambrate"
    assert site.name == "Capannone"
    assert member.role == Membership.Role.STAFF
    assert not Membership.objects.filter(organisation=organisation, user=outsider).exists()


@pytest.mark.django_db
def test_site_of_another_organisation_is_not_reachable_through_my_own(client, owner):
    mine = Membership.objects.get(user=owner).organisation
    foreign_site = SiteFactory(name="Sede altrui")
    client.force_login(owner)

    edit = client.get(
        reverse("directory:site_edit", kwargs={"slug": mine.slug, "pk": foreign_site.pk})
    )
    delete = client.post(
        reverse("directory:site_delete", kwargs={"slug": mine.slug, "pk": foreign_site.pk})
    )

    assert (edit.status_code, delete.status_code) == (404, 404)
    foreign_site.refresh_from_db()
    assert foreign_site.name == "Sede altrui"


@pytest.mark.django_db
def test_staff_member_edits_the_profile_but_cannot_manage_members(
    client, organisation, staff_member
):
    other = MembershipFactory(organisation=organisation, role=Membership.Role.OWNER)
    client.force_login(staff_member)

    edited = client.post(
        reverse("directory:edit", kwargs={"slug": organisation.slug}),
        {
            "name": "Officina Lambrate Srl",
            "category": Organisation.Category.FACTORY,
            "vat_number": "",
            "ateco_code": "",
        },
    )
    removed = client.post(
        reverse("directory:member_remove", kwargs={"slug": organisation.slug, "pk": other.pk})
    )

    assert edited.status_code == 302
    organisation.refresh_from_db()
    # An unverified profile's new name waits for staff (test_moderation.py).
    assert organisation.pending_changes["name"] == "Officina Lambrate Srl"
    assert organisation.category == Organisation.Category.FACTORY
    assert removed.status_code == 403
    assert Membership.objects.filter(pk=other.pk).exists()
    page = client.get(
        reverse("directory:edit", kwargs={"slug": organisation.slug})
    ).content.decode()
    assert f'href="/organizzazioni/{organisation.slug}/membri/"' not in page


@pytest.mark.django_db
def test_city_staff_manage_members_of_any_organisation(client, organisation, owner):
    newcomer = UserFactory(email="nuovo@esempio.it")
    client.force_login(StaffFactory())

    response = client.post(
        reverse("directory:members", kwargs={"slug": organisation.slug}),
        {"email": "nuovo@esempio.it", "role": Membership.Role.STAFF},
    )

    # City staff invite too; the person still has to accept.
    assert response.status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role) == ("nuovo@esempio.it", Membership.Role.STAFF)


@pytest.mark.django_db
def test_unknown_organisation_is_404(client, owner):
    client.force_login(owner)
    assert client.get(reverse("directory:edit", kwargs={"slug": "non-esiste"})).status_code == 404
