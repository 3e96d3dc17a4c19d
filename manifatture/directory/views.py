from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from manifatture.accounts.decorators import verified_required

from . import queries, services
from .exceptions import DirectoryError
from .forms import MemberAddForm, MemberRoleForm, OrganisationForm, SiteForm
from .models import Membership, Site


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of an organisation (host)."""
    organisation = queries.get_public_organisation(slug)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "sites": organisation.sites.all(),
            "applications": queries.editions_of(organisation),
            "activities": queries.current_activities_of(organisation),
            "ateco_title": queries.ateco_title(organisation.ateco_code),
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/mine.html",
        {"memberships": queries.memberships_of(request.user)},
    )


@verified_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(owner=request.user, **form.cleaned_data)
        messages.success(
            request,
            _(
                "L'organizzazione «%(name)s» è stata creata. Ora aggiungete la sede dove "
                "accogliete i visitatori."
            )
            % {"name": organisation.name},
        )
        return redirect("directory:site_create", slug=organisation.slug)
    return render(request, "directory/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(organisation, **form.cleaned_data)
        messages.success(request, _("Il profilo è stato aggiornato."))
        return redirect("directory:edit", slug=organisation.slug)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "organisation": organisation, "tab": "profile"},
    )


@login_required
def sites(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    return render(
        request,
        "directory/sites.html",
        {"organisation": organisation, "sites": queries.sites_of(organisation), "tab": "sites"},
    )


def _site_form_page(request: HttpRequest, slug: str, site_pk: int | None) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    site = get_object_or_404(Site, pk=site_pk, organisation=organisation) if site_pk else None
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_site(organisation, site=site, **form.cleaned_data)
        except DirectoryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La sede «%(name)s» è salvata.") % {"name": saved.name})
            return redirect("directory:sites", slug=organisation.slug)
    return render(
        request,
        "directory/site_form.html",
        {
            "organisation": organisation,
            "form": form,
            "site": site,
            "tab": "sites",
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _site_form_page(request, slug, None)


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _site_form_page(request, slug, pk)


@login_required
@require_http_methods(["GET", "POST"])
def site_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    site = get_object_or_404(Site, pk=pk, organisation=organisation)
    if request.method == "POST":
        try:
            services.delete_site(site)
        except DirectoryError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("La sede «%(name)s» è stata eliminata.") % {"name": site.name}
            )
        return redirect("directory:sites", slug=organisation.slug)
    return render(
        request,
        "directory/site_confirm_delete.html",
        {"organisation": organisation, "site": site, "tab": "sites"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug, owner_only=True)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.add_member(
                organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                added_by=request.user,
            )
        except DirectoryError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                _("%(person)s ora fa parte dell'organizzazione come %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display().lower()},
            )
            return redirect("directory:members", slug=organisation.slug)
    return render(
        request,
        "directory/members.html",
        {
            "organisation": organisation,
            "memberships": queries.members_of(organisation),
            "form": form,
            "roles": Membership.Role.choices,
            "tab": "members",
        },
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug, owner_only=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation=organisation
    )
    try:
        services.remove_member(membership)
    except DirectoryError as error:
        messages.error(request, error.message)
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
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
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
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s ora è %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display().lower()},
            )
    return redirect("directory:members", slug=organisation.slug)
