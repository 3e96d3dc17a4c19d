"""The task queue's backend (config/settings.py, TASKS): django_tasks_db's
database queue, its row written by one INSERT composed once per process
(manifatture.statements.insert) instead of by the ORM on every enqueue.

A booking's confirmation e-mail is queued in the booking's own transaction
(operations.services.queue_after_commit), on the busiest request of all: the
ORM's create was the largest part of the booking's own work (bench/booking).
The row is the library's own: the same fields, and the library's pre_save
receiver (a task without `run_after` runs at once: the far future is its
mark) is called here before the INSERT, as save() would call it. The task's
result is made once per enqueue (the library makes it twice: for the
`task_enqueued` signal and for the caller)."""

from django_tasks_db import DatabaseBackend as LibraryDatabaseBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult
from django_tasks_db.signal_handlers import set_run_after

from manifatture.statements import insert


class DatabaseBackend(LibraryDatabaseBackend):
    def enqueue(self, task, args, kwargs) -> TaskResult:
        # As the library's enqueue, with its result made once.
        self.validate_task(task)
        result = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=result)
        return result

    def _task_to_db_task(self, task, args, kwargs) -> DBTaskResult:
        result = self.task_row(task, args, kwargs)
        insert(result, receivers_called=(set_run_after,))
        return result

    def task_row(self, task, args, kwargs) -> DBTaskResult:
        """The library's row of the task, not yet written: the same fields, and
        its pre_save receiver (`run_after`) called, as the library's would."""
        result: DBTaskResult = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
        set_run_after(sender=DBTaskResult, instance=result)
        return result
