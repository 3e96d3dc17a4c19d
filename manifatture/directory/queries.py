import datetime

import ateco
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from manifatture.accounts.models import User

from . import conf
from .models import MILANO_ISTAT_CODE, Comune, Invitation, Machine, Membership, Organisation, Site
from .search import qualified_organisations

# The metropolitan area's province code in the ISTAT list.
METRO_PROVINCE = "MI"


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


def conflicting_memberships(*, organisation, before, user=None) -> QuerySet[Membership]:
    """The memberships that make `user` conflicted on an application of
    `organisation` submitted at `before`: joined (accepted) before it was sent.
    Joining afterwards, or being invited, changes nothing: nobody can make a
    reviewer conflicted by adding them to the applicant. The arguments may be
    OuterRef()s; without `user`, every member's. One rule for the call for hosts
    and for the calls (bandi)."""
    memberships = Membership.objects.filter(organisation=organisation, created_at__lt=before)
    return memberships if user is None else memberships.filter(user=user)


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


def get_public_organisation(slug: str, viewer: User | AnonymousUser | None = None) -> Organisation:
    """The organisation for its public page, with its sites and profile details.
    Until staff approve it, only its members and city staff see it (404 for
    everyone else); they get it with `is_preview` set."""
    organisation = get_object_or_404(
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
    organisation.is_preview = not organisation.is_public
    if organisation.is_preview and not _may_preview(viewer, organisation):
        raise Http404
    return organisation


def _may_preview(viewer: User | AnonymousUser | None, organisation: Organisation) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    return viewer.is_city_staff or organisation.memberships.filter(user=viewer).exists()


def is_verified(organisation: Organisation) -> bool:
    """Vouched for by someone other than its members: imported from an official
    list, in the albo (verified by staff), or an accepted host of an edition. A
    change of name or description of an organisation that is not waits for staff."""
    if organisation.source != Organisation.Source.MANUAL:
        return True
    return (
        organisation.applications.accepted().exists()
        or qualified_organisations().filter(pk=organisation.pk).exists()
    )


def moderation_queue() -> QuerySet[Organisation]:
    """What staff have to look at: new profiles first, then proposed changes; with
    the members who made them."""
    return (
        Organisation.objects.awaiting_moderation()
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user"))
        )
        .order_by("-moderation", "created_at", "pk")
    )


def organisations_without_owners() -> QuerySet[Organisation]:
    return Organisation.objects.without_owners().order_by("owners_left_at", "pk")


# Invitations ----------------------------------------------------------------------------


def open_invitations_for(user: User) -> QuerySet[Invitation]:
    """Invitations waiting for the person's answer: to their address, once verified."""
    if not user.is_authenticated or not user.email_verified:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            email=user.email.lower(),
            state=Invitation.State.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("organisation", "invited_by")
        .order_by("-created_at", "-pk")
    )


def get_invitation_for_invitee(user: User, pk: int) -> Invitation:
    """An invitation addressed to the person's verified address; 404 otherwise
    (an invitation to someone else must not be known to exist)."""
    if not user.is_authenticated or not user.email_verified:
        raise Http404
    return get_object_or_404(
        Invitation.objects.select_related("organisation"), pk=pk, email=user.email.lower()
    )


def open_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    """What the owners see: the addresses they invited, with no answer yet."""
    return Invitation.objects.filter(
        organisation=organisation,
        state=Invitation.State.PENDING,
        expires_at__gt=timezone.now(),
    ).order_by("created_at", "pk")


def editions_of(organisation: Organisation) -> QuerySet:
    """The organisation's accepted applications, newest edition first, with the edition."""
    return organisation.applications.accepted().select_related("edition").order_by("-edition__year")


def current_activities_of(organisation: Organisation) -> QuerySet:
    """The organisation's published activities in the current edition, with their site."""
    return (
        organisation.activities.published()
        .filter(edition__is_current=True)
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
    limit = now - conf.confirm_after()
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
        ],
        "invitations": [
            {
                "organisation": invitation.organisation.name,
                "role": invitation.role,
                "state": invitation.state,
                "sent": invitation.created_at.isoformat(),
            }
            for invitation in Invitation.objects.filter(email=user.email.lower())
            .select_related("organisation")
            .order_by("created_at", "pk")
        ],
    }
