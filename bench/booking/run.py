"""Booking benchmark: `make bench-booking`.

On a PostgreSQL database of its own (`manifatture_bench` on the server of
DATABASE_URL, by default 127.0.0.1:5432; or BENCH_DATABASE_URL), it seeds an
edition with 300 slots of 20 seats, 20 of them wanted by everyone, and
thousands of visitors, each logged in (a session row and its cookie). It runs
the app under gunicorn with production settings (DEBUG=0) and simulates 50,
200 and 400 concurrent visitors booking through the real booking page; then
the same load at 200 against a minimal view that only does the conditional
UPDATE and the INSERT through the ORM (the framework floor), and the same
transaction in raw SQL with pgbench (the database ceiling).

Each simulated visitor plans up to six visits (the per-visitor limit) in time
bands that don't overlap, half of them among the popular slots, books them one
after the other and then makes way for a new visitor. Every answer is checked
against the database afterwards: seats over capacity are counted from the
booking rows of each slot; a "lost" booking is a success answered without its
row, a "phantom" one a row never answered as a success.

Everything listens on 127.0.0.1 only, and each phase is bounded in time
(BENCH_SECONDS per level, default 15). The last lines are `key=value`.
"""

import asyncio
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bench.booking.world import (  # noqa: E402
    HOST,
    SEED,
    World,
    check,
    free_port,
    plan,
    reset_bookings,
    seed,
    start_server,
    stop_server,
)

SLOTS = 300
CAPACITY = 20
POPULAR = 20
VISITORS = int(os.environ.get("BENCH_VISITORS", "6000"))
LEVELS = [int(n) for n in os.environ.get("BENCH_LEVELS", "50,200,400").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
THINK_MS = float(os.environ.get("BENCH_THINK_MS", "0"))
# The paced run: visitors who take on average this long between two bookings
# (uniformly 0 to twice it), as people clicking through the programme do.
PACED_THINK_MS = float(os.environ.get("BENCH_PACED_THINK_MS", "1000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PGBENCH_CLIENTS = int(os.environ.get("BENCH_PGBENCH_CLIENTS", "16"))
# A new connection per request (the default) lets the kernel spread requests
# over gunicorn's workers; kept-alive connections stay with one worker.
KEEP_ALIVE = os.environ.get("BENCH_KEEP_ALIVE", "0") == "1"
CONNECTION = "" if KEEP_ALIVE else "Connection: close\r\n"


def say(message: str) -> None:
    print(f"# {message}", flush=True)


def bench_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/manifatture"
    parts = urlsplit(base)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit("bench-booking needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    return urlunsplit(parts._replace(path="/manifatture_bench"))


DATABASE_URL = bench_database_url()
ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x" * 40,
    "ALLOWED_HOSTS": HOST,
    "DATABASE_URL": DATABASE_URL,
    "CONN_MAX_AGE": "600",
    "DJANGO_SETTINGS_MODULE": "bench.booking.settings",
    "SECURE_SSL_REDIRECT": "0",
    "PYTHONPATH": str(ROOT),
}


# Database ------------------------------------------------------------------------------


def recreate_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    os.environ.update(ENVIRONMENT)
    import django

    django.setup()


# The load ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    visitor: int
    slot: int
    kind: str  # "ok", "refused" or "error"
    seconds: float


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def decisions(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind in {"ok", "refused"}]

    def successes(self) -> set[tuple[int, int]]:
        return {(o.visitor, o.slot) for o in self.outcomes if o.kind == "ok"}

    def percentile(self, p: float) -> float:
        times = sorted(o.seconds for o in self.outcomes)
        if not times:
            return 0.0
        return times[min(len(times) - 1, math.ceil(p / 100 * len(times)) - 1)] * 1000


async def _post(streams: list, port: int, path: str, body: bytes, cookie: str) -> tuple[int, str]:
    """One HTTP/1.1 POST on a kept-alive connection (opened when needed);
    returns the status and the Location header."""
    if streams[0] is None:
        streams[0] = await asyncio.open_connection(HOST, port)
    reader, writer = streams[0]
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nCookie: {cookie}\r\n"
            f"{CONNECTION}"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        + body
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    await reader.readexactly(int(headers.get("content-length", "0")))
    if headers.get("connection", "").lower() == "close":
        writer.close()
        streams[0] = None
    return status, headers.get("location", "")


def load(
    world: World,
    port: int,
    concurrency: int,
    *,
    floor: bool,
    seconds: float,
    think_ms: float = THINK_MS,
) -> Run:
    """`concurrency` visitors at once, each booking as soon as answered (or
    after `think_ms` on average), for `seconds`. One asyncio loop drives them
    all, so the load generator takes little of the machine it shares with the
    server."""
    pool = iter(world.visitors)
    results: list[list[Outcome]] = [[] for _ in range(concurrency)]

    async def client(index: int, stop_at: float) -> None:
        rng = random.Random(SEED + index)
        streams: list = [None]
        mine = results[index]
        while time.perf_counter() < stop_at:
            visitor = next(pool, None)
            if visitor is None:
                break
            cookie = f"sessionid={visitor.session}; csrftoken={visitor.csrf}"
            for slot in plan(world, rng):
                if time.perf_counter() >= stop_at:
                    break
                party = 1 if floor else rng.choice([1, 1, 2])
                path = f"/bench/floor/{slot}/" if floor else f"/prenotazioni/turni/{slot}/"
                body = urlencode({"csrfmiddlewaretoken": visitor.csrf, "party_size": party})
                started = time.perf_counter()
                try:
                    status, location = await _post(streams, port, path, body.encode(), cookie)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    if streams[0] is not None:
                        streams[0][1].close()
                    streams[0] = None
                    mine.append(Outcome(visitor.pk, slot, "error", time.perf_counter() - started))
                    continue
                elapsed = time.perf_counter() - started
                if floor:
                    kind = {200: "ok", 409: "refused"}.get(status, "error")
                elif status == 302 and location == "/prenotazioni/":
                    kind = "ok"
                elif status == 200:
                    kind = "refused"
                else:
                    kind = "error"
                mine.append(Outcome(visitor.pk, slot, kind, elapsed))
                if think_ms:
                    await asyncio.sleep(rng.uniform(0, 2 * think_ms) / 1000)
        if streams[0] is not None:
            streams[0][1].close()

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(client(i, start + seconds) for i in range(concurrency)))
        return time.perf_counter() - start

    run = Run(elapsed=asyncio.run(main()))
    for outcomes in results:
        run.outcomes.extend(outcomes)
    return run


def warm_up(world: World, port: int) -> None:
    """A few requests to each worker, so imports and connections are ready."""
    load(world, port, 8, floor=False, seconds=2)
    reset_bookings()
    load(world, port, 8, floor=True, seconds=1)


# pgbench --------------------------------------------------------------------------------------


def pgbench(world: World) -> float:
    from django.db import connection

    binary = shutil.which("pgbench")
    if binary is None:
        say("pgbench not found (install the PostgreSQL client package): pgbench_tps=0")
        return 0.0
    with connection.cursor() as cursor:
        # Room for every transaction to take a seat, so each one does both writes.
        cursor.execute(
            "UPDATE activities_timeslot SET capacity = 1000000, seats_taken = 0, "
            "group_seats = 0, group_seats_taken = 0"
        )
    parts = urlsplit(DATABASE_URL)
    env = {
        **os.environ,
        "PGHOST": parts.hostname or HOST,
        "PGPORT": str(parts.port or 5432),
        "PGUSER": parts.username or "postgres",
        "PGDATABASE": parts.path.lstrip("/"),
    }
    if parts.password:
        env["PGPASSWORD"] = parts.password
    command = [
        binary,
        "-n",
        "-f",
        str(HERE / "pgbench.sql"),
        "-c",
        str(PGBENCH_CLIENTS),
        "-j",
        "2",
        "-T",
        str(max(5, int(SECONDS))),
        "-D",
        f"min_slot={world.slot_range[0]}",
        "-D",
        f"max_slot={world.slot_range[1]}",
        "-D",
        f"min_user={world.user_range[0]}",
        "-D",
        f"max_user={world.user_range[1]}",
    ]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    return float(match.group(1)) if match else 0.0


# Main -------------------------------------------------------------------------------------------


def main() -> None:
    parts = urlsplit(DATABASE_URL)
    say(f"database {parts.hostname}:{parts.port or 5432}{parts.path}")
    recreate_database()
    setup_django()
    say(f"seeding {SLOTS} slots of {CAPACITY} seats ({POPULAR} popular), {VISITORS} visitors")
    world = seed(organisations=SLOTS // 3, capacity=CAPACITY, popular=POPULAR, visitors=VISITORS)
    port = free_port()
    say(f"gunicorn on {HOST}:{port}: {WORKERS} workers x {THREADS} threads, DEBUG=0")
    server = start_server(port, environment=ENVIRONMENT, workers=WORKERS, threads=THREADS)
    results: dict[str, float | int] = {}
    totals = {"seats_over_capacity": 0, "lost_bookings": 0, "phantom_bookings": 0}
    try:
        warm_up(world, port)
        for level in LEVELS:
            reset_bookings()
            run = load(world, port, level, floor=False, seconds=SECONDS)
            verdict = check(run.successes())
            rps = len(run.decisions) / run.elapsed
            errors = len(run.outcomes) - len(run.decisions)
            say(
                f"{level} visitors: {len(run.decisions)} decisions in {run.elapsed:.1f}s, "
                f"{len(run.successes())} booked, {verdict.rows} rows, "
                f"{verdict.queued_emails} confirmation e-mails queued, {errors} errors"
            )
            results[f"booking_rps_{level}"] = round(rps, 1)
            for p in (50, 95, 99):
                results[f"p{p}_ms_{level}"] = round(run.percentile(p), 1)
            results[f"http_errors_{level}"] = errors
            totals["seats_over_capacity"] += verdict.seats_over_capacity
            totals["lost_bookings"] += verdict.lost
            totals["phantom_bookings"] += verdict.phantom

        # The same 200 visitors at a person's pace: with no pause at all the
        # latency is only the queue in front of a saturated server (Little's law:
        # mean = visitors / throughput, whatever the code does).
        if PACED_THINK_MS and 200 in LEVELS:
            reset_bookings()
            run = load(world, port, 200, floor=False, seconds=SECONDS, think_ms=PACED_THINK_MS)
            verdict = check(run.successes())
            say(
                f"200 visitors pausing {PACED_THINK_MS:.0f} ms on average: "
                f"{len(run.decisions)} decisions in {run.elapsed:.1f}s, "
                f"over={verdict.seats_over_capacity} lost={verdict.lost} phantom={verdict.phantom}"
            )
            results["paced_rps_200"] = round(len(run.decisions) / run.elapsed, 1)
            for p in (50, 95, 99):
                results[f"paced_p{p}_ms_200"] = round(run.percentile(p), 1)
            totals["seats_over_capacity"] += verdict.seats_over_capacity
            totals["lost_bookings"] += verdict.lost
            totals["phantom_bookings"] += verdict.phantom

        reset_bookings()
        floor_level = 200 if 200 in LEVELS else LEVELS[0]
        run = load(world, port, floor_level, floor=True, seconds=SECONDS)
        verdict = check(run.successes())
        say(
            f"floor at {floor_level}: {len(run.decisions)} decisions in {run.elapsed:.1f}s, "
            f"over={verdict.seats_over_capacity} lost={verdict.lost} phantom={verdict.phantom}"
        )
        results[f"floor_rps_{floor_level}"] = round(len(run.decisions) / run.elapsed, 1)
        results[f"floor_p99_ms_{floor_level}"] = round(run.percentile(99), 1)
    finally:
        stop_server(server)

    reset_bookings()
    say(f"pgbench: {PGBENCH_CLIENTS} clients, the floor's transaction in SQL")
    results["pgbench_tps"] = round(pgbench(world), 1)
    booking = results.get("booking_rps_200", 0)
    floor_rps = results.get("floor_rps_200", 0)
    results["ratio_vs_floor"] = round(booking / floor_rps, 3) if floor_rps else 0
    results["ratio_vs_pgbench"] = (
        round(booking / results["pgbench_tps"], 3) if results["pgbench_tps"] else 0
    )
    results.update(totals)

    final = [
        "booking_rps_200",
        "floor_rps_200",
        "ratio_vs_floor",
        "pgbench_tps",
        "p99_ms_200",
        "seats_over_capacity",
        "lost_bookings",
        "phantom_bookings",
    ]
    for key, value in results.items():
        if key not in final:
            print(f"{key}={value}")
    for key in final:
        print(f"{key}={results.get(key, 0)}")


if __name__ == "__main__":
    main()
