from django.contrib import admin

from manifatture.admin import ReadOnlyAdmin

from .models import OutgoingEmail, ScheduledJob, WorkerHeartbeat


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ["key", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["key"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "last_started_at",
        "last_succeeded",
        "last_duration_ms",
        "next_run_at",
    ]
