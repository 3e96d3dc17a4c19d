import pytest
from django.core.cache import cache

pytest_plugins = ["tests.browser.support"]


@pytest.fixture(autouse=True)
def _test_login_passes_both_factors(monkeypatch):
    """In tests, the client's `force_login` and `login` stand for a finished
    login: password and, for staff, the second step. The tests of the second
    step itself log in through the login page (accounts/tests/test_second_factor.py)."""
    from django.test import Client

    from manifatture.accounts import second_factor

    def verified(method):
        def wrapper(self, *args, **kwargs):
            result = method(self, *args, **kwargs)
            session = self.session
            if session.get("_auth_user_id"):
                session[second_factor.SESSION_KEY] = int(session["_auth_user_id"])
                session.save()
            return result

        return wrapper

    monkeypatch.setattr(Client, "force_login", verified(Client.force_login))
    monkeypatch.setattr(Client, "login", verified(Client.login))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Fast hashing; tasks run at once so sent mail lands in mail.outbox.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "it"
    # Each test starts in Italian: a request to an English page (/en/...) leaves
    # English active in the thread, and reverse() would carry it to the next test.
    from django.utils import translation

    translation.activate("it")
    # A cache of the test process only, empty at each test: rate-limit counters
    # and cached figures don't leak from one test to the next (nor to a Redis
    # that REDIS_URL may name on a developer's machine).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }
    cache.clear()
    # Templates that exist only for the tests (e.g. tests/templates/email/test*).
    settings.TEMPLATES[0]["DIRS"] = [
        *settings.TEMPLATES[0]["DIRS"],
        settings.BASE_DIR / "tests" / "templates",
    ]
