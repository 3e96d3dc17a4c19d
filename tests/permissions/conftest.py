import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from manifatture.accounts import second_factor

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
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        ),
        transaction.atomic(),
    ):
        world = build_world()
        world.sessions = {role: _session_key(user) for role, user in world.users.items()}
        yield world
        transaction.set_rollback(True)


def _session_key(user) -> str | None:
    """A logged-in session (both login steps passed) made once for the module:
    logging in for each request would cost more than most pages."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    session = client.session
    second_factor.mark_verified(session, user)
    session.save()
    return session.session_key


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Cached dashboards and the API's rate limit must not carry over between requests.
    settings.OPENDATA_RATE_LIMIT = (1_000_000, 60)
    cache.clear()
    yield
    cache.clear()
