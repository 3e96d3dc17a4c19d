import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.directory import services
from manifatture.directory.exceptions import LastOwner
from manifatture.directory.models import Membership
from manifatture.directory.tests.factories import MembershipFactory

LAST_OWNER = "L'organizzazione deve avere almeno un titolare: nominate prima un altro titolare."


@pytest.fixture
def owner_membership():
    return MembershipFactory(role=Membership.Role.OWNER, organisation__name="Liuteria Brera")


@pytest.mark.django_db
def test_owner_removes_a_member(client, owner_membership):
    organisation = owner_membership.organisation
    staff = MembershipFactory(organisation=organisation, role=Membership.Role.STAFF)
    client.force_login(owner_membership.user)

    response = client.post(
        reverse("directory:member_remove", kwargs={"slug": organisation.slug, "pk": staff.pk})
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=staff.pk).exists()


@pytest.mark.django_db
def test_the_last_owner_cannot_be_removed_or_step_down(client, owner_membership):
    organisation = owner_membership.organisation
    client.force_login(owner_membership.user)

    removed = client.post(
        reverse(
            "directory:member_remove",
            kwargs={"slug": organisation.slug, "pk": owner_membership.pk},
        ),
        follow=True,
    )
    demoted = client.post(
        reverse(
            "directory:member_role", kwargs={"slug": organisation.slug, "pk": owner_membership.pk}
        ),
        {"role": Membership.Role.STAFF},
        follow=True,
    )

    assert [str(m) for m in removed.context["messages"]] == [LAST_OWNER]
    assert [str(m) for m in demoted.context["messages"]] == [LAST_OWNER]
    owner_membership.refresh_from_db()
    assert owner_membership.role == Membership.Role.OWNER


@pytest.mark.django_db
def test_an_owner_may_leave_when_another_owner_remains(client, owner_membership):
    organisation = owner_membership.organisation
    MembershipFactory(organisation=organisation, role=Membership.Role.OWNER)
    client.force_login(owner_membership.user)

    response = client.post(
        reverse(
            "directory:member_remove",
            kwargs={"slug": organisation.slug, "pk": owner_membership.pk},
        )
    )

    assert response["Location"] == reverse("directory:mine")
    assert not Membership.objects.filter(pk=owner_membership.pk).exists()


@pytest.mark.django_db
def test_services_protect_the_last_owner_and_promote(owner_membership):
    staff = MembershipFactory(organisation=owner_membership.organisation, role="staff")

    with pytest.raises(LastOwner):
        services.remove_member(owner_membership)
    services.change_member_role(staff, role=Membership.Role.OWNER)
    services.change_member_role(owner_membership, role=Membership.Role.STAFF)

    owner_membership.refresh_from_db()
    staff.refresh_from_db()
    assert (owner_membership.role, staff.role) == ("staff", "owner")
    with pytest.raises(LastOwner):
        services.change_member_role(staff, role=Membership.Role.STAFF)


@pytest.mark.django_db
def test_members_page_queries_do_not_grow_with_members(client, owner_membership):
    organisation = owner_membership.organisation
    client.force_login(owner_membership.user)
    url = reverse("directory:members", kwargs={"slug": organisation.slug})

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    MembershipFactory.create_batch(2, organisation=organisation, role="staff")
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert response.content.decode().count("Rimuovi") == 2  # and "Lascia" on one's own row
    assert len(three) == len(one)
