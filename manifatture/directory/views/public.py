"""The public directory: an organisation's page, search, and the map with its
points and popups."""

import gzip
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import queries, search
from ..forms import (
    DirectoryFilterForm,
)

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
    head: dict[str, object] = {"kinds": search.MAP_KINDS, "scale": search.MAP_SCALE}
    if request.GET.get("fit") == "1":
        head["bounds"] = search.map_bounds(filters)
    head_json = json.dumps(head, separators=(",", ":"))
    members, _total = search.map_view_json(filters, view)
    body = f"{head_json[:-1]},{members}}}".encode()
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
