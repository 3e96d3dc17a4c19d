"""`manage.py db_worker`: django-tasks-db's worker, same options, with a
heartbeat (manifatture.operations.heartbeat) so that the tasks of a worker that
dies are queued again. This app comes before django_tasks_db in
INSTALLED_APPS, so this command is the one `manage.py` runs."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from manifatture.operations.heartbeat import Heartbeat


class Command(DatabaseWorkerCommand):
    help = "Run the task worker, with a heartbeat that recovers the tasks of dead workers."

    def handle(self, *args, worker_id: str, batch: bool, reload: bool, **options) -> None:
        if reload and not batch and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent process runs no task: its child beats.
            return super().handle(*args, worker_id=worker_id, batch=batch, reload=reload, **options)
        heartbeat = Heartbeat(worker_id)
        if batch:
            heartbeat.beat()  # recover what dead workers left, then run the queue once
        else:
            heartbeat.start()
        try:
            return super().handle(*args, worker_id=worker_id, batch=batch, reload=reload, **options)
        finally:
            heartbeat.stop()
