"""What running the platform needs to remember: which e-mails left, which tasks
a transaction decided to queue, which task workers are alive, when each
scheduled job last ran. No personal data here: e-mails are known by their
idempotency key, not by address; tasks to queue carry keys of rows."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One e-mail to deliver, known by its idempotency key: every attempt of
    every task that sends it (retries after an SMTP error, a task run again
    after its worker died, a task queued twice) shares the key, and a message
    recorded as sent is never sent again."""

    class Status(models.TextChoices):
        SENDING = "sending", _("in invio")
        DEFERRED = "deferred", _("da ritentare")
        SENT = "sent", _("inviata")
        FAILED = "failed", _("non recapitabile")

    key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The task (result id) that holds the current attempt, and since when.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail in uscita")
        verbose_name_plural = _("e-mail in uscita")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outgoingemail_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class PendingTask(models.Model):
    """The outbox of the task queue: a task a transaction decided to queue (the
    confirmation e-mail of a booking, say), written in that transaction, so it
    exists only if the change it follows was saved. Queued as soon as the
    transaction commits, or by `dispatch_pending_tasks` if the process stopped
    in between (services.queue_after_commit); deleted when queued."""

    task_path = models.CharField(max_length=200)  # the task's dotted path
    arguments = models.JSONField(default=dict)  # its keyword arguments
    run_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("attività da accodare")
        verbose_name_plural = _("attività da accodare")

    def __str__(self) -> str:
        return f"{self.task_path} {self.arguments}"


class WorkerHeartbeat(models.Model):
    """A task worker says it is alive every WORKER_HEARTBEAT_SECONDS. A task
    left running by a worker that stopped beating is queued again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker dei compiti")
        verbose_name_plural = _("worker dei compiti")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class ScheduledJob(models.Model):
    """A job of the SCHEDULE setting. `next_run_at` is the lease: the scheduler
    that moves it forward with a conditional UPDATE runs the job for that
    period, so several schedulers never run it twice."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_succeeded = models.BooleanField(null=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lavoro pianificato")
        verbose_name_plural = _("lavori pianificati")

    def __str__(self) -> str:
        return self.name
