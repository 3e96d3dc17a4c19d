import decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory.models import Machine, Membership, Nil
from manifatture.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SiteFactory,
    capability,
    material,
)
from manifatture.matching import queries, services
from manifatture.matching.exceptions import (
    AlreadyContacted,
    CannotContactYourself,
    NeedNotDescribed,
    NoPlace,
    NotReachable,
)
from manifatture.matching.models import Contact, Need
from manifatture.qualifications.tests.factories import EntryFactory

D = decimal.Decimal
BOVISA = (D("45.503000"), D("9.159000"))


def actor(name, lat, lon, *, capabilities=(), materials=(), machines=(), owner=True, **fields):
    organisation = OrganisationFactory(name=name, **fields)
    SiteFactory(organisation=organisation, latitude=D(lat), longitude=D(lon))
    organisation.capabilities.add(*[capability(c) for c in capabilities])
    organisation.materials.add(*[material(m) for m in materials])
    for code, model in machines:
        Machine.objects.create(organisation=organisation, capability=capability(code), model=model)
    if owner:
        MembershipFactory(organisation=organisation, user__full_name=f"Titolare {name}")
    return organisation


@pytest.fixture
def firm():
    membership = MembershipFactory(organisation__name="Arredi Bovisa", user__full_name="Anna Riva")
    SiteFactory(
        organisation=membership.organisation,
        name="Stabilimento",
        latitude=BOVISA[0],
        longitude=BOVISA[1],
    )
    return membership


def post(firm, **fields) -> Need:
    arguments = {
        "created_by": firm.user,
        "title": "Pannelli in multistrato tagliati al laser",
        "capabilities": [capability("laser-cutting")],
        "materials": [material("wood")],
        "site": firm.organisation.sites.get(),
        "max_distance_km": 5,
    }
    return services.post_need(firm.organisation, **{**arguments, **fields})


@pytest.fixture
def candidates(firm):
    return {
        "machine": actor(
            "FabLab Bovisa",
            "45.4950",
            "9.1700",
            capabilities=["laser-cutting"],
            materials=["wood"],
            machines=[("laser-cutting", "Trotec Speedy 400")],
            category="fablab",
        ),
        "capability": actor(
            "Officina Legno Laser",
            "45.5000",
            "9.1600",
            capabilities=["laser-cutting"],
            materials=["wood"],
        ),
        "material": actor("Falegnameria Vicina", "45.5030", "9.1610", materials=["wood"]),
        "far": actor(
            "Laser Corvetto",
            "45.4440",
            "9.2200",
            capabilities=["laser-cutting"],
            machines=[("laser-cutting", "Epilog Fusion")],
        ),
        "archived": actor(
            "Laser Chiuso",
            "45.5030",
            "9.1600",
            capabilities=["laser-cutting"],
            archived_at=timezone.now(),
            archive_reason="closed",
        ),
        "unrelated": actor("Sartoria Bovisa", "45.5030", "9.1600", capabilities=["textile"]),
    }


@pytest.mark.django_db
def test_matches_are_ranked_by_fit_then_distance_with_reasons(firm, candidates):
    firm.organisation.capabilities.add(capability("laser-cutting"))  # never matches itself
    need = post(firm)

    matches = queries.rank_matches(need)

    assert [m.organisation.name for m in matches] == [
        "FabLab Bovisa",
        "Officina Legno Laser",
        "Falegnameria Vicina",
    ]
    assert [m.reasons for m in matches] == [
        ["ha una tagliatrice laser (Trotec Speedy 400)", "lavora il legno", "a 1,2 km"],
        ["offre taglio laser", "lavora il legno", "a 0,3 km"],
        ["lavora il legno", "a 0,2 km"],
    ]
    assert [m.score for m in matches] == [8.259, 7.794, 4.906]


@pytest.mark.django_db
def test_distance_breaks_ties_and_the_maximum_distance_holds(firm):
    actor("Laser Lontano", "45.5030", "9.1750", capabilities=["laser-cutting"])  # 1.2 km
    actor("Laser Vicino", "45.5000", "9.1600", capabilities=["laser-cutting"])  # 0.3 km

    near = queries.rank_matches(post(firm, materials=[], max_distance_km=1))
    both = queries.rank_matches(post(firm, materials=[], title="Altro", max_distance_km=5))

    assert [m.organisation.name for m in near] == ["Laser Vicino"]
    assert [m.organisation.name for m in both] == ["Laser Vicino", "Laser Lontano"]


@pytest.mark.django_db
def test_the_qualified_list_counts_and_is_a_reason(firm):
    listed = actor(
        "Lab Albo", "45.5000", "9.1600", capabilities=["laser-cutting"], category="fablab"
    )
    EntryFactory(organisation=listed)

    (match,) = queries.rank_matches(post(firm, materials=[]))

    assert match.reasons == ["offre taglio laser", "a 0,3 km", "iscritta all'albo"]


@pytest.mark.django_db
def test_a_need_near_a_neighbourhood_measures_from_its_centre(firm, city):
    actor("Lab Corvetto", "45.4440", "9.2200", capabilities=["laser-cutting"])

    need = post(firm, site=None, nil=Nil.objects.get(pk=35), materials=[], max_distance_km=2)

    assert [m.organisation.name for m in queries.rank_matches(need)] == ["Lab Corvetto"]


@pytest.mark.django_db
def test_a_need_says_what_and_where(firm):
    with pytest.raises(NeedNotDescribed):
        post(firm, capabilities=[], materials=[])
    with pytest.raises(NoPlace):
        post(firm, site=None)


@pytest.mark.django_db
def test_post_a_need_and_get_ranked_matches_with_reasons(client, firm, candidates):
    """Done when: post a need and get ranked matches with reasons."""
    client.force_login(firm.user)

    response = client.post(
        reverse("matching:need_create", kwargs={"slug": firm.organisation.slug}),
        {
            "title": "Pannelli in multistrato tagliati al laser",
            "capabilities": [capability("laser-cutting").pk],
            "materials": [material("wood").pk],
            "quantity": "200 pezzi",
            "site": firm.organisation.sites.get().pk,
            "max_distance_km": 5,
            "needed_by": "2026-03-01",
        },
    )

    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "3 realtà adatte" in page
    assert page.index("FabLab Bovisa") < page.index("Officina Legno Laser")
    assert page.index("Officina Legno Laser") < page.index("Falegnameria Vicina")
    assert "<li>ha una tagliatrice laser (Trotec Speedy 400)</li>" in page
    assert "<li>lavora il legno</li>" in page and "<li>a 1,2 km</li>" in page


@pytest.mark.django_db
def test_a_need_without_what_or_where_keeps_what_was_typed(client, firm):
    client.force_login(firm.user)

    response = client.post(
        reverse("matching:need_create", kwargs={"slug": firm.organisation.slug}),
        {"title": "Un lavoro di precisione", "max_distance_km": 5},
    )

    content = response.content.decode()
    assert "Scegliete almeno una lavorazione o un materiale." in content
    assert "Indicate dove" in content
    assert 'value="Un lavoro di precisione"' in content
    assert not Need.objects.exists()


# Contacts -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_city_staff_read_a_need_but_never_write_in_the_firms_name(client, firm, candidates):
    need = post(firm)
    client.force_login(StaffFactory())
    assert client.get(need.get_absolute_url()).status_code == 200
    response = client.post(
        reverse(
            "matching:contact_create",
            kwargs={"pk": need.pk, "organisation_pk": candidates["machine"].pk},
        ),
        {"message": "Buongiorno"},
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_contact_is_stored_and_emailed_and_addresses_stay_private_until_the_answer(
    client, firm, candidates, django_capture_on_commit_callbacks
):
    need = post(firm)
    lab = candidates["machine"]
    lab_owner = lab.memberships.get().user
    client.force_login(firm.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("matching:contact_create", kwargs={"pk": need.pk, "organisation_pk": lab.pk}),
            {"message": "Ci servono 200 pannelli entro marzo."},
        )

    contact = Contact.objects.get()
    assert (contact.recipient, contact.message) == (lab, "Ci servono 200 pannelli entro marzo.")
    assert [m.to for m in mail.outbox] == [[lab_owner.email]]
    # The e-mail carries none of the sender's words: the City's address is no
    # channel for anyone's text (it says who wrote and links to the message).
    assert "Ci servono 200 pannelli" not in mail.outbox[0].body
    assert "Ci servono 200 pannelli" not in mail.outbox[0].alternatives[0].content
    assert f"{contact.get_absolute_url()}\n" in mail.outbox[0].body
    assert firm.user.email not in mail.outbox[0].body  # the firm's address is not given away
    waiting = client.get(contact.get_absolute_url()).content.decode()
    assert lab_owner.email not in waiting  # nor the lab's, before it answers
    assert lab_owner.email not in client.get(need.get_absolute_url()).content.decode()

    client.force_login(lab_owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact.get_absolute_url(), {"message": "Possiamo farlo: passate a trovarci."})

    contact.refresh_from_db()
    assert contact.is_answered and contact.replied_by == lab_owner
    assert mail.outbox[1].to == [firm.user.email]
    assert lab_owner.email in mail.outbox[1].body
    client.force_login(firm.user)
    answered = client.get(contact.get_absolute_url()).content.decode()
    assert "Possiamo farlo: passate a trovarci." in answered
    assert f'href="mailto:{lab_owner.email}"' in answered


@pytest.mark.django_db
def test_contacting_twice_or_someone_without_an_account_is_refused(firm, candidates):
    need = post(firm)
    services.contact(need, recipient=candidates["machine"], sender=firm.user, message="Salve")
    no_account = actor(
        "Laser Senza Account", "45.5", "9.16", capabilities=["laser-cutting"], owner=False
    )

    with pytest.raises(AlreadyContacted):
        services.contact(
            need, recipient=candidates["machine"], sender=firm.user, message="Di nuovo"
        )
    with pytest.raises(NotReachable):
        services.contact(need, recipient=no_account, sender=firm.user, message="Salve")
    with pytest.raises(CannotContactYourself):
        services.contact(need, recipient=firm.organisation, sender=firm.user, message="Io")


@pytest.mark.django_db
def test_only_the_recipient_may_answer(client, firm, candidates):
    need = post(firm)
    contact = services.contact(
        need, recipient=candidates["machine"], sender=firm.user, message="Salve"
    )

    client.force_login(firm.user)
    assert (
        client.post(contact.get_absolute_url(), {"message": "Rispondo da solo"}).status_code == 404
    )
    client.force_login(UserFactory())
    assert client.get(contact.get_absolute_url()).status_code == 403
    assert client.get(need.get_absolute_url()).status_code == 403
    contact.refresh_from_db()
    assert not contact.is_answered


@pytest.mark.django_db
def test_the_recipient_sees_the_message_in_the_inbox(client, firm, candidates):
    need = post(firm)
    services.contact(need, recipient=candidates["machine"], sender=firm.user, message="Salve")
    staff_member = MembershipFactory(
        organisation=candidates["machine"], role=Membership.Role.STAFF
    ).user
    client.force_login(staff_member)

    page = client.get(reverse("matching:index")).content.decode()

    assert "da Arredi Bovisa a FabLab Bovisa" in page and "da rispondere" in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_need_page_queries_do_not_grow_with_matches(client, firm, count, django_assert_num_queries):
    for n in range(count):
        actor(
            f"Lab {n}",
            "45.5000",
            "9.1600",
            capabilities=["laser-cutting"],
            materials=["wood"],
            machines=[("laser-cutting", "Trotec")],
        )
    need = post(firm)
    client.force_login(firm.user)

    # Session, user, need with its site, capabilities, materials, membership check;
    # candidates, their sites, capabilities, materials, machines; the contacts.
    with django_assert_num_queries(12):
        response = client.get(need.get_absolute_url())

    assert len(response.context["matches"]) == count
