"""Production-like settings for the booking benchmark: the project's settings
read with DEBUG=0 (the environment is set by run.py), plain HTTP on
127.0.0.1, persistent database connections, and the bench's URLs (the app's
plus the minimal "floor" view)."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.booking.urls"
# Sessions as in production (config.settings: cached_db when CACHE_URL is set,
# which run.py sets to a Redis database of its own, as deploy/ does); the A/B
# phase of run.py may try another engine (e.g. db).
SESSION_ENGINE = os.environ.get("BENCH_SESSION_ENGINE") or SESSION_ENGINE  # noqa: F405
# Each answer says how many SQL statements its request ran (X-Bench-Queries).
MIDDLEWARE = ["bench.booking.middleware.CountQueriesMiddleware", *MIDDLEWARE]  # noqa: F405
# The bench speaks plain HTTP to 127.0.0.1: no HTTPS redirect, cookies sent over HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The load generator books with the same visitors in every phase, far faster
# than a person: the per-visitor booking limit would answer it 429. The
# limiter still runs (and costs what it costs) on every booking.
RATE_LIMITS = {**RATE_LIMITS, "booking": (1_000_000, 60)}  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # The floor answers 409 when a slot is full: not worth a log line each.
    "loggers": {"django.request": {"level": "ERROR"}},
}
# Static files are not part of the measure (no request fetches them): plain
# storage spares the bench a collectstatic of the front-end packages, and
# `{% static %}` costs the same either way (a string join vs a dict lookup).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
