"""Production settings for the pages benchmark: the project's settings read with
DEBUG=0 (the environment is set by run.py), plain HTTP on 127.0.0.1, and the
saved copy of the programme page served as a static file by WhiteNoise, in the same
gunicorn processes as the view it is compared with."""

import os

from config.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# WhiteNoise (first in the middleware, as in production with DEBUG=0) serves the
# files of this folder at the site's root: /programma-salvata.html.
WHITENOISE_ROOT = os.environ["BENCH_PAGES_STATIC_DIR"]
# Static files of the pages are not requested by the bench: plain storage spares it a
# collectstatic of the front-end packages (`{% static %}` costs about the same).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
