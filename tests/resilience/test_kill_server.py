"""kill -9 in the middle of a booking rush: gunicorn's master and every worker
die at once while visitors are booking; it starts again and the rush goes on.
Afterwards, from the database: every booking answered as confirmed has its row
(0 lost), no slot holds more seats than its capacity (counted from the rows),
each slot's counter equals its rows, every confirmed booking has its
confirmation e-mail queued, and a row nobody was told about belongs to a
request whose answer the crash swallowed (never to one answered "full").

The server is the production configuration (DEBUG=0, gunicorn, the booking
benchmark's settings for plain HTTP) on PostgreSQL, the test database itself;
the world is the benchmark's (bench/booking/world.py), smaller."""

import http.client
import os
import random
import signal
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.conf import settings

from bench.booking.world import (
    HOST,
    ROOT,
    SEED,
    World,
    check,
    free_port,
    plan,
    seed,
    start_server,
    stop_server,
)
from manifatture.bookings.models import Booking
from tests.database import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

CLIENTS = 16  # visitors booking at once
BEFORE_KILL_SECONDS = 3.0
AFTER_RESTART_SECONDS = 3.0


@dataclass
class Answer:
    visitor: int
    slot: int
    kind: str  # "booked", "refused" or "lost" (no answer: connection failed)
    after_restart: bool


def environment() -> dict[str, str]:
    return {
        "DEBUG": "0",
        # The sessions were signed in this process: the server must share its key.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": "bench.booking.settings",
        "TASKS_BACKEND": "manifatture.operations.queue.DatabaseBackend",
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONPATH": str(ROOT),
    }


def book(port: int, visitor, slot: int, party: int) -> str:
    body = urlencode({"csrfmiddlewaretoken": visitor.csrf, "party_size": party})
    conn = http.client.HTTPConnection(HOST, port, timeout=20)
    try:
        conn.request(
            "POST",
            f"/prenotazioni/turni/{slot}/",
            body=body,
            headers={
                "Cookie": f"sessionid={visitor.session}; csrftoken={visitor.csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Connection": "close",
            },
        )
        response = conn.getresponse()
        response.read()
    except (OSError, http.client.HTTPException):
        return "lost"
    finally:
        conn.close()
    location = response.getheader("Location") or ""
    # Booked: to my bookings, the new one named (bookings.views._to_new_booking).
    if response.status == 302 and location.startswith("/prenotazioni/?prenotata="):
        return "booked"
    # Refused (full, or a rule of the visitor's): back to the slot's booking page,
    # told why there (bookings.views._refused), or the form shown again as sent.
    if response.status == 302 and location.startswith(f"/prenotazioni/turni/{slot}/?"):
        return "refused"
    if response.status == 200:
        return "refused"
    raise AssertionError(f"unexpected answer {response.status} for slot {slot}")


class Rush:
    """CLIENTS threads, each a visitor after another booking their plan. When
    the server does not answer, a visitor waits for it to be back."""

    def __init__(self, world: World, port: int) -> None:
        self.world, self.port = world, port
        self.pool = iter(world.visitors)
        self.lock = threading.Lock()
        self.up = threading.Event()
        self.stop = threading.Event()
        self.restarted = False
        self.answers: list[Answer] = []
        self.failures: list[BaseException] = []
        self.threads = [threading.Thread(target=self.client, args=(i,)) for i in range(CLIENTS)]

    def client(self, index: int) -> None:
        rng = random.Random(SEED + index)
        try:
            while not self.stop.is_set():
                with self.lock:
                    visitor = next(self.pool, None)
                if visitor is None:
                    return
                for slot in plan(self.world, rng):
                    if self.stop.is_set():
                        return
                    self.up.wait(60)
                    restarted = self.restarted
                    kind = book(self.port, visitor, slot, rng.choice([1, 1, 2]))
                    with self.lock:
                        self.answers.append(Answer(visitor.pk, slot, kind, restarted))
                    if kind == "lost":
                        time.sleep(0.05)
        except BaseException as error:  # surfaced by the test
            self.failures.append(error)

    def count(self, kind: str, *, after_restart: bool | None = None) -> int:
        return sum(
            1
            for a in self.answers
            if a.kind == kind and (after_restart is None or a.after_restart == after_restart)
        )


def kill_9(server) -> None:
    """SIGKILL to gunicorn's whole process group (master and workers), then
    wait until not one of them is left."""
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError("gunicorn workers survived SIGKILL")


def test_kill_9_mid_rush_loses_no_booking_and_overbooks_no_seat(capsys):
    started = time.monotonic()
    # Seats enough to last past the kill at today's speed, the popular ones soon full.
    world = seed(organisations=20, capacity=20, popular=12, visitors=400)
    seeded = time.monotonic()
    port = free_port()
    server = start_server(port, environment=environment(), workers=2, threads=4)
    first_start = time.monotonic() - seeded
    rush = Rush(world, port)
    try:
        rush.up.set()
        for thread in rush.threads:
            thread.start()
        time.sleep(BEFORE_KILL_SECONDS)
        rush.up.clear()  # visitors who get no answer wait for the server
        kill_9(server)
        booked_before_kill = rush.count("booked")
        restarting = time.monotonic()
        server = start_server(port, environment=environment(), workers=2, threads=4)
        restart = time.monotonic() - restarting
        rush.restarted = True
        rush.up.set()
        time.sleep(AFTER_RESTART_SECONDS)
    finally:
        rush.stop.set()
        rush.up.set()
        for thread in rush.threads:
            thread.join(timeout=60)
        stop_server(server)

    assert rush.failures == []
    successes = {(a.visitor, a.slot) for a in rush.answers if a.kind == "booked"}
    unanswered = {(a.visitor, a.slot) for a in rush.answers if a.kind == "lost"}
    verdict = check(successes)
    rows = set(
        Booking.objects.filter(status=Booking.Status.CONFIRMED).values_list("visitor_id", "slot_id")
    )
    committed_unanswered = rows - successes
    with capsys.disabled():  # the figures show in CI's log
        print(
            f"\nkill -9 mid-rush: requests={len(rush.answers)} booked={len(successes)} "
            f"(before kill {booked_before_kill}, after restart "
            f"{rush.count('booked', after_restart=True)}) refused={rush.count('refused')} "
            f"unanswered={len(unanswered)} (committed anyway {len(committed_unanswered)}) "
            f"rows={verdict.rows} lost={verdict.lost} over_capacity={verdict.seats_over_capacity} "
            f"counters_off={verdict.counters_off} without_email={verdict.unconfirmed} "
            f"seconds={time.monotonic() - started:.1f} (seeding {seeded - started:.1f}, "
            f"start {first_start:.1f}, restart {restart:.1f})"
        )
    # The crash happened mid-rush: bookings before it, after it, and answers it swallowed.
    assert booked_before_kill > 0
    assert rush.count("booked", after_restart=True) > 0
    assert rush.count("refused") > 0  # slots filled up: the capacity rule was exercised
    assert unanswered
    assert verdict.lost == 0
    assert verdict.seats_over_capacity == 0
    assert verdict.counters_off == 0
    assert verdict.unconfirmed == 0
    assert committed_unanswered <= unanswered
