from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from manifatture.accounts.models import User

from .models import Membership, Organisation


def organisations_of(user: User) -> QuerySet[Organisation]:
    """The organisations this person is a member of (owner or staff)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def get_organisation_for_member(user: User, slug: str, *, owner_only: bool = False) -> Organisation:
    """The organisation `slug`, if `user` may manage it: a member (or only an
    owner, with owner_only) or city staff. 404 if it doesn't exist, 403 if not allowed.
    """
    organisation = get_object_or_404(Organisation, slug=slug)
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_city_staff:
        return organisation
    memberships = Membership.objects.filter(user=user, organisation=organisation)
    if owner_only:
        memberships = memberships.filter(role=Membership.Role.OWNER)
    if not memberships.exists():
        raise PermissionDenied
    return organisation
