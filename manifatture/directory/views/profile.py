"""Profile details: capabilities, machines, links and photos; and the
yearly confirmation that the profile is still right."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest

from .. import queries, services
from ..exceptions import DirectoryError
from ..forms import (
    ConfirmForm,
    LinkForm,
    MachineForm,
    PhotoForm,
    ProfileDetailsForm,
)
from ..models import Link, Machine, Photo


@login_required
@require_http_methods(["GET", "POST"])
def details(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    form = ProfileDetailsForm(request.POST or None, instance=organisation, prefix="details")
    machine_form = MachineForm(prefix="machine")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_profile_details(
            organisation,
            capabilities=data["capabilities"],
            materials=data["materials"],
            tags=data["tags"],
            services_it=data["services_it"],
            services_en=data["services_en"],
            opening_hours=data["opening_hours"],
            contact_email=data["contact_email"],
        )
        messages.success(request, _("Capacità e servizi sono aggiornati."))
        return redirect("directory:details", slug=organisation.slug)
    return _details_page(request, organisation, form, machine_form)


def _details_page(request, organisation, form, machine_form) -> HttpResponse:
    return render(
        request,
        "directory/details.html",
        {
            "organisation": organisation,
            "form": form,
            "machine_form": machine_form,
            "machines": organisation.machines.select_related("capability"),
            "tab": "details",
        },
    )


@login_required
@require_POST
def machine_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    machine_form = MachineForm(request.POST, prefix="machine")
    if machine_form.is_valid():
        machine = services.add_machine(organisation, **machine_form.cleaned_data)
        messages.success(request, _("La macchina «%(m)s» è aggiunta.") % {"m": machine.model})
        return redirect("directory:details", slug=organisation.slug)
    form = ProfileDetailsForm(instance=organisation, prefix="details")
    return _details_page(request, organisation, form, machine_form)


@login_required
@require_POST
def machine_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    machine = get_object_or_404(Machine, pk=pk, organisation=organisation)
    services.delete_machine(machine)
    messages.success(request, _("La macchina «%(m)s» è eliminata.") % {"m": machine.model})
    return redirect("directory:details", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def media(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Links and photos."""
    organisation = queries.get_organisation_for_member(request.user, slug)
    link_form = LinkForm(prefix="link")
    photo_form = PhotoForm(prefix="photo", organisation=organisation)
    if request.method == "POST" and "link-url" in request.POST:
        link_form = LinkForm(request.POST, prefix="link")
        if link_form.is_valid():
            services.add_link(organisation, **link_form.cleaned_data)
            messages.success(request, _("Il link è aggiunto."))
            return redirect("directory:media", slug=organisation.slug)
    elif request.method == "POST":
        photo_form = PhotoForm(
            request.POST, request.FILES, prefix="photo", organisation=organisation
        )
        if photo_form.is_valid():
            services.add_photo(organisation, **photo_form.cleaned_data)
            messages.success(request, _("La foto è aggiunta."))
            return redirect("directory:media", slug=organisation.slug)
    return render(
        request,
        "directory/media.html",
        {
            "organisation": organisation,
            "link_form": link_form,
            "photo_form": photo_form,
            "links": organisation.links.all(),
            "photos": organisation.photos.all(),
            "tab": "media",
        },
    )


@login_required
@require_POST
def link_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    services.delete_link(get_object_or_404(Link, pk=pk, organisation=organisation))
    messages.success(request, _("Il link è eliminato."))
    return redirect("directory:media", slug=organisation.slug)


@login_required
@require_POST
def photo_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    services.delete_photo(get_object_or_404(Photo, pk=pk, organisation=organisation))
    messages.success(request, _("La foto è eliminata."))
    return redirect("directory:media", slug=organisation.slug)


@login_required
@require_POST
def confirm_now(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An owner or member confirms the profile from its management page."""
    organisation = queries.get_organisation_for_member(request.user, slug)
    services.confirm_organisation(organisation)
    messages.success(request, _("Grazie: i dati sono confermati per un altro anno."))
    return redirect("directory:edit", slug=organisation.slug)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the yearly e-mail: one button, no login needed."""
    error = None
    try:
        organisation = services.organisation_for_token(token)
    except DirectoryError as exception:
        organisation, error = None, exception.message
    if organisation is not None and request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid() and form.cleaned_data["token"] == token:
            services.confirm_organisation(organisation)
            return render(request, "directory/confirm_done.html", {"organisation": organisation})
    return render(
        request,
        "directory/confirm.html",
        {
            "organisation": organisation,
            "error": error,
            "form": ConfirmForm(initial={"token": token}),
            "sites": organisation.sites.select_related("comune") if organisation else [],
        },
        status=200 if organisation else 410 if error else 404,
    )
