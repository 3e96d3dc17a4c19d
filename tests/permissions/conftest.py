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
        world.staff_before_second_step = _session_key(world.staff, second_step=False)
        yield world
        transaction.set_rollback(True)


def _session_key(user, *, second_step: bool = True) -> str | None:
    """A logged-in session (both login steps passed, unless `second_step` is false)
    made once for the module: logging in for each request costs more than most pages."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    session = client.session
    if second_step:
        second_factor.mark_verified(session, user)
    else:
        second_factor.forget(session)
    session.save()
    return session.session_key


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Cached dashboards and the API's rate limit must not carry over between requests.
    settings.OPENDATA_RATE_LIMIT = (1_000_000, 60)
    cache.clear()
    yield
    cache.clear()
