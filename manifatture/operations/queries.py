"""Reads of the operations app: the health report and the scheduler's next run."""

import datetime
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import conf
from .models import OutgoingEmail, ScheduledJob, WorkerHeartbeat


def next_job_at() -> datetime.datetime | None:
    """When the next job of the schedule is due (None before any ran)."""
    names = [name for name, _ in settings.SCHEDULE]
    return ScheduledJob.objects.filter(name__in=names).aggregate(at=Min("next_run_at"))["at"]


def _age(moment: datetime.datetime | None, now: datetime.datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def _database() -> dict:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _cache() -> dict:
    try:
        key = "health-check"
        cache.set(key, "1", 30)
        return {"ok": cache.get(key) == "1"}
    except Exception as error:  # a cache that is down slows pages, never stops them
        return {"ok": False, "error": type(error).__name__}


def health() -> dict:
    """What an operator (or a load balancer) needs to know, and no personal
    data: the database answers, the cache works, how long the task queue is and
    how old its oldest task, when a worker last beat, how the scheduled jobs
    went. Raises if the database is down (the view answers 503)."""
    now = timezone.now()
    report: dict = {"database": _database(), "cache": _cache()}

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    due = ready.filter(run_after__lte=now)
    tasks = due.aggregate(count=Count("id"), oldest=Min("enqueued_at"))
    report["tasks"] = {
        "due": tasks["count"],
        "oldest_due_seconds": _age(tasks["oldest"], now),
        "scheduled_later": ready.filter(run_after__gt=now).count(),
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        "failed_last_day": DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - datetime.timedelta(days=1)
        ).count(),
    }
    dead_before = now - conf.worker_dead_after()
    workers = WorkerHeartbeat.objects.aggregate(
        alive=Count("pk", filter=Q(seen_at__gte=dead_before)), last=Max("seen_at")
    )
    report["workers"] = {
        "alive": workers["alive"],
        "last_heartbeat_seconds": _age(workers["last"], now),
    }
    email = OutgoingEmail.objects.aggregate(
        waiting=Count("pk", filter=Q(status=OutgoingEmail.Status.DEFERRED)),
        failed_last_day=Count(
            "pk",
            filter=Q(
                status=OutgoingEmail.Status.FAILED, created_at__gte=now - datetime.timedelta(days=1)
            ),
        ),
    )
    report["email"] = {"deferred": email["waiting"], "failed_last_day": email["failed_last_day"]}
    report["scheduler"] = {
        job.name: {
            "last_run_seconds": _age(job.last_started_at, now),
            "succeeded": job.last_succeeded,
        }
        for job in ScheduledJob.objects.order_by("name")
    }
    problems = []
    if not report["cache"]["ok"]:
        problems.append("cache")
    if not report["workers"]["alive"]:
        problems.append("workers")
    backlog_limit = float(settings.HEALTH_TASK_BACKLOG_SECONDS)
    if (report["tasks"]["oldest_due_seconds"] or 0) > backlog_limit:
        problems.append("tasks")
    report["status"] = "degraded" if problems else "ok"
    report["problems"] = problems
    return report
