import contextlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from . import queries

logger = logging.getLogger(__name__)

HEALTH_CACHE_KEY = "operations:health"
DOWN = {"status": "down", "problems": ["database"], "database": {"ok": False}}


def _report() -> dict:
    """The health report, computed at most once every HEALTH_CACHE_SECONDS
    whoever asks (a probe hammering /salute/ costs one set of queries)."""
    seconds = float(settings.HEALTH_CACHE_SECONDS)
    try:
        cached = cache.get(HEALTH_CACHE_KEY) if seconds > 0 else None
    except Exception:  # a broken cache is in the report, not a reason to fail
        cached = None
    if cached is not None:
        return cached
    try:
        report = queries.health()
    except DatabaseError as error:
        logger.error("health check: database unreachable (%s)", type(error).__name__)
        report = dict(DOWN)
    if seconds > 0:
        with contextlib.suppress(Exception):
            cache.set(HEALTH_CACHE_KEY, report, timeout=seconds)
    return report


def _token_given(request: HttpRequest) -> str:
    header = request.headers.get("X-Health-Token", "")
    authorization = request.headers.get("Authorization", "")
    if not header and authorization.lower().startswith("bearer "):
        header = authorization[7:].strip()
    return header or request.GET.get("token", "")


def may_see_details(request: HttpRequest) -> bool:
    """City staff, and monitoring that sends HEALTH_TOKEN."""
    token = settings.HEALTH_TOKEN
    given = _token_given(request)
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and user.is_city_staff)
    except DatabaseError:  # sessions and accounts live in the database that is down
        return False


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 while this server can serve
    pages (its database answers), 503 when the database cannot be reached.
    The public reads one word, "ok" or "failing"; city staff and whoever sends
    HEALTH_TOKEN read what is degraded, if anything, and the figures."""
    report = _report()
    serving = report["status"] != "down"
    status = 200 if serving else 503
    if may_see_details(request):
        details = dict(report)
        response = JsonResponse({"status": details.pop("status"), **details}, status=status)
        add_never_cache_headers(response)
        return response
    response = JsonResponse({"status": "ok" if serving else "failing"}, status=status)
    patch_cache_control(response, max_age=int(float(settings.HEALTH_CACHE_SECONDS)))
    return response
