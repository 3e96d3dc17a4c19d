"""The figures kept for a short while (INSIGHTS_CACHE_SECONDS), per language."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept for INSIGHTS_CACHE_SECONDS under `key` and the language."""
    seconds = settings.INSIGHTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    full_key = f"insights:{key}:{get_language()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, seconds)
    return value
