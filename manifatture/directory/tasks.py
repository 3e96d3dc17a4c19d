"""Background work of the directory, run by the task worker (`manage.py db_worker`)
or, for the periodic ones, by the equivalent management commands from cron."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .exceptions import DirectoryError
from .imports import CREATED, run_import
from .models import ImportJob


@task(queue_name="default")
def run_import_job(job_id: int) -> str:
    """Run a web import, writing its progress where the progress page reads it."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.PENDING:
        return job.status  # a retried task does not import twice

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.VALIDATING, processed=done, total=total
        )

    def saving() -> None:
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.SAVING)

    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.VALIDATING)
    fields: dict[str, object]
    try:
        report = run_import(
            job.format,
            job.content,
            skip_invalid=job.skip_invalid,
            progress=progress,
            saving=saving,
        )
    except DirectoryError as error:
        status, fields = ImportJob.Status.FAILED, {"error": str(error.message)}
    except Exception as error:  # the report page must say it failed, whatever the cause
        status = ImportJob.Status.FAILED
        fields = {
            "error": _("Errore durante l'importazione: nulla è stato salvato (%(e)s).")
            % {"e": error.__class__.__name__}
        }
    else:
        status = ImportJob.Status.DONE if report.saved else ImportJob.Status.REJECTED
        fields = {
            "total": len(report.rows),
            "processed": len(report.rows),
            "created": report.created,
            "duplicates": report.duplicates,
            "invalid": report.invalid,
            # Rows created without remarks are only counted.
            "report": [
                row.as_report() for row in report.rows if row.outcome != CREATED or row.messages
            ],
        }
    with transaction.atomic():
        ImportJob.objects.filter(pk=job_id).update(
            status=status, finished_at=timezone.now(), **fields
        )
    return status


@task(queue_name="default")
def check_freshness() -> dict:
    """Ask for yearly confirmations and archive long-unconfirmed profiles; delete
    old invitations (daily)."""
    return {
        "asked": services.request_confirmations(),
        "archived": services.archive_stale(),
        "invitations_deleted": services.prune_invitations(),
    }
