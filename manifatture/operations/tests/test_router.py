"""The read replica takes the reads of anonymous GETs of public pages and the
API; everything else reads and writes on the primary."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from manifatture.operations.middleware import ReplicaMiddleware
from manifatture.operations.routers import ReplicaRouter, read_from_replica

router = ReplicaRouter()


def read_alias_during(request) -> str:
    """Where the router sends a read made while the middleware serves `request`."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(ContentType))
        return HttpResponse()

    ReplicaMiddleware(view)(request)
    return seen[0]


@pytest.mark.parametrize(
    ("method", "path", "cookies", "expected"),
    [
        ("GET", "/api/v1/organisations/", {}, "replica"),
        ("GET", "/programma/", {}, "replica"),
        ("HEAD", "/organizzazioni/", {}, "replica"),
        ("GET", "/programma/", {"sessionid": "abc"}, "default"),  # logged in: primary
        ("POST", "/programma/", {}, "default"),
        ("GET", "/prenotazioni/", {}, "default"),  # not a public path
        ("GET", "/account/accedi/", {}, "default"),
    ],
)
def test_which_requests_read_from_the_replica(settings, method, path, cookies, expected):
    settings.REPLICA_PATHS = ["/api/v1/", "/programma/", "/organizzazioni/"]
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies)
    assert read_alias_during(request) == expected
    assert read_from_replica.get() is False  # reset after the request


def test_writes_and_private_tables_stay_on_the_primary():
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    from manifatture.operations.models import OutgoingEmail

    token = read_from_replica.set(True)
    try:
        assert router.db_for_read(ContentType) == "replica"
        assert router.db_for_write(ContentType) == "default"
        for model in (Session, DBTaskResult, OutgoingEmail):
            assert router.db_for_read(model) == "default"
    finally:
        read_from_replica.reset(token)
    assert router.allow_migrate("replica", "directory") is False
    assert router.allow_migrate("default", "directory") is True


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary():
    token = read_from_replica.set(True)
    try:
        with transaction.atomic():
            assert router.db_for_read(ContentType) == "default"
    finally:
        read_from_replica.reset(token)
