"""Writes of the operations app: e-mail delivery records, worker heartbeats and
the recovery of tasks their worker left behind, the scheduler's leases."""

import datetime
import enum
import os
import socket
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import router, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import task_enqueued
from django_tasks_db.models import DBTaskResult
from django_tasks_db.signal_handlers import set_run_after

from manifatture.statements import insert_sql, inserted

from . import conf
from .exceptions import WorkerLost
from .models import OutgoingEmail, PendingTask, ScheduledJob, WorkerHeartbeat

# E-mail delivery --------------------------------------------------------------------


class Claim(enum.Enum):
    SEND = "send"  # this attempt sends the message
    DONE = "done"  # already sent (or failed for good): nothing to do
    BUSY = "busy"  # another task is sending it right now: look again later


def claim_email(*, key: str, task_id: str) -> tuple[Claim, OutgoingEmail]:
    """Take the right to send the e-mail `key` for the task `task_id`, under a
    lock on its record (committed before anything is sent, so a crash while
    sending leaves the record "sending").

    A record "sending" for the same task means that task ran before and its
    worker died mid-send: SMTP cannot tell whether that message was accepted,
    so it is sent again (at least once; the copy has the same Message-ID). A
    record "sending" for another task is left alone while its lease lasts."""
    now = timezone.now()
    with transaction.atomic():
        email, created = OutgoingEmail.objects.select_for_update().get_or_create(
            key=key, defaults={"attempts": 1, "claimed_by": task_id, "claimed_at": now}
        )
        if created:
            return Claim.SEND, email
        if email.status in {OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED}:
            return Claim.DONE, email
        if (
            email.status == OutgoingEmail.Status.SENDING
            and email.claimed_by not in {"", task_id}
            and email.claimed_at is not None
            and email.claimed_at > now - conf.mail_send_lease()
        ):
            return Claim.BUSY, email
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.claimed_by = task_id
        email.claimed_at = now
        email.save(update_fields=["status", "attempts", "claimed_by", "claimed_at"])
    return Claim.SEND, email


def mark_email_sent(*, key: str) -> None:
    OutgoingEmail.objects.filter(key=key).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), claimed_by="", last_error=""
    )


def mark_email_deferred(*, key: str, error: str) -> None:
    OutgoingEmail.objects.filter(key=key).update(
        status=OutgoingEmail.Status.DEFERRED, claimed_by="", last_error=error[:2000]
    )


def mark_email_failed(*, key: str, error: str) -> None:
    OutgoingEmail.objects.filter(key=key).update(
        status=OutgoingEmail.Status.FAILED, claimed_by="", last_error=error[:2000]
    )


def retry_delay(attempt: int) -> datetime.timedelta:
    """Exponential backoff after the `attempt`-th failed attempt (1, 2, ...)."""
    base = float(settings.MAIL_RETRY_BASE_SECONDS)
    return datetime.timedelta(
        seconds=min(base * 2 ** (attempt - 1), float(settings.MAIL_RETRY_MAX_SECONDS))
    )


# Task workers --------------------------------------------------------------------------


def beat(*, worker_id: str, started_at: datetime.datetime) -> None:
    """Record that the worker `worker_id` is alive."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def forget_worker(*, worker_id: str) -> None:
    """A worker that stops cleanly leaves no heartbeat to wait for."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def requeue_orphaned_tasks() -> int:
    """Put back in the queue the tasks left RUNNING by a worker that died
    (killed, out of memory, machine lost): its heartbeat is older than
    WORKER_DEAD_AFTER_SECONDS, or, for a worker that never beat (started
    without our db_worker), the task started more than TASK_STUCK_AFTER_SECONDS
    ago. A task whose worker died under it TASK_MAX_RUNS times is failed
    instead. Returns how many tasks were queued again or failed.

    Tasks must bear running twice: e-mails are sent once per idempotency key
    (manifatture.mail), the other tasks check the state they change."""
    now = timezone.now()
    beats = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    dead_before = now - conf.worker_dead_after()
    stuck_before = now - conf.task_stuck_after()
    changed = 0
    for task_id, worker_ids, started_at in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING
    ).values_list("id", "worker_ids", "started_at"):
        worker = worker_ids[-1] if worker_ids else None
        seen = beats.get(worker) if worker is not None else None
        if seen is not None and seen >= dead_before:
            continue  # its worker is alive: still running
        if seen is None and started_at is not None and started_at >= stuck_before:
            continue  # a worker we cannot hear: give it the long timeout
        running = DBTaskResult.objects.filter(
            pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
        )
        if len(worker_ids) >= settings.TASK_MAX_RUNS:
            changed += running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"WorkerLost: the worker died under this task {len(worker_ids)} times\n",
            )
        else:
            changed += running.update(status=TaskResultStatus.READY, run_after=now)
    # Heartbeats of workers long gone.
    WorkerHeartbeat.objects.filter(seen_at__lt=stuck_before).delete()
    return changed


# Scheduler --------------------------------------------------------------------------------


def claim_job(name: str, *, every: datetime.timedelta) -> bool:
    """Take this period's run of the job `name`: one conditional UPDATE moves
    its next run forward; only the scheduler whose UPDATE changed the row runs
    the job, however many schedulers are running."""
    now = timezone.now()
    ScheduledJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
    return bool(
        ScheduledJob.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + every, last_started_at=now
        )
    )


def record_job_run(name: str, *, succeeded: bool, duration_ms: int, error: str = "") -> None:
    ScheduledJob.objects.filter(name=name).update(
        last_finished_at=timezone.now(),
        last_succeeded=succeeded,
        last_duration_ms=duration_ms,
        last_error=error[:2000],
    )


# The outbox of the task queue --------------------------------------------------------------


def queue_after_commit(
    task_path: str, *, run_after: datetime.datetime | None = None, **arguments
) -> PendingTask | None:
    """Queue the task `task_path` (a dotted path: the caller need not import the
    task's module) with `arguments` once the current transaction commits, and
    only if it does: the PendingTask row is written in the transaction, and
    handed to the queue right after the commit, or by `dispatch_pending_tasks`
    if the process stopped in between. A task with `run_after` is queued only
    where the queue can defer (elsewhere the scheduled job is the safety net).

    When the queue is itself a table of this database (django_tasks_db, the
    production queue), its row is the outbox: the task is queued in the
    transaction, one INSERT that commits or rolls back with the change it
    follows, and no hand-over is left to do (the outbox row and its hand-over
    cost a booking six statements). Returns the PendingTask written, or None."""
    task = import_string(task_path)
    if _queue_in_this_database(task):
        (task.using(run_after=run_after) if run_after else task).enqueue(**arguments)
        return None
    pending = PendingTask.objects.create(
        task_path=task_path, arguments=arguments, run_after=run_after
    )
    transaction.on_commit(lambda: dispatch_pending_tasks(pk=pending.pk))
    return pending


@dataclass
class QueuedRow:
    """A task's row in the database queue, for the caller's own statement to
    write (`sql`, `params`: an INSERT for a WITH of several): see `queue_in_statement`."""

    sql: str
    params: list[Any]
    row: DBTaskResult
    argument: str
    backend: DatabaseBackend

    def written(self, value: int) -> None:
        """After the caller's statement: the row as it was written (the
        argument's value), and the library's `task_enqueued` signal sent, as
        its enqueue sends it."""
        self.row.args_kwargs["kwargs"][self.argument] = value
        inserted(self.row, self.row.pk)
        task_enqueued.send(type(self.backend), task_result=self.row.task_result)


def queue_in_statement(
    task_path: str, *, argument: str, returned_by: str, **arguments
) -> QueuedRow | None:
    """Queue `task_path` as `queue_after_commit` does, in the caller's own
    statement: where the queue is this database's table, the INSERT of its row
    (with `arguments`, and `argument` taken from the `id` the WITH named
    `returned_by` returns, e.g. a booking inserted by the same statement), for
    the caller to run inside a WITH and then call `written` with that id; one
    statement writes what would take two. None where the queue is elsewhere:
    the caller writes its row, then calls `queue_after_commit`."""
    task = import_string(task_path)
    if not _queue_in_this_database(task):
        return None
    backend = task.get_backend()
    backend.validate_task(task)
    row = backend.task_row(task, (), {**arguments, argument: 0})
    # The key is a column of the WITH, never a value of the caller's.
    key = f"jsonb_set(%s, '{{kwargs,{argument}}}', to_jsonb((SELECT id FROM {returned_by})))"
    sql, params = insert_sql(
        row, receivers_called=(set_run_after,), expressions={"args_kwargs": key}
    )
    return QueuedRow(sql=sql, params=params, row=row, argument=argument, backend=backend)


def _queue_in_this_database(task) -> bool:
    """The task's queue is django_tasks_db on the database the outbox would be
    written to, so a row written there commits with the current transaction."""
    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(PendingTask)


def dispatch_pending_tasks(
    *, pk: int | None = None, older_than: datetime.timedelta | None = None
) -> int:
    """Hand pending tasks to the queue, each once: the one `pk`, or all written
    at least `older_than` ago. Each row is locked (skipping those another process
    holds) and deleted in the transaction that queues it: on the database queue
    both happen or neither; on another queue a process dying between them queues
    the task again, and e-mails stay single by their idempotency keys."""
    rows = PendingTask.objects.order_by("pk")
    if pk is not None:
        rows = rows.filter(pk=pk)
    if older_than is not None:
        rows = rows.filter(created_at__lte=timezone.now() - older_than)
    done = 0
    for candidate in rows.values_list("pk", flat=True):
        with transaction.atomic():
            pending = (
                PendingTask.objects.select_for_update(skip_locked=True).filter(pk=candidate).first()
            )
            if pending is None:
                continue  # another process has it, or had it
            task = import_string(pending.task_path)
            if pending.run_after is None:
                task.enqueue(**pending.arguments)
            elif task.get_backend().supports_defer:
                task.using(run_after=pending.run_after).enqueue(**pending.arguments)
            pending.delete()
            done += 1
    return done
