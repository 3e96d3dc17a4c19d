"""The task queue's backend (operations/queue.py) writes the library's own row
(django_tasks_db), with one INSERT composed once."""

import datetime

import pytest
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from manifatture.mail import send_email

pytestmark = pytest.mark.django_db

OURS = "manifatture.operations.queue.DatabaseBackend"
LIBRARY = "django_tasks_db.DatabaseBackend"


def _row(settings, backend: str, **using) -> dict:
    settings.TASKS = {"default": {"BACKEND": backend, "QUEUES": ["default"]}}
    task = send_email.using(**using) if using else send_email
    result = task.enqueue(to=["sara@example.org"], subject="Prenotata", text="Ci vediamo", html="")
    row = DBTaskResult.objects.get(pk=result.id)
    assert result.args == [] and result.kwargs["to"] == ["sara@example.org"]
    return {
        f.attname: getattr(row, f.attname)
        for f in DBTaskResult._meta.concrete_fields
        if f.attname not in {"id", "enqueued_at"}
    }


def test_the_queue_is_ours(settings, monkeypatch):
    # The tests run tasks at once (conftest.py); the project's settings queue them here.
    import importlib

    import config.settings

    monkeypatch.delenv("TASKS_BACKEND", raising=False)
    declared = importlib.reload(config.settings).TASKS["default"]["BACKEND"]
    assert declared == OURS
    settings.TASKS = {"default": {"BACKEND": declared, "QUEUES": ["default"]}}
    assert type(task_backends["default"]).__module__ == "manifatture.operations.queue"


def test_a_task_queued_now_is_the_library_s_row(settings):
    ours = _row(settings, OURS)
    assert ours == _row(settings, LIBRARY)
    assert ours["run_after"] == get_date_max() and ours["status"] == "READY"


def test_a_deferred_task_is_the_library_s_row(settings):
    later = timezone.now() + datetime.timedelta(hours=2)
    assert _row(settings, OURS, run_after=later) == _row(settings, LIBRARY, run_after=later)
