"""Technical cookies only (Garante, cookie guidelines of 10 June 2021): every URL
of the permission matrix, requested as every role (anonymous, visitor, host
member and owner, reviewer, city staff) with each case's method, plus logging
in, switching language and logging out, sets no cookie but those the cookie
page lists (manifatture/web/cookies.py)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from manifatture.web.cookies import site_cookie_names

from .test_matrix import CASES, request_as
from .world import ROLES


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_sets_only_the_listed_cookies(world, role):
    listed = site_cookie_names()
    seen: dict[str, str] = {}
    for name, _index, case in CASES:
        url = reverse(name, kwargs=case.kwargs(world))
        response, _writes, _error = request_as(world.sessions[role], case.method, url, case.data)
        if response is None:
            continue  # a server error: test_matrix reports it
        for cookie in response.cookies:
            seen.setdefault(cookie, f"{case.method} {url}")
    unlisted = {cookie: where for cookie, where in seen.items() if cookie not in listed}
    assert not unlisted, f"cookies not on the cookie page: {unlisted}"


@pytest.mark.django_db
def test_a_visit_with_login_and_language_sets_only_the_listed_cookies(world):
    """The cookies a person really gets: the form's token, the session at login,
    the language chosen, a message after an action; nothing else."""
    world.visitor.set_password("una-password-lunga-9")
    world.visitor.save()
    client = Client()
    responses = [
        client.get(reverse("accounts:login")),
        client.post(
            reverse("accounts:login"),
            {"email": world.visitor.email, "password": "una-password-lunga-9"},
        ),
        client.post(reverse("set_language"), {"language": "en", "next": "/"}),
        client.get(reverse("accounts:dashboard")),
        client.post(reverse("accounts:logout")),
    ]
    assert responses[1].status_code == 302  # logged in
    seen = {cookie for response in responses for cookie in response.cookies}
    assert seen <= site_cookie_names(), seen - site_cookie_names()
    # The visit did meet the cookies it is about.
    assert {
        settings.CSRF_COOKIE_NAME,
        settings.SESSION_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    } <= seen
