import pytest

pytest_plugins = ["tests.browser.support"]


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
    # Templates that exist only for the tests (e.g. tests/templates/email/test*).
    settings.TEMPLATES[0]["DIRS"] = [
        *settings.TEMPLATES[0]["DIRS"],
        settings.BASE_DIR / "tests" / "templates",
    ]
