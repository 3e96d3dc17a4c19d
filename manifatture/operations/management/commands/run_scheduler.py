import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from manifatture.operations import queries
from manifatture.operations.scheduler import check_schedule, run_due_jobs

# How long to sleep at most between two looks at the schedule: a job added by
# a new release, or a clock change, is noticed within this time.
MAX_SLEEP_SECONDS = 30.0


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs of the SCHEDULE setting at their intervals "
        "(safe with several schedulers: each run is taken by one)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs due now, then exit (for cron)."
        )

    def handle(self, *, once: bool, **options) -> None:
        check_schedule()
        if once:
            run_due_jobs()
            return
        stopping = False

        def stop(signum, frame) -> None:
            nonlocal stopping
            stopping = True  # finish the job under way, then leave

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            run_due_jobs()
            close_old_connections()
            upcoming = queries.next_job_at()
            wait = MAX_SLEEP_SECONDS
            if upcoming is not None:
                wait = min(wait, max((upcoming - timezone.now()).total_seconds(), 0.5))
            deadline = time.monotonic() + wait
            while not stopping and (left := deadline - time.monotonic()) > 0:
                time.sleep(min(0.5, left))
