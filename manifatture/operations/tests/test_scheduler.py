"""The scheduler runs each job once per period, however many schedulers run,
and records how each run went."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

from manifatture.operations.models import ScheduledJob
from manifatture.operations.scheduler import check_schedule, run_due_jobs


@pytest.mark.django_db
def test_a_job_runs_then_waits_for_its_next_period(settings):
    settings.SCHEDULE = [("recover_tasks", 300)]

    assert run_due_jobs() == [("recover_tasks", True)]
    assert run_due_jobs() == []  # not due again yet

    job = ScheduledJob.objects.get()
    assert job.last_succeeded is True
    assert job.last_duration_ms is not None
    due = job.next_run_at - job.last_started_at
    assert due == datetime.timedelta(seconds=300)

    ScheduledJob.objects.update(next_run_at=timezone.now())  # the period passes
    assert run_due_jobs() == [("recover_tasks", True)]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_run(settings):
    # import_organisations needs a file: run without one, it fails.
    settings.SCHEDULE = [("import_organisations", 60), ("recover_tasks", 60)]

    assert run_due_jobs() == [("import_organisations", False), ("recover_tasks", True)]

    failed = ScheduledJob.objects.get(name="import_organisations")
    assert failed.last_succeeded is False
    assert "CommandError" in failed.last_error


@pytest.mark.django_db
def test_run_scheduler_once_runs_the_due_jobs(settings):
    settings.SCHEDULE = [("recover_tasks", 60), ("expire_offers", 300)]

    call_command("run_scheduler", once=True)

    assert sorted(ScheduledJob.objects.values_list("name", "last_succeeded")) == [
        ("expire_offers", True),
        ("recover_tasks", True),
    ]


def test_the_schedule_names_real_commands(settings):
    check_schedule()  # the project's own schedule
    settings.SCHEDULE = [("send_reminderz", 60)]
    with pytest.raises(CommandError, match="send_reminderz"):
        check_schedule()


@pytest.mark.django_db(transaction=True)
def test_several_schedulers_run_a_job_once_per_period(settings):
    settings.SCHEDULE = [("recover_tasks", 300)]
    schedulers = 6
    barrier = threading.Barrier(schedulers)
    runs: list[str] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            for name, _ in run_due_jobs(run=runs.append):
                assert name == "recover_tasks"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(schedulers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert runs == ["recover_tasks"]
