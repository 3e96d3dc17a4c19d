"""Invitations to join an organisation: sent (limited per sender and per
recipient), accepted, declined or revoked, and forgotten after a while."""

import datetime
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from manifatture import outreach
from manifatture.accounts.models import User
from manifatture.mail import send_templated_email

from .. import conf
from ..exceptions import AlreadyMember, InvitationClosed, InvitationPending, InvitationRefused
from ..models import Invitation, Membership, Organisation
from .members import _add_owner_back

# An invitation is e-mail that an owner aims at any address (manifatture.outreach).
INVITATION_EMAIL = outreach.register(
    outreach.AimedEmail(
        kind="invitation",
        label=gettext_lazy("Invito a far parte di un'organizzazione"),
        templates=("directory/email/invitation",),
        who="an organisation's owner (or city staff) invites any address to join it",
    )
)


def invite_member(
    organisation: Organisation,
    *,
    email: str,
    role: str = Membership.Role.STAFF,
    invited_by: User,
) -> Invitation:
    """Invite an address to join the organisation. The answer is the same whether
    or not the address has an account; its owner accepts or declines from their
    area (after signing up, if they have no account). No second invitation while
    one is valid; invitations are limited per sender and per recipient."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
            raise AlreadyMember
        Invitation.objects.filter(
            organisation=organisation,
            email=email,
            state=Invitation.State.PENDING,
            expires_at__lte=now,
        ).update(state=Invitation.State.EXPIRED)
        if Invitation.objects.filter(
            organisation=organisation, email=email, state=Invitation.State.PENDING
        ).exists():
            raise InvitationPending
        try:
            outreach.allow_aimed_email(
                INVITATION_EMAIL.kind, sender_key=f"user:{invited_by.pk}", recipient=email
            )
            send = True
        except outreach.AimedEmailRefused as error:
            if not error.about_recipient:
                raise InvitationRefused(error.message) from error
            # Written to too often: the invitation waits in their area, unannounced,
            # and the sender learns nothing about the address.
            send = False
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + conf.invitation_validity(),
        )
        if send:
            account = User.objects.filter(email__iexact=email, is_active=True).first()
            context = {
                "invitation": invitation,
                "organisation": organisation,
                "invited_by": invited_by,
                "has_account": account is not None,
            }
            language = account.language if account else (get_language() or "it")[:2]
            transaction.on_commit(
                partial(
                    send_templated_email,
                    [email],
                    "directory/email/invitation",
                    context,
                    language,
                )
            )
    return invitation


def prune_invitations(*, now: datetime.datetime | None = None) -> int:
    """Delete invitations answered or expired DIRECTORY_INVITATION_KEEP_DAYS ago:
    an address someone typed is not kept longer than needed (daily)."""
    now = now or timezone.now()
    limit = now - conf.invitation_keep()
    with transaction.atomic():
        deleted, _by_model = Invitation.objects.filter(
            Q(answered_at__lt=limit) | Q(expires_at__lt=limit)
        ).delete()
    return deleted


def accept_invitation(invitation: Invitation, *, user: User) -> Membership:
    """The invited person joins, with the role they were invited for."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open or invitation.email != user.email.lower():
            raise InvitationClosed
        membership, _created = Membership.objects.get_or_create(
            user=user,
            organisation_id=invitation.organisation_id,
            defaults={"role": invitation.role},
        )
        if membership.role == Membership.Role.OWNER:
            _add_owner_back(invitation.organisation_id)
        invitation.state = Invitation.State.ACCEPTED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["state", "answered_at"])
    return membership


def _close_invitation(invitation: Invitation, state: str) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationClosed
        invitation.state = state
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["state", "answered_at"])
    return invitation


def decline_invitation(invitation: Invitation) -> Invitation:
    """The invited person says no; nothing tells the organisation who they are."""
    return _close_invitation(invitation, Invitation.State.DECLINED)


def revoke_invitation(invitation: Invitation) -> Invitation:
    """An owner takes back an invitation that has no answer yet."""
    return _close_invitation(invitation, Invitation.State.REVOKED)
