"""/salute/: what a load balancer and an operator need, no personal data; the
public reads one word, staff and monitoring with the token read the figures."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.operations.models import WorkerHeartbeat

URL = "/salute/"
TOKEN = "s3gr3to-di-monitoraggio"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.HEALTH_TOKEN = TOKEN


def details(client, **extra):
    return client.get(URL, headers={"X-Health-Token": TOKEN}, **extra)


def queued(seconds_ago: float, **fields) -> DBTaskResult:
    moment = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="manifatture.bookings.tasks.expire_offers_task",
        backend_name="default",
        run_after=fields.pop("run_after", moment),
        **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=moment)
    return task


@pytest.mark.django_db
def test_healthy(client, django_assert_max_num_queries):
    assert reverse("operations:health") == URL
    WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="app1", pid=1, started_at=timezone.now(), seen_at=timezone.now()
    )
    queued(5)

    with django_assert_max_num_queries(10):
        response = details(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    report = response.json()
    assert report["status"] == "ok"
    assert report["problems"] == []
    assert report["database"]["ok"] is True
    assert report["cache"] == {"ok": True}
    assert report["tasks"]["due"] == 1
    assert 4 <= report["tasks"]["oldest_due_seconds"] <= 60
    assert report["workers"]["alive"] == 1


@pytest.mark.django_db
def test_degraded_without_workers_or_with_an_old_backlog(client, settings):
    settings.HEALTH_TASK_BACKLOG_SECONDS = 300
    queued(900)
    queued(10, run_after=timezone.now() + datetime.timedelta(hours=1))  # a retry, later
    queued(3000, status=TaskResultStatus.SUCCESSFUL)  # done: not a backlog

    response = details(client)

    assert response.status_code == 200  # this server still serves pages
    report = response.json()
    assert report["status"] == "degraded"
    assert report["problems"] == ["workers", "tasks"]
    assert report["tasks"]["due"] == 1
    assert report["tasks"]["scheduled_later"] == 1
    assert report["workers"] == {"alive": 0, "last_heartbeat_seconds": None}


@pytest.mark.django_db
def test_no_personal_data_and_no_session(client):
    user = StaffFactory(email="mario.rossi@esempio.it", full_name="Mario Rossi")
    client.force_login(user)

    response = client.get(URL)
    assert "workers" in response.json()  # staff read the figures

    body = response.content.decode()
    assert "rossi" not in body.lower()
    assert str(user.email) not in body
    assert "Set-Cookie" not in response.headers or "csrftoken" not in response["Set-Cookie"]


@pytest.mark.django_db
def test_only_reads(client):
    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_503_when_the_database_is_down(client):
    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = client.get(URL)
        cache.clear()  # the public answer was kept a few seconds: ask afresh
        monitoring = details(client)
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "failing"}
    assert monitoring.status_code == 503
    assert json.loads(monitoring.content) == {
        "status": "down",
        "problems": ["database"],
        "database": {"ok": False},
    }


@pytest.mark.django_db
def test_the_public_reads_one_word_and_the_figures_need_staff_or_the_token(
    client, settings, django_assert_num_queries
):
    settings.HEALTH_TASK_BACKLOG_SECONDS = 300
    queued(900)  # degraded: no workers, an old backlog

    public = client.get(URL)
    assert (public.status_code, public.json()) == (200, {"status": "ok"})
    assert "max-age=5" in public["Cache-Control"]
    for wrong in (
        {"headers": {"X-Health-Token": "indovino"}},
        {"headers": {"Authorization": "Bearer indovino"}},
        {"data": {"token": "indovino"}},
        {"headers": {"X-Health-Token": ""}},
    ):
        assert client.get(URL, **wrong).json() == {"status": "ok"}
    client.force_login(UserFactory())
    assert client.get(URL).json() == {"status": "ok"}  # a visitor is the public too

    client.logout()
    for right in (
        {"headers": {"X-Health-Token": TOKEN}},
        {"headers": {"Authorization": f"Bearer {TOKEN}"}},
        {"data": {"token": TOKEN}},
    ):
        response = client.get(URL, **right)
        assert response.json()["problems"] == ["workers", "tasks"]
        assert "no-store" in response["Cache-Control"]
    client.force_login(StaffFactory())
    assert client.get(URL).json()["status"] == "degraded"

    # Without a token configured, no token opens the figures.
    settings.HEALTH_TOKEN = ""
    client.logout()
    assert client.get(URL, data={"token": ""}).json() == {"status": "ok"}


@pytest.mark.django_db
def test_the_report_is_computed_once_every_few_seconds(client, settings, django_assert_num_queries):
    settings.HEALTH_CACHE_SECONDS = 5
    details(client)
    # Answered from the shared cache: not one query, for the public or with the token.
    with django_assert_num_queries(0):
        assert client.get(URL).status_code == 200
        assert details(client).json()["status"] == "degraded"
