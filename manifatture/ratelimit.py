"""Rate limits against abuse: how many requests one client (an address, an
account, an e-mail typed in a login form) may make for one kind of action in
a window of time. Past the limit the answer is 429 with Retry-After, and the
view is not run: no database write, no e-mail.

The limits are named in settings.RATE_LIMITS as `(requests, seconds)`. Each
is a sliding window, approximated with two fixed-window counters in the cache
(the current window's count plus the previous one's, weighted by how much of
it still falls within the last `seconds`): a client can't double its quota by
timing requests across a window boundary, and two counters per client is all
it costs. Refused requests don't count, so Retry-After is exact for a client
that waits it out.

The counters live in Django's default cache. In production that is Redis
(CACHE_URL/REDIS_URL), shared by every worker; a per-process cache would
multiply each limit by the number of processes, and `check --deploy` says so.
A cache that fails lets the request through (and logs it): abuse limits must
not take the site down with them.
"""

import contextlib
import functools
import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Caches that each process keeps for itself (or don't keep at all).
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds; 0 when allowed


# Who is counted ---------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's IP address. Behind TRUSTED_PROXY_COUNT proxies, the address
    the first of them saw, read from the right of X-Forwarded-For (each proxy
    appends the address it received the request from; what is further left
    the client may have written itself). IPv6 clients are counted by /64, the
    block one subscriber usually has to pick addresses from."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            address = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def by_address(request: HttpRequest) -> str:
    return f"ip:{client_address(request)}"


def by_user(request: HttpRequest) -> str:
    """The signed-in person; their address when nobody is signed in."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return by_address(request)


def by_posted(field: str) -> Callable[[HttpRequest], str | None]:
    """The value posted in `field` (an e-mail address), case-folded; nothing
    is counted when it is empty."""

    def key(request: HttpRequest) -> str | None:
        value = request.POST.get(field, "").strip().casefold()
        return f"{field}:{value}" if value else None

    return key


# Counting ---------------------------------------------------------------------------


def limit_of(name: str) -> tuple[int, int]:
    requests, seconds = settings.RATE_LIMITS[name]
    return int(requests), int(seconds)


def _cache_key(name: str, key: str, window: int) -> str:
    # Hashed: keys hold e-mail addresses, which have no business in the cache
    # in clear, and every key has the same short length.
    digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    return f"ratelimit:{name}:{digest}:{window}"


def _seconds_until_free(
    previous: int, current: int, offset: float, seconds: int, limit: int
) -> float:
    """How long until one more request fits, if no other comes: later in this
    window as the previous window weighs less, or in the next one, where this
    window's count is the previous."""
    # Products before quotients: whole seconds give exact answers.
    if current + 1 <= limit and previous:
        wait = seconds * (previous - (limit - current - 1)) / previous - offset
        if wait < seconds - offset:
            return wait
    into_next = seconds * (current - (limit - 1)) / current if current > limit - 1 else 0
    return seconds - offset + into_next


def _count(current_key: str, previous_key: str, *, timeout: int) -> tuple[int, int]:
    """One more request in this window's counter; the counts of this window
    and the previous one. A cache that can do it in one round trip
    (manifatture.operations.cache.RedisCache.rate_count) does."""
    rate_count = getattr(caches["default"], "rate_count", None)
    if rate_count is not None:
        return rate_count(current_key, previous_key, timeout=timeout)
    cache.add(current_key, 0, timeout=timeout)
    try:
        current = cache.incr(current_key)
    except ValueError:  # expired between add and incr
        cache.set(current_key, 1, timeout=timeout)
        current = 1
    return current, cache.get(previous_key, 0)


def take(name: str, key: str, *, now: float | None = None) -> Decision:
    """Count one request of `key` against the limit `name`, if it fits."""
    limit, seconds = limit_of(name)
    now = time.time() if now is None else now
    window, offset = divmod(now, seconds)
    window = int(window)
    current_key = _cache_key(name, key, window)
    previous_key = _cache_key(name, key, window - 1)
    try:
        # A window's counter lives on through the next, where it is the previous.
        current, previous = _count(current_key, previous_key, timeout=2 * seconds + 1)
        # The requests of the last `seconds`, times `seconds` (no rounding):
        # the previous window's, for the part of it still inside, and this one's.
        used = previous * (seconds - offset) + current * seconds
        if used <= limit * seconds:
            return Decision(True, limit, math.floor((limit * seconds - used) / seconds), 0)
        with contextlib.suppress(ValueError):  # refused requests don't count
            cache.decr(current_key)
    except Exception:
        logger.exception("Rate limit %s not counted: the cache failed", name)
        return Decision(True, limit, limit, 0)
    wait = _seconds_until_free(previous, current - 1, offset, seconds, limit)
    logger.info("Rate limit %s reached", name)
    return Decision(False, limit, 0, max(1, math.ceil(round(wait, 6))))


# Views ------------------------------------------------------------------------------


def too_many_requests(request: HttpRequest, decision: Decision) -> HttpResponse:
    """The 429 page: how long to wait, in the site's layout."""
    response = render(
        request,
        "429.html",
        {"retry_after": decision.retry_after, "minutes": math.ceil(decision.retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(decision.retry_after)
    add_never_cache_headers(response)
    return response


def rate_limit(
    name: str,
    *,
    key: Callable[[HttpRequest], str | None] = by_address,
    methods: Iterable[str] = ("POST",),
):
    """Limit the view's requests (POSTs by default) per client: `key` says
    who the client is (`by_address`, `by_user`, `by_posted("email")`).
    Decorators stack: a login counts per address and per e-mail."""
    methods = frozenset(methods)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in methods:
                client = key(request)
                if client is not None:
                    decision = take(name, client)
                    if not decision.allowed:
                        return too_many_requests(request, decision)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Deployment check -------------------------------------------------------------------


def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production the counters must be shared by every worker."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "The default cache is kept by each process: rate limits are counted "
            "per worker, not per client.",
            hint="Set CACHE_URL or REDIS_URL (e.g. redis://127.0.0.1:6379/0).",
            id="manifatture.W001",
        )
    ]
