"""A task worker killed (SIGKILL) while it sends an e-mail: another worker
queues the task again when the dead one's heartbeat stops, and the message
reaches the mail server exactly once. Real `manage.py db_worker` processes on
PostgreSQL (the test database, which the processes share), a fake SMTP server
that holds the message unanswered until the worker is dead."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manifatture.mail import send_templated_email
from manifatture.operations.models import OutgoingEmail, WorkerHeartbeat
from tests.database import database_url

from .smtp import FakeSMTPServer

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(settings.BASE_DIR)


def start_worker(smtp_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": settings.SECRET_KEY,
        "TASKS_BACKEND": "manifatture.operations.queue.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "WORKER_HEARTBEAT_SECONDS": "0.5",
        "WORKER_DEAD_AFTER_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, "--interval", "0.2"], cwd=ROOT, env=env, start_new_session=True
    )


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_an_email_whose_worker_was_killed_is_delivered_once(settings, capsys):
    settings.TASKS = {
        "default": {
            "BACKEND": "manifatture.operations.queue.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    with FakeSMTPServer() as smtp:
        smtp.hang.set()
        send_templated_email(["giulia@esempio.it"], "email/test", {"name": "Giulia"}, "it")

        first = start_worker(smtp.port)
        try:
            wait_for(smtp.holding.is_set, 60, "the worker to reach DATA")
            email = OutgoingEmail.objects.get()
            assert (email.status, email.attempts) == (OutgoingEmail.Status.SENDING, 1)
            assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # kill -9, mid-send
            first.wait()
        wait_for(lambda: smtp.dropped == 1, 10, "the mail server to see the client gone")
        smtp.release()
        assert smtp.messages == []
        # Nothing recovers the task while no worker runs: it stays "running".
        assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING

        second = start_worker(smtp.port)
        try:
            wait_for(
                lambda: DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL,
                60,
                "the task to be run again and succeed",
            )
            time.sleep(1.5)  # room for a duplicate, if there were one
        finally:
            stop(second)

    result = DBTaskResult.objects.get()
    email = OutgoingEmail.objects.get()
    with capsys.disabled():  # the figures show in CI's log
        print(
            f"\nworker crash: runs={len(result.worker_ids)} attempts={email.attempts} "
            f"delivered={len(smtp.messages)} dropped_by_crash={smtp.dropped}"
        )
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == "giulia@esempio.it"
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)
    assert len(result.worker_ids) == 2 and result.return_value == "sent"
    # The stopped worker took its heartbeat away; the killed one's is still there.
    assert WorkerHeartbeat.objects.count() == 1
