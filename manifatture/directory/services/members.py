"""The people of an organisation: leaving, removed, their role changed; never
without an owner by someone else's hand (the last owner leaving is flagged to
staff)."""

from django.db import transaction
from django.utils import timezone

from ..exceptions import LastOwner
from ..models import Membership, Organisation


def _add_owner_back(organisation_id: int) -> None:
    Organisation.objects.filter(pk=organisation_id).update(owners_left_at=None)


def _lock_owners(organisation_id: int) -> int:
    """Lock the organisation row, so two owners leaving at once cannot both succeed;
    return how many owners it has."""
    Organisation.objects.select_for_update().get(pk=organisation_id)
    return Membership.objects.filter(
        organisation_id=organisation_id, role=Membership.Role.OWNER
    ).count()


def leave_organisation(membership: Membership) -> None:
    """A person leaves, whenever they want, whatever their role. If they were the
    last owner, the organisation is flagged to staff (`without_owners`)."""
    with transaction.atomic():
        owners = _lock_owners(membership.organisation_id)
        current = Membership.objects.filter(pk=membership.pk).first()
        if current is None:
            return
        membership = current
        if membership.role == Membership.Role.OWNER and owners <= 1:
            Organisation.objects.filter(pk=membership.organisation_id).update(
                owners_left_at=timezone.now()
            )
        membership.delete()


def remove_member(membership: Membership) -> None:
    """Remove a person from the organisation; the last owner cannot be removed."""
    with transaction.atomic():
        owners = _lock_owners(membership.organisation_id)
        membership.refresh_from_db()
        if membership.role == Membership.Role.OWNER and owners <= 1:
            raise LastOwner
        membership.delete()


def change_member_role(membership: Membership, *, role: str) -> Membership:
    """Make a member owner or staff; the last owner cannot step down."""
    with transaction.atomic():
        owners = _lock_owners(membership.organisation_id)
        membership.refresh_from_db()
        if membership.role == Membership.Role.OWNER and role != membership.role and owners <= 1:
            raise LastOwner
        membership.role = role
        membership.save(update_fields=["role"])
        if role == Membership.Role.OWNER:
            _add_owner_back(membership.organisation_id)
    return membership
