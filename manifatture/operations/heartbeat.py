"""The task worker's heartbeat: a thread beside `db_worker` that says every
WORKER_HEARTBEAT_SECONDS that the worker is alive, and queues again the tasks
of workers that stopped beating (see services.requeue_orphaned_tasks)."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def beat(self) -> None:
        services.beat(worker_id=self.worker_id, started_at=self.started_at)
        requeued = services.requeue_orphaned_tasks()
        if requeued:
            logger.warning("queued again %s task(s) left running by a dead worker", requeued)

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(float(settings.WORKER_HEARTBEAT_SECONDS)):
                close_old_connections()
                try:
                    self.beat()
                except Exception:
                    # The database may be away for a moment: beat again later.
                    logger.exception("heartbeat of worker %s failed", self.worker_id)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        try:
            services.forget_worker(worker_id=self.worker_id)
        except Exception:
            logger.exception("could not remove the heartbeat of worker %s", self.worker_id)
