import logging

import pytest
from django.core.cache import cache

# The permission matrix's world: one of each object a URL can name, in two
# organisations, built once per module in a transaction rolled back at the end.
from tests.permissions.conftest import world  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Thousands of requests from one address: lift the limits against abuse.
    settings.RATE_LIMITS = dict.fromkeys(getattr(settings, "RATE_LIMITS", {}), (1_000_000, 60))
    settings.OPENDATA_RATE_LIMIT = (1_000_000, 60)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _quiet_refusals():
    """404s and 403s are the expected answers here: log only errors (the 500s)."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
