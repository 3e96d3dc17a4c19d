from django.core.management.base import BaseCommand

from manifatture.operations.services import requeue_orphaned_tasks


class Command(BaseCommand):
    help = (
        "Queue again the tasks left running by a task worker that died "
        "(every db_worker also does it as it beats)."
    )

    def handle(self, **options) -> None:
        count = requeue_orphaned_tasks()
        if options["verbosity"]:
            self.stdout.write(f"{count} task(s) queued again or failed for good")
