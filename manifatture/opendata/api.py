"""API v1: read-only JSON lists and details of the public resources."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import openapi, reference
from .http import (
    MAX_ID,
    error_response,
    json_response,
    parse_filters,
    parse_page,
    public_endpoint,
)
from .resources import RESOURCES


def _page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return f"{request.build_absolute_uri(request.path)}?{params.urlencode()}"


@public_endpoint
def index(request: HttpRequest) -> HttpResponse:
    return json_response(
        {
            "resources": {
                name: request.build_absolute_uri(reverse(f"api:{name}-list")) for name in RESOURCES
            },
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "license": openapi.LICENCE,
        }
    )


@public_endpoint
def resource_list(request: HttpRequest, *, resource: str) -> HttpResponse:
    spec = RESOURCES[resource]
    filters = parse_filters(spec.filters, request.GET)
    page, size = parse_page(request.GET)
    rows = spec.rows()
    for flt, value in filters:
        rows = flt.apply(rows, value)
    count = rows.count()
    offset = (page - 1) * size
    items = list(rows[offset : offset + size]) if offset < count else []
    absolute = request.build_absolute_uri
    return json_response(
        {
            "count": count,
            "next": _page_link(request, page + 1) if offset + size < count else None,
            "previous": _page_link(request, page - 1) if page > 1 else None,
            "results": [spec.serialize(item, absolute) for item in items],
        }
    )


@public_endpoint
def resource_detail(request: HttpRequest, key: str, *, resource: str) -> HttpResponse:
    spec = RESOURCES[resource]
    number = int(key) if key.isascii() and key.isdigit() and len(key) <= 19 else 0
    item = spec.rows().filter(**{spec.lookup: number}).first() if 0 < number <= MAX_ID else None
    if item is None:
        return error_response(404, "not_found", _("Non trovato."))
    return json_response(spec.serialize(item, request.build_absolute_uri))


@public_endpoint
def openapi_document(request: HttpRequest) -> HttpResponse:
    return json_response(openapi.document(request.build_absolute_uri(reverse("api:index"))[:-1]))


def docs(request: HttpRequest) -> HttpResponse:
    """The API reference, rendered from the OpenAPI document; static/js/api-docs.js
    reads the same document to add a "try it" form to every operation.

    Swagger UI runs under our Content-Security-Policy (React sets its styles
    through the CSSOM) but speaks only English, has no Bootstrap Italia look and
    fails axe (unlabelled selects, contrast); Redoc injects <style> elements,
    which the policy refuses, and does not render.
    """
    document = openapi.document(request.build_absolute_uri(reverse("api:index"))[:-1])
    return render(
        request,
        "opendata/api_docs.html",
        {
            "info": document["info"],
            "groups": reference.groups(document),
            "server_url": document["servers"][0]["url"],
            "rate_limit": openapi.settings_rate_limit(),
        },
    )
