"""Each entry of the permission matrix, requested as each role.

For every case: the outcome each role gets is the one in the matrix; a refused
request (login page, 403, 404, 400 ...) writes nothing to the database; nothing
ever gives a server error. Each role's request runs in its own savepoint, so
that what an allowed POST changes does not reach the next role.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from manifatture.accounts.middleware import ALLOWED_URL_NAMES as SECOND_STEP_URL_NAMES
from manifatture.accounts.tests.factories import UserFactory

from .matrix import MATRIX
from .resolver import is_admin, url_names
from .rules import LOGIN, OK, Case
from .world import ROLES

REDIRECTS = {301, 302, 303, 307, 308}
WRITES = ("INSERT", "UPDATE", "DELETE")


def _cases() -> list[tuple[str, int, Case]]:
    cases = []
    for name, entry in MATRIX.items():
        for index, case in enumerate(entry if isinstance(entry, list) else [entry]):
            cases.append((name, index, case))
    return cases


CASES = _cases()


def _login_paths() -> set[str]:
    return {resolve_url(settings.LOGIN_URL), reverse("admin:login")}


def outcome_matches(expected, response, method: str) -> bool:
    code = response.status_code
    to_login = (
        code in REDIRECTS
        and urlsplit(response["Location"]).path in _login_paths()
        and "next=" in response["Location"]
    )
    if expected == LOGIN:
        return to_login
    if expected == OK:
        if code in REDIRECTS:
            return not to_login
        return 200 <= code < 300 or (method == "POST" and code == 400)
    return code == expected


def describe(response) -> str:
    if response is None:
        return "server error"
    if response.status_code in REDIRECTS:
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


def request_as(session_key, method: str, url: str, data) -> tuple[object, list[str], str]:
    """(response or None, SQL writes made by the request, error), in the session
    `session_key` (None: anonymous)."""
    client = Client()
    if session_key is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response, error = None, ""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            try:
                response = client.get(url) if method == "GET" else client.post(url, data)
            except Exception as exc:  # the 500 it would be: reported, not raised
                error = f"{type(exc).__name__}: {exc}"
            else:
                if response.streaming:  # read to the end, so that the file is closed
                    b"".join(response.streaming_content)
        transaction.set_rollback(True)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]
    ]
    return response, writes, error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "index", "case"),
    CASES,
    ids=[f"{name}#{index}-{case.method}" for name, index, case in CASES],
)
def test_who_may_reach(world, name, index, case):
    url = reverse(name, kwargs=case.kwargs(world))
    problems = []
    for role in ROLES:
        expected = case.expect[role]
        response, writes, error = request_as(world.sessions[role], case.method, url, case.data)
        if response is None or response.status_code >= 500:
            problems.append(f"{role}: server error {error}")
            continue
        if not outcome_matches(expected, response, case.method):
            problems.append(f"{role}: expected {expected}, got {describe(response)}")
        if expected != OK and writes:
            problems.append(f"{role}: refused, yet wrote: {writes}")
    assert not problems, f"{case.method} {url} {case.note}\n  " + "\n  ".join(problems)


# City staff before the second login step --------------------------------------------


@pytest.mark.django_db
def test_staff_before_the_second_step_reach_only_that_step(world):
    """A staff session that passed the password but not the second factor is sent to
    set it up from every URL of the matrix but the few of the step itself."""
    setup = reverse("accounts:second_factor_setup")
    problems = []
    for name, index, case in CASES:
        if name in SECOND_STEP_URL_NAMES or index:
            continue
        url = reverse(name, kwargs=case.kwargs(world))
        response, writes, error = request_as(
            world.staff_before_second_step, case.method, url, case.data
        )
        if response is None:
            problems.append(f"{case.method} {url}: server error {error}")
        elif response.status_code not in REDIRECTS or (
            urlsplit(response["Location"]).path != setup
        ):
            problems.append(f"{case.method} {url}: got {describe(response)}")
        elif writes:
            problems.append(f"{case.method} {url}: wrote {writes}")
    assert not problems, "\n  ".join(["not sent to the second step:", *problems])


# The admin: one rule for every admin:* URL ------------------------------------------


def _admin_sample() -> list[tuple[str, dict]]:
    """The admin's own pages (index, password change, ...), and for each app its
    index and the list and add pages of one of its models; the change, delete and
    history pages of one user."""
    sample = [
        (name, {})
        for name in sorted(url_names())
        if is_admin(name)
        and name not in {"admin:login", "admin:logout"}
        and not name.endswith(("_changelist", "_add"))
        and not _needs_arguments(name)
    ]
    first_model = {}
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        first_model.setdefault(model._meta.app_label, model._meta.model_name)
    for app_label, model_name in sorted(first_model.items()):
        sample.append(("admin:app_list", {"app_label": app_label}))
        for page in ("changelist", "add"):
            sample.append((f"admin:{app_label}_{model_name}_{page}", {}))
    for action in ("change", "delete", "history"):
        sample.append((f"admin:accounts_user_{action}", {"object_id": "OBJECT"}))
    return sample


def _needs_arguments(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return True
    return False


ADMIN_SAMPLE = _admin_sample()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs"), ADMIN_SAMPLE, ids=[f"{n}{k.get('app_label', '')}" for n, k in ADMIN_SAMPLE]
)
def test_the_admin_requires_is_staff(world, name, kwargs):
    """No role of the platform has is_staff (city staff work in the back office,
    not in the admin): each is sent to the admin's login."""
    kwargs = {k: world.staff.pk if v == "OBJECT" else v for k, v in kwargs.items()}
    url = reverse(name, kwargs=kwargs)
    problems = []
    for role in ROLES:
        response, writes, error = request_as(world.sessions[role], "GET", url, {})
        if response is None or not outcome_matches(LOGIN, response, "GET"):
            problems.append(f"{role}: expected the admin login, got {describe(response)} {error}")
        if writes:
            problems.append(f"{role}: wrote {writes}")
    assert not problems, f"GET {url}\n  " + "\n  ".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["admin:index", "admin:accounts_user_changelist", "admin:calls_application_changelist"]
)
def test_a_superuser_reaches_the_admin(world, name):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    response, _writes, error = request_as(client.session.session_key, "GET", reverse(name), {})
    assert response is not None and response.status_code == 200, error
