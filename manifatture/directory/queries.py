import datetime

import ateco
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from manifatture.accounts.models import User

from . import conf
from .models import MILANO_ISTAT_CODE, Comune, Machine, Membership, Organisation, Site
from .search import qualified_organisations

# The metropolitan area's province code in the ISTAT list.
METRO_PROVINCE = "MI"

# States and statuses of models in apps to the right, which the directory reads
# through reverse relations without importing them (see docs/architecture.md).
APPLICATION_ACCEPTED = "accepted"
ACTIVITY_PUBLISHED = "published"


def organisations_of(user: User) -> QuerySet[Organisation]:
    """The organisations this person is a member of (owner or staff)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def memberships_of(user: User) -> QuerySet[Membership]:
    """The person's memberships with their organisation, by organisation name."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def get_organisation_for_member(user: User, slug: str, *, owner_only: bool = False) -> Organisation:
    """The organisation `slug`, if `user` may manage it: a member (or only an
    owner, with owner_only) or city staff. 404 if it doesn't exist, 403 if not allowed.

    The returned organisation carries `can_manage_members`: whether this person
    may add and remove members (owners and city staff).
    """
    organisation = get_object_or_404(Organisation, slug=slug)
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_city_staff:
        organisation.can_manage_members = True
        return organisation
    role = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )
    if role is None or (owner_only and role != Membership.Role.OWNER):
        raise PermissionDenied
    organisation.can_manage_members = role == Membership.Role.OWNER
    return organisation


def sites_of(organisation: Organisation) -> QuerySet[Site]:
    return organisation.sites.with_places().order_by("name")


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        organisation.memberships.select_related("user")
        .annotate(
            owner_first=Case(
                When(role=Membership.Role.OWNER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("owner_first", "user__full_name", "user__email")
    )


def comuni_for_sites(*, including: str | None = None) -> QuerySet[Comune]:
    """The comuni of the metropolitan area, Milano first, then by name; `including`
    keeps a site's current comune in the list even if it lies elsewhere."""
    condition = Q(province=METRO_PROVINCE)
    if including:
        condition |= Q(istat_code=including)
    return (
        Comune.objects.filter(condition)
        .annotate(
            milano_first=Case(
                When(istat_code=MILANO_ISTAT_CODE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("milano_first", "name")
    )


def get_public_organisation(slug: str) -> Organisation:
    """The organisation for its public page, with its sites and profile details."""
    return get_object_or_404(
        Organisation.objects.prefetch_related(
            Prefetch(
                "sites",
                queryset=Site.objects.with_places().order_by("name"),
            ),
            "capabilities",
            "materials",
            "tags",
            Prefetch("machines", queryset=Machine.objects.select_related("capability")),
            "links",
            "photos",
        ),
        slug=slug,
    )


def editions_of(organisation: Organisation) -> QuerySet:
    """The organisation's accepted applications, newest edition first, with the edition."""
    return (
        organisation.applications.filter(state=APPLICATION_ACCEPTED)
        .select_related("edition")
        .order_by("-edition__year")
    )


def current_activities_of(organisation: Organisation) -> QuerySet:
    """The organisation's published activities in the current edition, with their site."""
    return (
        organisation.activities.filter(status=ACTIVITY_PUBLISHED, edition__is_current=True)
        .select_related("site", "edition")
        .order_by("title_it")
    )


def ateco_title(code: str) -> str:
    """The ISTAT description of an ATECO code, or "" if unknown."""
    if not code:
        return ""
    try:
        node = ateco.lookup(code)
    except ValueError:
        return ""
    return node.title if node else ""


def due_for_confirmation(*, now: datetime.datetime) -> QuerySet[Organisation]:
    """Listed profiles not confirmed for DIRECTORY_CONFIRM_AFTER_DAYS and not asked
    since their last confirmation, with their owners."""
    limit = now - datetime.timedelta(days=conf.get("DIRECTORY_CONFIRM_AFTER_DAYS"))
    return (
        Organisation.objects.filter(
            archived_at__isnull=True,
            last_confirmed_at__lt=limit,
            confirmation_requested_at__isnull=True,
        )
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user"))
        )
        .order_by("pk")
    )


def qualified_until(organisation: Organisation) -> datetime.date | None:
    """Until when the organisation is in the qualified list (albo), if it is now."""
    return (
        qualified_organisations()
        .filter(pk=organisation.pk)
        .order_by("-albo_entries__expires_on")
        .values_list("albo_entries__expires_on", flat=True)
        .first()
    )


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    """The organisations the person belongs to, and in which role."""
    return {
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "organisation_slug": membership.organisation.slug,
                "role": membership.role,
                "since": membership.created_at.isoformat(),
            }
            for membership in Membership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name")
        ]
    }


def sole_ownerships(user: User) -> list[Organisation]:
    """Organisations whose only owner is the person."""
    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER).values(
        "organisation_id"
    )
    return list(
        Organisation.objects.filter(pk__in=owned)
        .annotate(owners=Count("memberships", filter=Q(memberships__role=Membership.Role.OWNER)))
        .filter(owners=1)
        .order_by("name")
    )
