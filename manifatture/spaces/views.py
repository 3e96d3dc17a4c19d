from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.errors import show_error

from . import queries, services
from .exceptions import SpacesError
from .forms import PhotoForm, SpaceFilterForm, SpaceForm, StatusForm
from .models import Space, SpacePhoto


def _map_settings() -> dict:
    return {"tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


@require_GET
def space_list(request: HttpRequest) -> HttpResponse:
    """The public map and list of the census, with the same filters for both."""
    form = SpaceFilterForm(request.GET or None)
    spaces = list(queries.public_spaces(form.filters()))
    data_url = reverse("spaces:map_data")
    if request.GET:
        data_url += "?" + request.GET.urlencode()
    return render(
        request,
        "spaces/list.html",
        {
            "form": form,
            "spaces": spaces,
            "data_url": data_url,
            "statuses": Space.Status,
            **_map_settings(),
        },
    )


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    form = SpaceFilterForm(request.GET or None)
    spaces = queries.public_spaces(form.filters()).prefetch_related(None)
    return JsonResponse(queries.spaces_geojson(spaces), content_type="application/geo+json")


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = queries.get_space_for_viewer(request.user, slug)
    point = {
        "lat": float(space.latitude),
        "lon": float(space.longitude),
        "label": space.name,
        "status": space.status,
    }
    return render(
        request,
        "spaces/detail.html",
        {
            "space": space,
            "photos": queries.photos_of(space),
            "history": queries.status_history(space),
            "point": point,
            "calls": queries.calls_offering(space),
            **_map_settings(),
        },
    )


@staff_required
def manage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SpaceFilterForm(request.GET or None)
    return render(
        request,
        "spaces/manage/list.html",
        {"form": form, "spaces": queries.staff_spaces(form.filters())},
    )


def _fields(form: SpaceForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@staff_required
def manage_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.create_space(by=request.user, **_fields(form))
        except SpacesError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Spazio aggiunto al censimento."))
            return redirect("spaces:manage_edit", pk=space.pk)
    return render(request, "spaces/manage/form.html", {"form": form, "space": None})


@staff_required
def manage_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    space = get_object_or_404(Space.objects.select_related("comune", "municipio", "nil"), pk=pk)
    form = SpaceForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_space(space, by=request.user, **_fields(form))
        except SpacesError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Spazio aggiornato."))
            return redirect("spaces:manage_edit", pk=space.pk)
    return render(
        request,
        "spaces/manage/form.html",
        {
            "form": form,
            "space": space,
            "status_form": StatusForm(initial={"status": space.status}),
            "photo_form": PhotoForm(),
            "photos": queries.photos_of(space),
            "history": queries.status_history(space),
        },
    )


@staff_required
@require_POST
def manage_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    space = get_object_or_404(Space, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_space_status(
                space,
                to=form.cleaned_data["status"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except SpacesError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("Stato cambiato in «%(status)s».") % {"status": space.get_status_display()},
            )
    else:
        messages.error(request, _("Scegliete uno stato valido."))
    return redirect("spaces:manage_edit", pk=space.pk)


@staff_required
def manage_photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    space = get_object_or_404(Space.objects.select_related("comune", "municipio", "nil"), pk=pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_space_photo(
            space,
            image=form.cleaned_data["image"],
            alt_text_it=form.cleaned_data["alt_text_it"],
            alt_text_en=form.cleaned_data["alt_text_en"],
            by=request.user,
        )
        messages.success(request, _("Foto aggiunta."))
        return redirect("spaces:manage_edit", pk=space.pk)
    return render(
        request,
        "spaces/manage/photo.html",
        {"form": form, "space": space},
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_POST
def manage_photo_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(SpacePhoto, pk=pk)
    space_pk = photo.space_id
    services.remove_space_photo(photo, by=request.user)
    messages.success(request, _("Foto eliminata."))
    return redirect("spaces:manage_edit", pk=space_pk)
