"""Who belongs to an organisation: invitations answered or revoked, members
removed or given another role, and leaving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest
from manifatture.errors import show_error

from .. import queries, services
from ..exceptions import DirectoryError
from ..forms import (
    MemberAddForm,
    MemberRoleForm,
)
from ..models import Invitation, Membership


@login_required
@require_POST
def invitation_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = queries.get_invitation_for_invitee(request.user, pk)
    try:
        membership = services.accept_invitation(invitation, user=request.user)
    except DirectoryError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Ora fate parte di «%(name)s» come %(role)s.")
            % {
                "name": invitation.organisation.name,
                "role": membership.get_role_display().lower(),
            },
        )
    return redirect("directory:mine")


@login_required
@require_POST
def invitation_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = queries.get_invitation_for_invitee(request.user, pk)
    try:
        services.decline_invitation(invitation)
    except DirectoryError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Avete rifiutato l'invito di «%(name)s».") % {"name": invitation.organisation.name},
        )
    return redirect("directory:mine")


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A member leaves the organisation, whatever their role (asked once more first)."""
    organisation = queries.get_organisation_for_member(request.user, slug)
    membership = get_object_or_404(Membership, organisation=organisation, user=request.user)
    if request.method == "GET":
        return render(
            request,
            "directory/leave.html",
            {
                "organisation": organisation,
                "last_owner": membership.role == Membership.Role.OWNER
                and not organisation.memberships.filter(role=Membership.Role.OWNER)
                .exclude(pk=membership.pk)
                .exists(),
            },
        )
    services.leave_organisation(membership)
    messages.success(
        request,
        _("Non fate più parte di «%(name)s».") % {"name": organisation.name},
    )
    return redirect("directory:mine")


@login_required
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug, owner_only=True)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(
                organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except DirectoryError as error:
            form.add_error("email", error.message)
        else:
            # The same answer whether or not the address has an account.
            messages.success(
                request,
                _(
                    "Invito inviato a %(email)s. La persona entra nell'organizzazione "
                    "quando lo accetta; l'invito scade il %(date)s."
                )
                % {
                    "email": invitation.email,
                    "date": date_format(invitation.expires_at, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("directory:members", slug=organisation.slug)
    return render(
        request,
        "directory/members.html",
        {
            "organisation": organisation,
            "memberships": queries.members_of(organisation),
            "invitations": queries.open_invitations_of(organisation),
            "form": form,
            "roles": Membership.Role.choices,
            "tab": "members",
        },
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug, owner_only=True)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        services.revoke_invitation(invitation)
    except DirectoryError as error:
        show_error(request, error)
    else:
        messages.success(
            request, _("L'invito a %(email)s è annullato.") % {"email": invitation.email}
        )
    return redirect("directory:members", slug=organisation.slug)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug, owner_only=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation=organisation
    )
    try:
        services.remove_member(membership)
    except DirectoryError as error:
        show_error(request, error)
        return redirect("directory:members", slug=organisation.slug)
    messages.success(
        request,
        _("%(person)s non fa più parte dell'organizzazione.") % {"person": membership.user},
    )
    if membership.user_id == request.user.pk and not request.user.is_city_staff:
        return redirect("directory:mine")
    return redirect("directory:members", slug=organisation.slug)


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug, owner_only=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation=organisation
    )
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scegliete un ruolo valido."))
    else:
        try:
            services.change_member_role(membership, role=form.cleaned_data["role"])
        except DirectoryError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("%(person)s ora è %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display().lower()},
            )
    return redirect("directory:members", slug=organisation.slug)
