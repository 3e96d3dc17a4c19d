"""The task queue's outbox (services.queue_after_commit): a task queued in a
transaction is handed to the queue only if the transaction commits, right after
it, and by `dispatch_pending_tasks` when the process stopped in between."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks import task

from manifatture.operations.models import PendingTask
from manifatture.operations.services import dispatch_pending_tasks, queue_after_commit

pytestmark = pytest.mark.django_db(transaction=True)

RAN: list[int] = []
PATH = "manifatture.operations.tests.test_outbox.remember"


@task()
def remember(number: int) -> None:
    RAN.append(number)


@pytest.fixture(autouse=True)
def _fresh():
    RAN.clear()


def test_a_task_queued_in_a_transaction_runs_once_it_commits():
    with transaction.atomic():
        queue_after_commit(PATH, number=1)
        assert PendingTask.objects.count() == 1
        assert RAN == []  # not before the commit

    assert RAN == [1]
    assert not PendingTask.objects.exists()


def test_a_transaction_rolled_back_queues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_after_commit(PATH, number=2)
        raise RuntimeError("the booking failed")

    assert RAN == []
    assert not PendingTask.objects.exists()


def test_a_task_committed_but_not_queued_is_queued_by_the_scheduled_job():
    # As if the process stopped between the commit and the hand-over.
    PendingTask.objects.create(task_path=PATH, arguments={"number": 3})
    PendingTask.objects.update(created_at=PendingTask.objects.get().created_at.replace(year=2020))

    call_command("dispatch_pending_tasks", verbosity=0)

    assert RAN == [3]
    assert not PendingTask.objects.exists()
    assert dispatch_pending_tasks() == 0  # once only
    assert RAN == [3]


@pytest.fixture
def database_queue(settings):
    """The production queue: django_tasks_db, a table of the same database."""
    settings.TASKS = {"default": {"BACKEND": "manifatture.operations.queue.DatabaseBackend"}}


def test_on_the_database_queue_the_task_row_is_written_in_the_transaction(database_queue):
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        assert queue_after_commit(PATH, number=4) is None
        # Queued already, in this transaction: no outbox row, nothing to hand over.
        assert not PendingTask.objects.exists()
        assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"number": 4}

    assert DBTaskResult.objects.count() == 1
    assert not PendingTask.objects.exists()


def test_on_the_database_queue_a_rollback_takes_the_task_with_it(database_queue):
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_after_commit(PATH, number=5)
        raise RuntimeError("the booking failed")

    assert not DBTaskResult.objects.exists()
    assert not PendingTask.objects.exists()


def test_a_task_queued_in_the_caller_s_statement_is_written_with_its_key_and_runs(db_tasks):
    from django.db import connection
    from django.tasks.signals import task_enqueued
    from django_tasks_db.models import DBTaskResult

    from manifatture.operations.services import queue_in_statement

    heard = []

    def listen(sender, task_result, **kwargs):
        heard.append(task_result)

    queued = queue_in_statement(PATH, argument="number", returned_by="made")
    assert queued is not None
    task_enqueued.connect(listen)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH made AS (SELECT 41 + 1 AS id), queued AS ({queued.sql}) "
                    "SELECT (SELECT id FROM made)",
                    queued.params,
                )
                (key,) = cursor.fetchone()
            queued.written(key)
    finally:
        task_enqueued.disconnect(listen)
    row = DBTaskResult.objects.get()
    assert row.args_kwargs == {"args": [], "kwargs": {"number": 42}}
    assert [result.kwargs for result in heard] == [{"number": 42}]
    assert heard[0].id == str(row.id)
    assert not PendingTask.objects.exists()
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert RAN == [42]


def test_a_task_for_a_queue_elsewhere_is_not_queued_in_a_statement():
    from manifatture.operations.services import queue_in_statement

    # The tests' queue runs tasks at once: not a table of this database.
    assert queue_in_statement(PATH, argument="number", returned_by="made") is None
