import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once per module inside a transaction that is rolled back
    at the end; each test runs in a savepoint within it (pytest-django's `db`)."""
    private_root = tmp_path_factory.mktemp("private_media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            PRIVATE_MEDIA_ROOT=private_root,
            TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        ),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Cached dashboards and the API's rate limit must not carry over between requests.
    settings.OPENDATA_RATE_LIMIT = (1_000_000, 60)
    cache.clear()
    yield
    cache.clear()
