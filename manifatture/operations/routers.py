"""Read replica (DATABASE_REPLICA_URL): the reads of anonymous requests to the
public pages and the API go to the replica (ReplicaMiddleware decides which
requests); every write, and every read of anything else, goes to the primary."""

import contextvars

from django.db import connections
from django.db.models import Model

REPLICA = "replica"

read_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "read_from_replica", default=False
)

# Read from the primary even on public pages: sessions and the task queue are
# written on every request, and the operations app's rows are about now.
PRIMARY_ONLY_APPS = {"sessions", "django_tasks_database", "operations"}


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints) -> str:
        if (
            read_from_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            # What a transaction reads, it reads where it writes.
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Model], **hints) -> str:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db != REPLICA  # the replica gets its schema by replication
