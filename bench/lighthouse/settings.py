"""Production settings for the Lighthouse benchmark: DEBUG=0 (set by run.py), the
fingerprinted and compressed static files WhiteNoise serves in production, plain
HTTP on 127.0.0.1."""

from config.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = BASE_DIR / "var" / "bench" / "lighthouse" / "static"  # noqa: F405

# In production nginx compresses the pages (deploy/nginx.conf: gzip on; text/html
# always); here gunicorn answers the browser directly, so Django does it instead.
# Without it the benchmark measured 52 KB of uncompressed HTML that no visitor gets.
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405
