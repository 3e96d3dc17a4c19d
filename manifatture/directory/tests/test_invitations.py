"""Membership is an invitation the invitee accepts (issue 12, item 1): nobody is
put in an organisation without consent, inviting tells nothing about an address,
anyone may leave, and an organisation left without owners never blocks erasure."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import privacy
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory import queries, services
from manifatture.directory.exceptions import AlreadyMember, InvitationClosed, InvitationPending
from manifatture.directory.models import Invitation, Membership, Organisation
from manifatture.directory.tests.factories import MembershipFactory


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner_membership():
    return MembershipFactory(
        role=Membership.Role.OWNER,
        organisation__name="Liuteria Brera",
        user__full_name="Giulia Bianchi",
    )


def _invite(client, organisation, email, role="staff"):
    return client.post(
        reverse("directory:members", kwargs={"slug": organisation.slug}),
        {"email": email, "role": role},
        follow=True,
    )


@pytest.mark.django_db
def test_inviting_makes_nobody_a_member_and_shows_no_name(
    client, owner_membership, django_capture_on_commit_callbacks
):
    organisation = owner_membership.organisation
    victim = UserFactory(email="revisore@esempio.it", full_name="Paolo Revisore")
    client.force_login(owner_membership.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, organisation, "Revisore@Esempio.it", role="owner")

    assert not Membership.objects.filter(user=victim).exists()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.state) == (
        "revisore@esempio.it",
        "owner",
        "pending",
    )
    page = response.content.decode()
    assert "Paolo Revisore" not in page
    assert "revisore@esempio.it" in page  # the address the owner typed, under "Inviti"
    assert [m.to for m in mail.outbox] == [["revisore@esempio.it"]]
    assert mail.outbox[0].subject == "Invito a far parte di Liuteria Brera su Manifatture Aperte"


@pytest.mark.django_db
def test_the_answer_is_the_same_with_or_without_an_account(client, owner_membership):
    organisation = owner_membership.organisation
    UserFactory(email="esiste@esempio.it")
    client.force_login(owner_membership.user)

    known = _invite(client, organisation, "esiste@esempio.it")
    unknown = _invite(client, organisation, "nessuno@esempio.it")

    def message(response, email):
        return [str(m).replace(email, "<email>") for m in response.context["messages"]]

    assert known.status_code == unknown.status_code == 200
    assert message(known, "esiste@esempio.it") == message(unknown, "nessuno@esempio.it")
    assert "Non esiste un account" not in unknown.content.decode()
    assert Invitation.objects.count() == 2


@pytest.mark.django_db
def test_an_address_without_account_is_asked_to_sign_up_then_accepts(
    client, owner_membership, django_capture_on_commit_callbacks
):
    organisation = owner_membership.organisation
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            organisation, email="nuova@esempio.it", invited_by=owner_membership.user
        )
    assert reverse("accounts:signup") in mail.outbox[0].body

    newcomer = UserFactory(email="nuova@esempio.it", full_name="Paola Neri")
    client.force_login(newcomer)
    mine = client.get(reverse("directory:mine"))
    invitation = Invitation.objects.get()
    assert list(mine.context["invitations"]) == [invitation]

    response = client.post(
        reverse("directory:invitation_accept", kwargs={"pk": invitation.pk}), follow=True
    )

    membership = Membership.objects.get(user=newcomer)
    assert (membership.organisation, membership.role) == (organisation, "staff")
    assert [str(m) for m in response.context["messages"]] == [
        "Ora fate parte di «Liuteria Brera» come collaboratore."
    ]
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED


@pytest.mark.django_db
def test_an_invitee_declines_and_stays_out(client, owner_membership):
    invitee = UserFactory(email="no@esempio.it")
    invitation = services.invite_member(
        owner_membership.organisation, email="no@esempio.it", invited_by=owner_membership.user
    )
    client.force_login(invitee)

    client.post(reverse("directory:invitation_decline", kwargs={"pk": invitation.pk}))

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.DECLINED
    assert not Membership.objects.filter(user=invitee).exists()
    with pytest.raises(InvitationClosed):
        services.accept_invitation(invitation, user=invitee)


@pytest.mark.django_db
def test_nobody_else_can_answer_an_invitation_and_an_unverified_address_sees_none(
    client, owner_membership
):
    invitation = services.invite_member(
        owner_membership.organisation, email="giusto@esempio.it", invited_by=owner_membership.user
    )
    intruder = UserFactory(email="altro@esempio.it")
    unverified = UserFactory(email="giusto2@esempio.it", email_verified_at=None)
    client.force_login(intruder)

    accept = client.post(reverse("directory:invitation_accept", kwargs={"pk": invitation.pk}))

    assert accept.status_code == 404
    assert not Membership.objects.filter(user=intruder).exists()
    services.invite_member(
        owner_membership.organisation, email="giusto2@esempio.it", invited_by=owner_membership.user
    )
    assert list(queries.open_invitations_for(unverified)) == []


@pytest.mark.django_db
def test_an_expired_invitation_cannot_be_accepted_and_may_be_sent_again(owner_membership):
    invitee = UserFactory(email="tardi@esempio.it")
    organisation = owner_membership.organisation
    first = services.invite_member(
        organisation, email="tardi@esempio.it", invited_by=owner_membership.user
    )
    with pytest.raises(InvitationPending):
        services.invite_member(
            organisation, email="TARDI@esempio.it", invited_by=owner_membership.user
        )
    Invitation.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20),
        expires_at=timezone.now() - datetime.timedelta(days=6),
    )

    with pytest.raises(InvitationClosed):
        services.accept_invitation(first, user=invitee)
    second = services.invite_member(
        organisation, email="tardi@esempio.it", invited_by=owner_membership.user
    )

    first.refresh_from_db()
    assert first.state == Invitation.State.EXPIRED
    assert second.is_open


@pytest.mark.django_db
def test_a_member_cannot_be_invited_again(owner_membership):
    with pytest.raises(AlreadyMember):
        services.invite_member(
            owner_membership.organisation,
            email=owner_membership.user.email.upper(),
            invited_by=owner_membership.user,
        )


@pytest.mark.django_db
@override_settings(
    RATE_LIMITS={
        "email-sender": (2, 3600),
        "email-recipient": (100, 86400),
        "email-recipient-all": (100, 86400),
    }
)
def test_invitations_are_limited_per_sender(client, owner_membership):
    organisation = owner_membership.organisation
    client.force_login(owner_membership.user)

    for n in range(2):
        _invite(client, organisation, f"invitato{n}@esempio.it")
    refused = _invite(client, organisation, "invitato9@esempio.it")

    assert "troppe richieste" in refused.context["form"].errors["email"][0]
    assert Invitation.objects.count() == 2


@pytest.mark.django_db
@override_settings(
    RATE_LIMITS={
        "email-sender": (100, 3600),
        "email-recipient": (1, 86400),
        "email-recipient-all": (100, 86400),
    }
)
def test_a_recipient_gets_few_invitation_emails_and_the_sender_learns_nothing(
    owner_membership, django_capture_on_commit_callbacks
):
    others = MembershipFactory.create_batch(2, role=Membership.Role.OWNER)

    with django_capture_on_commit_callbacks(execute=True):
        for membership in [owner_membership, *others]:
            services.invite_member(
                membership.organisation, email="bersaglio@esempio.it", invited_by=membership.user
            )

    assert Invitation.objects.filter(email="bersaglio@esempio.it").count() == 3
    assert [m.to for m in mail.outbox] == [["bersaglio@esempio.it"]]


@pytest.mark.django_db
def test_an_owner_revokes_an_invitation(client, owner_membership):
    invitation = services.invite_member(
        owner_membership.organisation, email="sbaglio@esempio.it", invited_by=owner_membership.user
    )
    client.force_login(owner_membership.user)

    client.post(
        reverse(
            "directory:invitation_revoke",
            kwargs={"slug": owner_membership.organisation.slug, "pk": invitation.pk},
        )
    )

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED


@pytest.mark.django_db
def test_any_member_may_leave_even_the_last_owner_and_staff_see_it(client, owner_membership):
    organisation = owner_membership.organisation
    collaborator = MembershipFactory(organisation=organisation, role=Membership.Role.STAFF)
    client.force_login(collaborator.user)

    left = client.post(reverse("directory:leave", kwargs={"slug": organisation.slug}))
    assert left["Location"] == reverse("directory:mine")
    assert not Membership.objects.filter(pk=collaborator.pk).exists()
    assert not Organisation.objects.without_owners().exists()

    client.force_login(owner_membership.user)
    client.post(reverse("directory:leave", kwargs={"slug": organisation.slug}))

    assert not Membership.objects.filter(organisation=organisation).exists()
    assert list(Organisation.objects.without_owners()) == [organisation]
    staff = StaffFactory()
    client.force_login(staff)
    queue = client.get(reverse("directory:moderation_queue"))
    assert list(queue.context["without_owners"]) == [organisation]


@pytest.mark.django_db
def test_a_new_owner_clears_the_flag(owner_membership):
    organisation = owner_membership.organisation
    services.leave_organisation(owner_membership)
    staff = StaffFactory()
    heir = UserFactory(email="erede@esempio.it")
    invitation = services.invite_member(
        organisation, email="erede@esempio.it", role="owner", invited_by=staff
    )

    services.accept_invitation(invitation, user=heir)

    assert not Organisation.objects.without_owners().exists()


@pytest.mark.django_db
def test_the_only_owner_can_delete_their_account(owner_membership):
    organisation = owner_membership.organisation
    user = owner_membership.user
    Invitation.objects.create(
        organisation=MembershipFactory().organisation,
        email=user.email.lower(),
        invited_by=None,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )

    assert privacy.deletion_blockers(user) == []
    privacy.delete_account(user)

    assert not Membership.objects.filter(organisation=organisation).exists()
    assert list(Organisation.objects.without_owners()) == [organisation]
    assert not Invitation.objects.exists()  # the address goes with the account


@pytest.mark.django_db
def test_old_invitations_are_deleted_and_open_ones_kept(owner_membership):
    organisation = owner_membership.organisation
    now = timezone.now()
    old = Invitation.objects.create(
        organisation=organisation,
        email="vecchio@esempio.it",
        created_at=now - datetime.timedelta(days=120),
        expires_at=now - datetime.timedelta(days=106),
    )
    declined = Invitation.objects.create(
        organisation=organisation,
        email="no@esempio.it",
        state=Invitation.State.DECLINED,
        created_at=now - datetime.timedelta(days=100),
        expires_at=now - datetime.timedelta(days=86),
        answered_at=now - datetime.timedelta(days=95),
    )
    open_one = services.invite_member(
        organisation, email="nuovo@esempio.it", invited_by=owner_membership.user
    )

    assert services.prune_invitations() == 2

    assert list(Invitation.objects.all()) == [open_one]
    assert not Invitation.objects.filter(pk__in=[old.pk, declined.pk]).exists()


@pytest.mark.django_db
def test_the_personal_list_of_invitations_queries_do_not_grow(client):
    invitee = UserFactory(email="molti@esempio.it")
    client.force_login(invitee)

    def invite():
        owner = MembershipFactory(role=Membership.Role.OWNER)
        services.invite_member(owner.organisation, email=invitee.email, invited_by=owner.user)

    invite()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("directory:mine"))
    invite()
    invite()
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("directory:mine"))

    assert len(response.context["invitations"]) == 3
    assert len(three) == len(one)


@pytest.mark.django_db
def test_leaving_is_asked_once_more_and_the_last_owner_is_told_what_follows(
    client, owner_membership
):
    organisation = owner_membership.organisation
    client.force_login(owner_membership.user)
    url = reverse("directory:leave", kwargs={"slug": organisation.slug})

    alone = client.get(url)
    MembershipFactory(organisation=organisation, role=Membership.Role.OWNER)
    with_another = client.get(url)

    assert alone.status_code == with_another.status_code == 200
    assert alone.context["last_owner"] is True
    assert "Siete l'unico titolare" in alone.content.decode()
    assert with_another.context["last_owner"] is False
    assert Membership.objects.filter(pk=owner_membership.pk).exists()  # a GET changes nothing
