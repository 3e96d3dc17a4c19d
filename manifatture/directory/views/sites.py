"""An organisation's sites, listed, added, changed and deleted."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from manifatture.accounts.decorators import AuthenticatedHttpRequest
from manifatture.errors import show_error

from .. import queries, services
from ..exceptions import DirectoryError
from ..forms import (
    SiteForm,
)
from ..models import Site


@login_required
def sites(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    return render(
        request,
        "directory/sites.html",
        {"organisation": organisation, "sites": queries.sites_of(organisation), "tab": "sites"},
    )


def _site_form_page(
    request: AuthenticatedHttpRequest, slug: str, site_pk: int | None
) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    site = get_object_or_404(Site, pk=site_pk, organisation=organisation) if site_pk else None
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_site(organisation, site=site, **form.cleaned_data)
        except DirectoryError as error:
            show_error(form, error)
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
def site_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _site_form_page(request, slug, None)


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _site_form_page(request, slug, pk)


@login_required
@require_http_methods(["GET", "POST"])
def site_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    site = get_object_or_404(Site, pk=pk, organisation=organisation)
    if request.method == "POST":
        try:
            services.delete_site(site)
        except DirectoryError as error:
            show_error(request, error)
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
