import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import routers
from .logs import request_context

logger = logging.getLogger("manifatture.requests")

# An id from the proxy in front (nginx's $request_id, a load balancer's) is
# kept if it looks like one; anything else is replaced.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")


class RequestIdMiddleware:
    """Gives each request an id (the X-Request-ID header from the proxy, or a
    new one), puts it in every log record of the request and in the response,
    and logs one line per request with its status and duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        if settings.SENTRY_DSN:
            import sentry_sdk

            # An error report names the request: its log lines can be found.
            sentry_sdk.set_tag("request_id", request_id)
        context = {"request_id": request_id, "method": request.method, "path": request.path}
        token = request_context.set(context)
        try:
            response = self.get_response(request)
            # Only a user the request already loaded: reading it here would cost a query.
            user = getattr(request, "_cached_user", None)
            if user is not None and user.is_authenticated:
                context["user_id"] = user.pk
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_context.reset(token)


class ReplicaMiddleware:
    """Sends the reads of anonymous GET requests to the public pages and the
    API (REPLICA_PATHS) to the read replica. A request with a session (a
    logged-in person, someone mid-booking) reads from the primary, so nobody
    misses what they just wrote because of replication lag."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.REPLICA_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        use_replica = (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and request.path_info.startswith(self.prefixes)
        )
        token = routers.read_from_replica.set(use_replica)
        try:
            return self.get_response(request)
        finally:
            routers.read_from_replica.reset(token)
