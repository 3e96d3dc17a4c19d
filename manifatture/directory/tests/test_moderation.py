"""Who sees a new organisation (issue 12, item 6): a self-created profile, and a
new name or description of an unverified one, is public only once city staff
approve it; every public path reads `Organisation.objects.public()`."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory import services
from manifatture.directory.exceptions import ModerationReasonRequired
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SiteFactory,
)

FORMULA = '=HYPERLINK("http://attacco.example","Comune di Milano")'


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def self_created(client):
    """What anyone with a verified account can do: create a profile and a site."""
    author = UserFactory()
    organisation = services.create_organisation(
        owner=author, name=FORMULA, category=Organisation.Category.WORKSHOP
    )
    site = SiteFactory(organisation=organisation)
    return author, organisation, site


def _public_names(client):
    search = client.get(reverse("directory:search")).context["page_obj"].object_list
    api = client.get(reverse("api:organisations-list")).json()["results"]
    return {o.name for o in search}, {row["name"] for row in api}


@pytest.mark.django_db
def test_a_self_created_profile_is_nowhere_public_until_approved(client, self_created):
    author, organisation, site = self_created
    listed = OrganisationFactory(name="Officina Approvata")
    SiteFactory(organisation=listed)

    assert organisation.moderation == Organisation.Moderation.PENDING
    assert _public_names(client) == ({"Officina Approvata"}, {"Officina Approvata"})
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert client.get(reverse("directory:map_popup", kwargs={"pk": site.pk})).status_code == 404
    points = client.get(reverse("directory:map_data")).json()["points"]
    assert [point[0] for point in points] != [] and site.pk not in [p[0] for p in points]
    assert (
        FORMULA not in client.get(reverse("directory:search"), {"q": "HYPERLINK"}).content.decode()
    )
    assert (
        client.get(reverse("api:organisations-detail", args=[organisation.pk])).status_code == 404
    )

    staff = StaffFactory()
    services.approve_organisation(organisation, by=staff)

    assert FORMULA in _public_names(client)[0]
    assert client.get(organisation.get_absolute_url()).status_code == 200
    event = AuditEvent.objects.get(action="directory.organisation_approved")
    assert (event.actor, event.object_id) == (staff, str(organisation.pk))


@pytest.mark.django_db
def test_members_see_their_pending_profile_as_pending(client, self_created):
    author, organisation, _site = self_created
    client.force_login(author)

    page = client.get(organisation.get_absolute_url())
    mine = client.get(reverse("directory:mine"))
    edit = client.get(reverse("directory:edit", kwargs={"slug": organisation.slug}))

    assert page.status_code == 200
    for response in (page, mine, edit):
        assert "In attesa di verifica" in response.content.decode()
    client.force_login(UserFactory())
    assert client.get(organisation.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_staff_reject_with_a_reason_and_a_corrected_profile_returns_to_the_queue(
    client, self_created
):
    author, organisation, _site = self_created
    staff = StaffFactory()
    with pytest.raises(ModerationReasonRequired):
        services.reject_organisation(organisation, by=staff, reason="  ")
    client.force_login(staff)
    response = client.post(
        reverse("directory:moderation_decide", kwargs={"pk": organisation.pk}),
        {
            f"m{organisation.pk}-decision": "reject",
            f"m{organisation.pk}-reason": "Nome ingannevole",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.moderation, organisation.moderation_note) == (
        "rejected",
        "Nome ingannevole",
    )
    event = AuditEvent.objects.get(action="directory.organisation_rejected")
    assert event.summary == "Nome ingannevole"

    client.force_login(author)
    assert (
        "Nome ingannevole"
        in client.get(
            reverse("directory:edit", kwargs={"slug": organisation.slug})
        ).content.decode()
    )
    services.update_organisation(organisation, by=author, name="Officina Vera")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.moderation) == ("Officina Vera", "pending")


@pytest.mark.django_db
def test_a_new_name_of_an_unverified_profile_waits_and_the_public_page_keeps_the_old(client):
    membership = MembershipFactory(organisation__name="Falegnameria Rossi")
    organisation = membership.organisation
    client.force_login(membership.user)
    client.post(
        reverse("directory:edit", kwargs={"slug": organisation.slug}),
        {
            "name": FORMULA,
            "category": organisation.category,
            "description_it": organisation.description_it,
            "vat_number": organisation.vat_number,
            "ateco_code": organisation.ateco_code,
        },
    )
    organisation.refresh_from_db()
    assert organisation.name == "Falegnameria Rossi"
    assert organisation.pending_changes == {"name": FORMULA}
    client.logout()
    assert FORMULA not in client.get(organisation.get_absolute_url()).content.decode()

    staff = StaffFactory()
    client.force_login(staff)
    queue = client.get(reverse("directory:moderation_queue"))
    assert [o for o, _form in queue.context["queue"]] == [organisation]
    services.approve_organisation(organisation, by=staff)

    organisation.refresh_from_db()
    assert (organisation.name, organisation.pending_changes) == (FORMULA, {})


@pytest.mark.django_db
def test_a_verified_profile_changes_at_once():
    imported = OrganisationFactory(source=Organisation.Source.CHAMBER, source_ref="MI-1")
    services.update_organisation(imported, by=UserFactory(), name="Nuovo nome")
    imported.refresh_from_db()
    assert (imported.name, imported.pending_changes) == ("Nuovo nome", {})


@pytest.mark.django_db
def test_staff_create_public_profiles():
    organisation = services.create_organisation(
        owner=StaffFactory(), name="Sportello Comune", category="workshop"
    )
    assert organisation.is_public


@pytest.mark.django_db
def test_moderation_queue_queries_do_not_grow(client):
    client.force_login(StaffFactory())
    url = reverse("directory:moderation_queue")
    MembershipFactory(organisation__moderation="pending")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    MembershipFactory.create_batch(2, organisation__moderation="pending")
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    assert len(response.context["queue"]) == 3
    assert len(three) == len(one)
