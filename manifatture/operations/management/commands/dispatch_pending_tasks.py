from datetime import timedelta

from django.core.management.base import BaseCommand

from manifatture.operations.services import dispatch_pending_tasks


class Command(BaseCommand):
    help = (
        "Queue the tasks whose transaction committed but which were not queued "
        "right after (the process stopped in between)."
    )

    def handle(self, **options) -> None:
        # Younger rows are most likely being queued by their own process now.
        count = dispatch_pending_tasks(older_than=timedelta(seconds=30))
        if options["verbosity"]:
            self.stdout.write(f"{count} pending task(s) queued")
