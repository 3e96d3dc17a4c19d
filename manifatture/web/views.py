"""What every site answers at its root (robots.txt, favicon.ico; sitemap.xml is
Django's view with sitemaps.py) and the legal notes and cookie pages."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .cookies import site_cookies

# Areas of one person or of city staff: nothing a search engine should list.
PRIVATE_PREFIXES = (
    "/account/",
    "/admin/",
    "/candidature/",
    "/prenotazioni/",
    "/sorteggi/",
    "/biglietti/",
    "/la-mia-giornata/",
    "/questionari/",
    "/matching/",
    "/lingua/",
    "/salute/",
    "/*/gestione/",
    "/*/cruscotto/",
)
FAVICON = "img/favicon.ico"
DAY = 24 * 3600


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('web:sitemap'))}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=DAY)
    return response


@cache
def _favicon_bytes() -> bytes:
    path = finders.find(FAVICON)
    if not path:
        raise Http404
    return Path(path).read_bytes()


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask /favicon.ico whatever the page says: the icon itself."""
    response = HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")
    patch_cache_control(response, public=True, max_age=7 * DAY)
    return response


@require_GET
def legal_notes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/legal_notes.html",
        {"controller": settings.PRIVACY_CONTROLLER, "site_url": request.build_absolute_uri("/")},
    )


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "web/cookies.html", {"cookies": site_cookies()})
