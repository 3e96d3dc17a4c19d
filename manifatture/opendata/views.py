"""The open-data landing page and files, the data package and the DCAT-AP_IT catalogue."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from manifatture import tabular

from . import dcat
from .aggregates import AGGREGATES
from .datapackage import package
from .files import CSV_NOTE, csv_table, programme_calendar, rows_of, to_geojson
from .http import json_response, parse_integer, public_endpoint
from .resources import RESOURCES


def index(request: HttpRequest) -> HttpResponse:
    downloads = []
    for name, resource in RESOURCES.items():
        formats = ["csv", "json"] + (["geojson"] if resource.geo else [])
        downloads.append(
            {
                "resource": resource,
                "links": [
                    (fmt.upper(), reverse("opendata:file", args=[name, fmt])) for fmt in formats
                ],
            }
        )
    for name, aggregate in AGGREGATES.items():
        downloads.append(
            {
                "resource": aggregate,
                "links": [
                    (fmt.upper(), reverse("opendata:file", args=[name, fmt]))
                    for fmt in ("csv", "json")
                ],
            }
        )
    return render(request, "opendata/index.html", {"downloads": downloads, "csv_note": CSV_NOTE})


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_endpoint
@tabular.download
def resource_file(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name in AGGREGATES and fmt in {"csv", "json"}:
        return _aggregate_file(name, fmt)
    resource = RESOURCES.get(name)
    if resource is None or fmt not in {"csv", "json", "geojson"}:
        raise Http404
    if fmt == "geojson" and not resource.geo:
        raise Http404
    rows = rows_of(resource, request.build_absolute_uri)
    filename = f"manifatture-aperte-{name}.{fmt}"
    if fmt == "csv":
        # Text that a spreadsheet would run as a formula carries a leading apostrophe
        # here; the JSON file and the API give every value as written.
        header, body = csv_table(resource, rows)
        return tabular.csv_response(header, body, filename=filename, disposition="inline")
    response: HttpResponse
    if fmt == "json":
        response = json_response(list(rows))
    else:
        response = HttpResponse(
            json.dumps(to_geojson(rows), ensure_ascii=False),
            content_type="application/geo+json; charset=utf-8",
        )
    return _attachment(response, filename)


def _aggregate_file(name: str, fmt: str) -> HttpResponse:
    aggregate = AGGREGATES[name]
    rows = aggregate.rows()
    filename = f"manifatture-aperte-{name}.{fmt}"
    if fmt == "csv":
        names = [field.name for field in aggregate.fields]
        body = ([row[key] for key in names] for row in rows)
        return tabular.csv_response(names, body, filename=filename, disposition="inline")
    return _attachment(json_response(rows), filename)


@public_endpoint
def programme_ical(request: HttpRequest) -> HttpResponse:
    edition = (
        parse_integer("edition", request.GET["edition"], minimum=2000, maximum=2100)
        if "edition" in request.GET
        else None
    )
    body = programme_calendar(request.build_absolute_uri, edition=edition)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return _attachment(response, "manifatture-aperte-programma.ics")


@public_endpoint
def datapackage(request: HttpRequest) -> HttpResponse:
    return json_response(package(request.build_absolute_uri))


@public_endpoint
def catalogue(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        dcat.catalogue_rdf(request.build_absolute_uri),
        content_type="application/rdf+xml; charset=utf-8",
    )
