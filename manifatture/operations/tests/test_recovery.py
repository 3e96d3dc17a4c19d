"""Tasks left running by a dead worker go back to the queue; those of a live
worker stay where they are."""

import datetime

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from manifatture.operations import services
from manifatture.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

NOW = timezone.now


def running_task(worker_ids: list[str], started_seconds_ago: float) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="manifatture.bookings.tasks.expire_offers_task",
        backend_name="default",
        run_after=NOW() - datetime.timedelta(seconds=started_seconds_ago),
        started_at=NOW() - datetime.timedelta(seconds=started_seconds_ago),
        worker_ids=worker_ids,
    )


def heartbeat(worker_id: str, seconds_ago: float) -> None:
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="app1",
        pid=123,
        started_at=NOW() - datetime.timedelta(hours=1),
        seen_at=NOW() - datetime.timedelta(seconds=seconds_ago),
    )


def status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_the_task_of_a_silent_worker_is_queued_again(settings):
    settings.WORKER_DEAD_AFTER_SECONDS = 90
    heartbeat("alive", seconds_ago=10)
    heartbeat("dead", seconds_ago=200)
    of_alive = running_task(["alive"], started_seconds_ago=3000)
    of_dead = running_task(["dead"], started_seconds_ago=300)
    # Run once by the dead worker before: the last worker is the one that counts.
    moved_on = running_task(["dead", "alive"], started_seconds_ago=100)

    assert services.requeue_orphaned_tasks() == 1

    assert status(of_alive) == TaskResultStatus.RUNNING
    assert status(moved_on) == TaskResultStatus.RUNNING
    assert status(of_dead) == TaskResultStatus.READY
    of_dead.refresh_from_db()
    assert of_dead.run_after <= NOW()


def test_a_worker_that_never_beat_gets_the_long_timeout(settings):
    settings.TASK_STUCK_AFTER_SECONDS = 3600
    recent = running_task(["library-worker"], started_seconds_ago=600)
    stuck = running_task(["library-worker"], started_seconds_ago=4000)

    assert services.requeue_orphaned_tasks() == 1

    assert (status(recent), status(stuck)) == (TaskResultStatus.RUNNING, TaskResultStatus.READY)


def test_a_task_that_keeps_killing_its_worker_is_failed(settings):
    settings.TASK_MAX_RUNS = 3
    heartbeat("w3", seconds_ago=500)
    task = running_task(["w1", "w2", "w3"], started_seconds_ago=500)

    call_command("recover_tasks", verbosity=0)

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "manifatture.operations.exceptions.WorkerLost"
    assert "3 times" in task.traceback


def test_heartbeats_of_workers_long_gone_are_removed(settings):
    settings.TASK_STUCK_AFTER_SECONDS = 3600
    heartbeat("recent", seconds_ago=100)
    heartbeat("gone", seconds_ago=4000)

    services.requeue_orphaned_tasks()

    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_the_worker_beats_and_forgets_itself_when_it_stops(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "manifatture.operations.queue.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    heartbeat("dead", seconds_ago=500)
    orphan = running_task(["dead"], started_seconds_ago=500)

    # The batch worker recovers the orphan as it starts, then runs it.
    call_command(
        "db_worker",
        batch=True,
        no_startup_delay=True,
        reload=False,
        verbosity=0,
        worker_id="batch-worker",
    )

    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.SUCCESSFUL
    assert orphan.worker_ids == ["dead", "batch-worker"]
    assert not WorkerHeartbeat.objects.filter(worker_id="batch-worker").exists()
