"""CSRF everywhere: no view of the URL configuration opts out of Django's CSRF
check, except the read-only open-data endpoints (which refuse every write),
and a POST without the token is refused with 403 on every URL."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

pytestmark = pytest.mark.django_db

# Public read-only endpoints: GET, HEAD and OPTIONS only, any POST answers 405.
# They are exempt so that a reuser's cross-site request isn't answered 403.
READ_ONLY_EXEMPT_NAMESPACES = {"api"}
READ_ONLY_EXEMPT_NAMES = {
    "opendata:datapackage",
    "opendata:catalogue",
    "opendata:ical",
    "opendata:file",
}

DUMMY = {
    "int": 1,
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": uuid.UUID(int=1),
}


def every_pattern(resolver=None, namespace=""):
    """(qualified name, pattern, callback) of every URL, through includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_pattern(entry, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, entry, entry.callback


def is_exempt_by_design(name: str | None) -> bool:
    if name is None:
        return False
    return name in READ_ONLY_EXEMPT_NAMES or name.split(":")[0] in READ_ONLY_EXEMPT_NAMESPACES


def dummy_url(name: str, pattern: URLPattern) -> str | None:
    """A URL of the pattern with made-up arguments (the CSRF check runs
    before the view looks anything up), or None for regular expressions."""
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {}
    for key, converter in converters.items():
        kind = type(converter).__name__.removesuffix("Converter").lower()
        kwargs[key] = DUMMY.get(kind, "x")
    try:
        return reverse(name, kwargs={**pattern.default_args, **kwargs} if kwargs else None)
    except NoReverseMatch:
        return None


def test_no_view_is_csrf_exempt_but_the_read_only_api():
    patterns = list(every_pattern())
    assert len(patterns) > 150
    exempt = sorted(
        str(name or pattern.pattern)
        for name, pattern, callback in patterns
        if getattr(callback, "csrf_exempt", False) and not is_exempt_by_design(name)
    )
    assert exempt == []


def exempt(name, callback) -> bool:
    return getattr(callback, "csrf_exempt", False) and is_exempt_by_design(name)


def test_the_exempt_endpoints_refuse_every_write(client):
    tried = 0
    for name, pattern, callback in every_pattern():
        if exempt(name, callback):
            url = dummy_url(name, pattern)
            assert url is not None, name
            for method in (client.post, client.put, client.patch, client.delete):
                assert method(url).status_code == 405, (method, url)
            tried += 1
    assert tried >= 10


def test_a_post_without_the_token_is_refused_everywhere():
    """Anonymous and signed in: Django's CSRF check answers before any view,
    whatever the URL's arguments."""
    from manifatture.accounts.tests.factories import StaffFactory

    anonymous = Client(enforce_csrf_checks=True)
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(StaffFactory())
    checked, not_refused = 0, []
    for name, pattern, callback in every_pattern():
        if name is None or exempt(name, callback):
            continue
        url = dummy_url(name, pattern)
        if url is None:
            continue
        for client in (anonymous, staff):
            response = client.post(url, {"email": "a@esempio.it", "party_size": "1"})
            if response.status_code != 403:
                not_refused.append((url, response.status_code))
        checked += 1
    assert not_refused == []
    assert checked > 150


def test_forms_work_with_the_token(client):
    """The same check lets a real form through: the token the page gives works."""
    checking = Client(enforce_csrf_checks=True)
    page = checking.get(reverse("accounts:login"))
    token = page.cookies["csrftoken"].value
    response = checking.post(
        reverse("accounts:login"),
        {"email": "nessuno@esempio.it", "password": "x", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200
