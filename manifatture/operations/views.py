import logging

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import queries

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 while this server can serve
    pages (its database answers), with what is degraded, if anything; 503 when
    the database cannot be reached."""
    try:
        report = queries.health()
    except DatabaseError as error:
        logger.error("health check: database unreachable (%s)", type(error).__name__)
        return JsonResponse(
            {"status": "down", "problems": ["database"], "database": {"ok": False}}, status=503
        )
    return JsonResponse({"status": report.pop("status"), **report})
