"""The scheduler (`manage.py run_scheduler`): runs each management command of
the SCHEDULE setting at its interval. Any number of schedulers may run (one per
application server, say): each period's run of a job goes to the one whose
conditional UPDATE of the job's row succeeds (services.claim_job)."""

import datetime
import logging
import time
import traceback
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from . import services

logger = logging.getLogger(__name__)


def check_schedule() -> None:
    """Every job of SCHEDULE names a management command and a positive interval."""
    commands = get_commands()
    for name, seconds in settings.SCHEDULE:
        if name not in commands:
            raise CommandError(f"SCHEDULE names {name!r}, which is not a management command")
        if not seconds or seconds <= 0:
            raise CommandError(f"SCHEDULE gives {name!r} an interval of {seconds!r} seconds")


def run_due_jobs(run: Callable[[str], object] = call_command) -> list[tuple[str, bool]]:
    """Run the jobs due now that no other scheduler took; returns each job run
    and whether it succeeded. A job that fails is logged (and reported, with
    SENTRY_DSN) and runs again at its next period."""
    done = []
    for name, seconds in settings.SCHEDULE:
        if not services.claim_job(name, every=datetime.timedelta(seconds=seconds)):
            continue
        logger.info("job %s: started", name)
        started = time.perf_counter()
        try:
            run(name)
        except Exception as error:
            duration = int((time.perf_counter() - started) * 1000)
            logger.exception("job %s: failed after %s ms", name, duration)
            services.record_job_run(
                name,
                succeeded=False,
                duration_ms=duration,
                error="".join(traceback.format_exception_only(error)),
            )
            done.append((name, False))
        else:
            duration = int((time.perf_counter() - started) * 1000)
            logger.info("job %s: done in %s ms", name, duration)
            services.record_job_run(name, succeeded=True, duration_ms=duration)
            done.append((name, True))
    return done
