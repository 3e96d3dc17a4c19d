"""Secure cookies and headers, with the settings production reads (DEBUG=0)."""

import runpy

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from manifatture.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "PERMISSIONS_POLICY",
]


@pytest.fixture
def production(monkeypatch, settings):
    """config/settings.py read as production reads it, its security settings applied."""
    for name, value in {
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-key-for-the-test-only",
        "ALLOWED_HOSTS": "testserver",
    }.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(django_settings.BASE_DIR / "config" / "settings.py"))
    for name in SECURITY_SETTINGS:
        setattr(settings, name, values[name])
    return values


def test_production_settings_are_strict(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == production["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert "manifatture.middleware.PermissionsPolicyMiddleware" in production["MIDDLEWARE"]


def test_plain_http_is_sent_to_https(client, production):
    response = client.get(reverse("editions:home"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_pages_carry_the_security_headers(client, production):
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response
    policy = response["Permissions-Policy"]
    assert "camera=(self)" in policy
    for feature in ("geolocation", "microphone", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_cookies_are_secure_http_only_and_same_site(client, production):
    page = client.get(reverse("accounts:login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    user = UserFactory()
    response = client.post(
        reverse("accounts:login"),
        {
            "email": user.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf.value,
        },
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_the_permissions_policy_header_is_written_as_the_standard_says():
    from manifatture.middleware import permissions_policy_header

    header = permissions_policy_header(
        {"camera": ["self"], "geolocation": [], "fullscreen": ["self", "https://example.org"]}
    )
    assert header == 'camera=(self), geolocation=(), fullscreen=(self "https://example.org")'
