"""A person's data in the directory, erased (accounts.personal_data)."""

from manifatture.accounts.models import User

from ..models import Invitation, Membership
from .members import leave_organisation


def erase_personal_data(user: User) -> None:
    """The person leaves every organisation (the organisations stay; those left
    without an owner are flagged to staff), and invitations to their address go."""
    for membership in Membership.objects.filter(user=user):
        leave_organisation(membership)
    Invitation.objects.filter(email=user.email.lower()).delete()
