import gzip
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture.accounts.decorators import staff_required, verified_required

from . import queries, search, services, tasks
from .exceptions import DirectoryError
from .forms import (
    ConfirmForm,
    DirectoryFilterForm,
    ImportForm,
    LinkForm,
    MachineForm,
    MemberAddForm,
    MemberRoleForm,
    ModerationForm,
    OrganisationForm,
    PhotoForm,
    ProfileDetailsForm,
    SiteForm,
)
from .models import ImportJob, Invitation, Link, Machine, Membership, Organisation, Photo, Site

SEARCH_PAGE_SIZE = 20
MAP_CACHE_SECONDS = 60


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of an organisation (host)."""
    organisation = queries.get_public_organisation(slug, request.user)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "sites": organisation.sites.all(),
            "applications": queries.editions_of(organisation),
            "activities": queries.current_activities_of(organisation),
            "ateco_title": queries.ateco_title(organisation.ateco_code),
            "qualified_until": queries.qualified_until(organisation),
        },
    )


# Search and map -------------------------------------------------------------------------


def _wants_partial(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """The directory: every listed actor, with full-text search and filters."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()
    page_obj = search.search_results(filters, request.GET.get("page"), per_page=SEARCH_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    partial = _wants_partial(request)
    response = render(
        request,
        "directory/_search_results.html" if partial else "directory/search.html",
        {
            "form": form,
            "page_obj": page_obj,
            "partial": partial,
            "map_url": reverse("directory:map") + (f"?{query.urlencode()}" if query else ""),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    form.filters()  # validates, so that wrong values are shown
    query = request.GET.urlencode()
    return render(
        request,
        "directory/map.html",
        {
            "form": form,
            "data_url": reverse("directory:map_data") + (f"?{query}" if query else ""),
            "list_url": reverse("directory:search") + (f"?{query}" if query else ""),
            "popup_url": reverse("directory:map_popup", kwargs={"pk": 0}),
            "municipi_url": reverse("activities:municipi_data"),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def _map_view(request: HttpRequest) -> search.MapView | None:
    """The view asked for: `bbox=west,south,east,north` (degrees, as Leaflet's
    toBBoxString writes it) and `zoom`; without them, the whole world at zoom 5.
    None when a value is not a number or out of range."""
    try:
        zoom = int(request.GET.get("zoom", "5"))
        bbox = request.GET.get("bbox")
        if bbox is None:
            return search.MapView(zoom=zoom) if 0 <= zoom <= search.MAP_MAX_ZOOM else None
        west, south, east, north = (float(part) for part in bbox.split(","))
    except ValueError:
        return None
    # Leaflet may report longitudes past ±180 after panning round the globe:
    # those views are clamped to the one world the sites are in.
    view = search.MapView(
        south=max(-90.0, south),
        west=max(-180.0, west),
        north=min(90.0, north),
        east=min(180.0, east),
        zoom=zoom,
    )
    if not (
        0 <= zoom <= search.MAP_MAX_ZOOM and view.south <= view.north and view.west <= view.east
    ):
        return None
    return view


@require_GET
def map_data(request: HttpRequest) -> HttpResponse:
    """The sites of one map view (`_map_view`): {"kinds": [...], "scale": 100000,
    "total": n, "points": [[id, lat × scale, lon × scale, kind index], ...],
    "clusters": [[lat × scale, lon × scale, count], ...]}; every site one by one
    when few are in view, else clustered by the server (`search.map_view_json`).
    With `fit=1`, also "bounds": [south, west, north, east] of all the matching
    sites, where the map opens when filters are set."""
    view = _map_view(request)
    if view is None:
        return JsonResponse({"error": _("La zona della mappa richiesta non è valida.")}, status=400)
    filters = DirectoryFilterForm(request.GET or None).filters()
    head = {"kinds": search.MAP_KINDS, "scale": search.MAP_SCALE}
    if request.GET.get("fit") == "1":
        head["bounds"] = search.map_bounds(filters)
    head = json.dumps(head, separators=(",", ":"))
    members, _total = search.map_view_json(filters, view)
    body = f"{head[:-1]},{members}}}".encode()
    response = HttpResponse(content_type="application/json")
    # Compressed here with a fast level: the default level takes several times
    # longer for a few per cent less.
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        body = gzip.compress(body, compresslevel=1, mtime=0)
        response["Content-Encoding"] = "gzip"
    response.content = body
    patch_vary_headers(response, ["Accept-Encoding"])
    patch_cache_control(response, public=True, max_age=MAP_CACHE_SECONDS)
    return response


@require_GET
def map_popup(request: HttpRequest, pk: int) -> JsonResponse:
    """What a marker's popup shows, fetched when it is opened."""
    site = search.site_popup(pk)
    if site is None:
        raise Http404
    organisation = site.organisation
    return JsonResponse(
        {
            "name": organisation.name,
            "url": organisation.get_absolute_url(),
            "category": organisation.get_category_display(),
            "site": site.name,
            "address": ", ".join(
                part
                for part in [site.address, f"{site.postcode} {site.comune.name}".strip()]
                if part
            ),
            "nil": site.nil.label if site.nil else "",
            "municipio": str(site.municipio) if site.municipio else "",
            "qualified": (
                _("Iscritta all'albo fino al %(date)s")
                % {"date": date_format(site.qualified_until, "SHORT_DATE_FORMAT")}
                if site.qualified_until
                else ""
            ),
        }
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The person's organisations, and the invitations waiting for their answer."""
    return render(
        request,
        "directory/mine.html",
        {
            "memberships": queries.memberships_of(request.user),
            "invitations": queries.open_invitations_for(request.user),
        },
    )


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = queries.get_invitation_for_invitee(request.user, pk)
    try:
        membership = services.accept_invitation(invitation, user=request.user)
    except DirectoryError as error:
        messages.error(request, error.message)
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
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = queries.get_invitation_for_invitee(request.user, pk)
    try:
        services.decline_invitation(invitation)
    except DirectoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Avete rifiutato l'invito di «%(name)s».") % {"name": invitation.organisation.name},
        )
    return redirect("directory:mine")


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
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
        if not organisation.is_public:
            messages.info(
                request,
                _(
                    "Il profilo sarà pubblico dopo la verifica dello staff del Comune: "
                    "nel frattempo lo vedete solo voi e gli altri membri."
                ),
            )
        return redirect("directory:site_create", slug=organisation.slug)
    return render(request, "directory/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    # A proposed name or description still to verify is what the members edit.
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        initial=organisation.pending_changes,
    )
    if request.method == "POST" and form.is_valid():
        saved = services.update_organisation(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Il profilo è stato aggiornato."))
        if saved.pending_changes:
            messages.info(
                request,
                _(
                    "Il nuovo nome o la nuova descrizione saranno pubblici dopo la verifica "
                    "dello staff del Comune."
                ),
            )
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
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug, owner_only=True)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        services.revoke_invitation(invitation)
    except DirectoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("L'invito a %(email)s è annullato.") % {"email": invitation.email}
        )
    return redirect("directory:members", slug=organisation.slug)


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


# Profile details: capabilities, machines, links, photos, freshness ------------------------


@login_required
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest, slug: str) -> HttpResponse:
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
def machine_add(request: HttpRequest, slug: str) -> HttpResponse:
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
def machine_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    machine = get_object_or_404(Machine, pk=pk, organisation=organisation)
    services.delete_machine(machine)
    messages.success(request, _("La macchina «%(m)s» è eliminata.") % {"m": machine.model})
    return redirect("directory:details", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def media(request: HttpRequest, slug: str) -> HttpResponse:
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
def link_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    services.delete_link(get_object_or_404(Link, pk=pk, organisation=organisation))
    messages.success(request, _("Il link è eliminato."))
    return redirect("directory:media", slug=organisation.slug)


@login_required
@require_POST
def photo_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    services.delete_photo(get_object_or_404(Photo, pk=pk, organisation=organisation))
    messages.success(request, _("La foto è eliminata."))
    return redirect("directory:media", slug=organisation.slug)


@login_required
@require_POST
def confirm_now(request: HttpRequest, slug: str) -> HttpResponse:
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


# Staff: bulk import -------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            job = ImportJob.objects.create(
                format=form.cleaned_data["format"],
                filename=form.cleaned_data["file"].name[:200],
                content=form.cleaned_data["text"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                created_by=request.user,
            )
            transaction.on_commit(lambda: tasks.run_import_job.enqueue(job_id=job.pk))
        return redirect("directory:import_job", pk=job.pk)
    return render(
        request,
        "directory/import_start.html",
        {"form": form, "jobs": ImportJob.objects.select_related("created_by")[:10]},
    )


IMPORT_REPORT_ROWS = 1000


@staff_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's page: its progress while the task runs, then the report."""
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    return render(
        request,
        "directory/import_job.html",
        {"job": job, "problems": job.report[:IMPORT_REPORT_ROWS]},
    )


@staff_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment that the import page polls with htmx."""
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    response = render(
        request,
        "directory/_import_progress.html",
        {"job": job, "problems": job.report[:IMPORT_REPORT_ROWS]},
    )
    patch_cache_control(response, no_store=True)
    return response


# Staff: moderation of self-created profiles, organisations without owners ------------------


@staff_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/moderation_queue.html",
        {
            "queue": [
                (organisation, ModerationForm(organisation=organisation))
                for organisation in queries.moderation_queue()
            ],
            "without_owners": queries.organisations_without_owners(),
        },
    )


@staff_required
@require_POST
def moderation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = ModerationForm(request.POST, organisation=organisation)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{organisation.name}: {error}")
        return redirect("directory:moderation_queue")
    try:
        if form.cleaned_data["decision"] == ModerationForm.APPROVE:
            services.approve_organisation(organisation, by=request.user)
            done = _("«%(name)s»: pubblicata.")
        else:
            services.reject_organisation(
                organisation, by=request.user, reason=form.cleaned_data["reason"]
            )
            done = _("«%(name)s»: non pubblicata; i membri leggono il motivo.")
    except DirectoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"name": organisation.name})
    return redirect("directory:moderation_queue")
