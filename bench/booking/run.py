"""Booking benchmark: `make bench-booking`.

On a PostgreSQL database of its own (`manifatture_bench` on the server of
DATABASE_URL, by default 127.0.0.1:5432; or BENCH_DATABASE_URL), it seeds an
edition with 300 slots of 20 seats, 20 of them wanted by everyone, and
thousands of visitors, each logged in (a session row and its cookie). It runs
the app under gunicorn with production settings (DEBUG=0) and the task worker
that sends the confirmation e-mails (over SMTP to a local sink), and measures
with one load generator (bench/booking/rush.py), pinned to a core the server
does not use:

1. a closed loop of 200 visitors booking as fast as answered, on our booking
   page and on the framework floor (a view doing only the conditional UPDATE
   and the INSERT): saturation throughput, their ratio, the server's CPU per
   booking decision (gunicorn's processes plus the task worker's e-mails,
   from /proc) and the SQL queries per request (a bench-only middleware),
   ours and the floor in turns (three rounds each);
2. open-loop arrivals (visitors arrive at a set rate whatever the server
   answers, logged in before, book up to their limit pausing between steps):
   the highest rate held with p99 < 500 ms and no error, ours and the
   floor's (a doubling search, then a bisection; the two searches' steps in
   turns);
3. the floor's transaction in raw SQL with pgbench (the database ceiling);
4. pretix from PyPI (bench/booking/pretix_side.py) with the same 300 slots as
   sub-events with quotas, the same generator through its own visitor pages.

Each simulated visitor plans up to six visits (the per-visitor limit) in time
bands that don't overlap, half of them among the popular slots, books them one
after the other and then makes way for a new visitor. Every answer is checked
against the database afterwards: seats over capacity are counted from the
booking rows of each slot; a "lost" booking is a success answered without its
row, a "phantom" one a row never answered as a success. pretix's orders are
counted against its quotas the same way.

Everything listens on 127.0.0.1 only, and each phase is bounded in time. The
last lines are `key=value`; README.md ("Benchmarks") says how to read them.
"""

import asyncio
import contextlib
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bench.booking import cpu, pretix_side, rush  # noqa: E402
from bench.booking.world import (  # noqa: E402
    HOST,
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
BOOKINGS_PER_VISITOR = 6
VISITORS = int(os.environ.get("BENCH_VISITORS", "6000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
# The closed loop of ours and of the floor in turns, SECONDS in all each: on a
# shared machine whose speed drifts, the two are measured seconds apart.
CLOSED_ROUNDS = int(os.environ.get("BENCH_CLOSED_ROUNDS", "3"))
CLOSED_VISITORS = int(os.environ.get("BENCH_CLOSED_VISITORS", "200"))
# Open loop: each step of the search lets visitors arrive for STEP_SECONDS;
# a visitor pauses 0 to twice PAUSE_MS between two bookings.
STEP_SECONDS = float(os.environ.get("BENCH_STEP_SECONDS", "8"))
PAUSE_MS = float(os.environ.get("BENCH_PAUSE_MS", "500"))
START_RATE = float(os.environ.get("BENCH_START_RATE", "25"))
# The search stops when the highest rate held and the lowest not held are within
# this share of each other: both capacities, and so their ratio, are known to it.
SEARCH_PRECISION = float(os.environ.get("BENCH_SEARCH_PRECISION", "0.05"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PGBENCH_CLIENTS = int(os.environ.get("BENCH_PGBENCH_CLIENTS", "16"))
PRETIX = os.environ.get("BENCH_PRETIX", "1") == "1"
PRETIX_VISITORS = int(os.environ.get("BENCH_PRETIX_VISITORS", "12"))
PRETIX_SECONDS = float(os.environ.get("BENCH_PRETIX_SECONDS", "30"))
# The worker's CPU per e-mail is read over the e-mails it sent by then.
# A/B in the same run: our booking and the floor again under other server
# settings, "WORKERSxTHREADS", optionally "+SESSION_ENGINE" (db, cached_db; with
# "+db-nocache" the sessions in the database and no shared cache at all), and
# optionally "@REV": the app as it was at that git revision (an export of it
# under var/bench/, served by the same virtual environment on the same data;
# comma-separated). E.g. "3x4@HEAD~2,6x1".
AB = [c for c in os.environ.get("BENCH_AB", "6x1,3x4+db-nocache").split(",") if c]
# The shared cache of production (deploy/: REDIS_URL), on a Redis database of
# the bench's own; empty for none (each process its own memory cache).
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")
DRAIN_SECONDS = float(os.environ.get("BENCH_DRAIN_SECONDS", "240"))
TOTALS = {"seats_over_capacity": 0, "lost_bookings": 0, "phantom_bookings": 0}


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
    "CACHE_URL": CACHE_URL,
    "REDIS_URL": "",
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


def our_journey(world: World, *, floor: bool, pause_ms: float):
    """A visitor of ours: logged in before the opening (a session row and its
    cookie), books the slots of their plan one after the other through the
    booking page (the floor: its view), pausing between steps. The `messages`
    cookie a booking sets is not kept: the page the redirect leads to would
    show it and clear it, and the bench does not fetch that page."""

    async def run(client: rush.Client, n: int, rng: random.Random) -> None:
        visitor = world.visitors[n % len(world.visitors)]
        for index, slot in enumerate(plan(world, rng)):
            if index and pause_ms:
                await asyncio.sleep(rng.uniform(0, 2 * pause_ms) / 1000)
            if client.stopping:
                break
            client.cookies = {"sessionid": visitor.session, "csrftoken": visitor.csrf}
            party = 1 if floor else rng.choice([1, 1, 2])
            path = f"/bench/floor/{slot}/" if floor else f"/prenotazioni/turni/{slot}/"
            body = urlencode({"csrfmiddlewaretoken": visitor.csrf, "party_size": party}).encode()
            started = time.perf_counter()
            try:
                answer = await client.request("POST", path, body)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                seconds = time.perf_counter() - started
                client.record("book", "error", seconds)
                client.journey("error", seconds)
                continue
            if floor:
                kind = {200: "ok", 409: "refused"}.get(answer.status, "error")
            elif answer.status == 302 and (
                # My bookings, the new one named (?prenotata=); plain in older revisions.
                answer.headers.get("location", "").split("?prenotata=")[0] == "/prenotazioni/"
            ):
                kind = "ok"
            elif answer.status == 200 or (
                # A refusal sends the visitor back to the booking page, told why.
                answer.status == 302 and answer.headers.get("location", "").startswith(path + "?")
            ):
                kind = "refused"
            else:
                kind = "error"
            queries = answer.headers.get("x-bench-queries")
            client.record(
                "book", kind, answer.seconds, int(queries) if queries else None, answer.status
            )
            client.journey(kind, answer.seconds)
            if kind == "ok":
                client.result.successes.add((visitor.pk, slot))

    return run


def warm_up(world: World, port: int) -> None:
    """A few requests to each worker, so imports and connections are ready."""
    rush.closed_loop(port, 8, 2, our_journey(world, floor=False, pause_ms=0))
    reset_bookings()
    rush.closed_loop(port, 8, 1, our_journey(world, floor=True, pause_ms=0))
    reset_bookings()


def open_loop_search(world: World, port: int) -> dict[str, tuple[float, float]]:
    """For ours and the floor, the highest offered rate of booking requests held
    with p99 < 500 ms and no error (rush.paired_capacity_search: their steps in
    turns), each step on emptied slots. Returns each one's rate and the
    decisions per second achieved at it."""

    def measure(floor: bool):
        def at(rate: float) -> rush.Result:
            reset_bookings()
            result = rush.open_loop(
                port,
                rate,
                STEP_SECONDS,
                our_journey(world, floor=floor, pause_ms=PAUSE_MS),
                visitors_per_second=rate / BOOKINGS_PER_VISITOR,
            )
            tally(check(result.successes))
            return result

        return at

    say(
        "open-loop arrivals, the highest rate held with p99 < 500 ms and no error "
        "(ours and the floor in turns)"
    )
    found = rush.paired_capacity_search(
        {"ours": measure(False), "floor": measure(True)},
        start=START_RATE,
        limit=2000,
        say=say,
        precision=SEARCH_PRECISION,
        max_steps=10,
    )
    return {
        label: (rate, len(run.decisions()) / run.window if run else 0.0)
        for label, (rate, run) in found.items()
    }


def drain_worker(timeout: float) -> bool:
    """Wait for the task worker to send every queued e-mail (bounded)."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')"
            )
            if cursor.fetchone()[0] == 0:
                return True
        time.sleep(0.5)
    return False


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
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        say(f"pgbench failed: {done.stderr.strip()[-400:]}: pgbench_tps=0")
        return 0.0
    output = done.stdout
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    return float(match.group(1)) if match else 0.0


# Main -------------------------------------------------------------------------------------------


def tally(verdict) -> None:
    TOTALS["seats_over_capacity"] += verdict.seats_over_capacity
    TOTALS["lost_bookings"] += verdict.lost
    TOTALS["phantom_bookings"] += verdict.phantom


class Sink:
    """The local SMTP sink (bench/booking/smtp_sink.py) on the generator's core."""

    def __init__(self) -> None:
        self.port = free_port()
        self.count_file = ROOT / "var" / "bench" / f"smtp-sink-{os.getpid()}.count"
        self.count_file.parent.mkdir(parents=True, exist_ok=True)
        self.count_file.write_text("0")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "smtp_sink.py"),
                str(self.port),
                str(self.count_file),
                str(rush.GENERATOR_CORE),
            ]
        )
        time.sleep(0.5)

    def received(self) -> int:
        try:
            return int(self.count_file.read_text() or 0)
        except (OSError, ValueError):
            return 0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.count_file.unlink(missing_ok=True)


def start_worker(environment: dict[str, str]) -> subprocess.Popen:
    """The task worker that sends the confirmation e-mails, on the server's core,
    taking only the time the web workers leave, as deploy/systemd runs it: the
    e-mails go out as the rush eases. Its own session is its own scheduling group
    (Linux's autogroups: each session's processes share the CPU equally with
    another session's, whatever their nice values or policy), so the group too
    is given the least weight. With neither, it took a third of the web's core."""
    process = subprocess.Popen(
        [
            "chrt",
            "--idle",
            "0",
            *rush.server_prefix(),
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "default",
            "--interval",
            "0.5",
            "--no-startup-delay",
        ],
        env={**os.environ, **environment},
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=(ROOT / "var" / "bench" / "db_worker.log").open("w"),
    )
    with contextlib.suppress(OSError):  # a kernel without autogroups
        Path(f"/proc/{process.pid}/autogroup").write_text("19")
    return process


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


class Rounds:
    """A closed loop measured in rounds: their runs, server CPU and decisions."""

    def __init__(self) -> None:
        self.runs: list[rush.Result] = []
        self.web = 0.0

    def add(self, run: rush.Result, web: float) -> None:
        self.runs.append(run)
        self.web += web

    @property
    def decisions(self) -> int:
        return sum(len(run.decisions()) for run in self.runs)

    def rate(self, kind: str | None = None) -> float:
        window = sum(run.window for run in self.runs)
        return sum(run.rate(kind) * run.window for run in self.runs) / window if window else 0.0

    @property
    def all(self) -> rush.Result:
        """Every round's requests as one result (for percentiles and counts)."""
        return rush.Result(steps=[step for run in self.runs for step in run.steps])

    @property
    def web_ms(self) -> float:
        return self.web * 1000 / self.decisions if self.decisions else 0.0


def closed_round(world, port, server, rounds: Rounds, *, floor: bool):
    """One round of the closed loop on emptied slots, added to `rounds`, each
    answer checked against the rows; returns its run and the check."""
    reset_bookings()
    web0 = cpu.tree_cpu(server.pid)
    run = rush.closed_loop(
        port, CLOSED_VISITORS, SECONDS / CLOSED_ROUNDS, our_journey(world, floor=floor, pause_ms=0)
    )
    rounds.add(run, cpu.tree_cpu(server.pid) - web0)
    verdict = check(run.successes)
    tally(verdict)
    return run, verdict


def measure_closed(world, port, server, worker, sink, results) -> None:
    """Closed loop, ours and the floor in turns (CLOSED_ROUNDS each, SECONDS in
    all each): throughput, latency, CPU, queries. After our last round, the
    task worker sends that round's e-mails on its own, and their CPU is read."""
    ours, floor = Rounds(), Rounds()
    for index in range(CLOSED_ROUNDS):
        drain_worker(30)
        run, verdict = closed_round(world, port, server, ours, floor=False)
        say(
            f"ours, {CLOSED_VISITORS} visitors, round {index + 1}: {len(run.decisions())} "
            f"decisions in {run.elapsed:.1f}s, {len(run.successes)} booked, {verdict.rows} rows, "
            f"{verdict.queued_emails} e-mails queued, {run.errors} errors "
            f"({run.error_statuses() or 'none'})"
        )
        if index == CLOSED_ROUNDS - 1:
            measure_emails(worker, sink, booked=len(run.successes), results=results)
        run, verdict = closed_round(world, port, server, floor, floor=True)
        say(
            f"floor, {CLOSED_VISITORS} visitors, round {index + 1}: {len(run.decisions())} "
            f"decisions in {run.elapsed:.1f}s, over={verdict.seats_over_capacity} "
            f"lost={verdict.lost} phantom={verdict.phantom}"
        )
    everything = ours.all
    booked = sum(len(run.successes) for run in ours.runs)
    email_ms = results["email_cpu_ms_per_email"]
    total_ms = ours.web * 1000 + email_ms * booked
    results[f"booking_rps_{CLOSED_VISITORS}"] = round(ours.rate(), 1)
    results[f"booked_rps_{CLOSED_VISITORS}"] = round(ours.rate("ok"), 1)
    for p in (50, 95, 99):
        results[f"p{p}_ms_{CLOSED_VISITORS}"] = round(everything.percentile(p), 1)
    results["http_errors"] = everything.errors
    results["web_cpu_ms_per_booking"] = round(ours.web_ms, 2)
    decisions = ours.decisions
    results["cpu_ms_per_booking"] = round(total_ms / decisions, 2) if decisions else 0
    results["cpu_ms_per_confirmed_booking"] = round(total_ms / booked, 2) if booked else 0
    results["queries_per_booking"] = round(everything.mean_queries("ok"), 1)
    results["queries_per_refusal"] = round(everything.mean_queries("refused"), 1)
    results[f"floor_rps_{CLOSED_VISITORS}"] = round(floor.rate(), 1)
    results[f"floor_p99_ms_{CLOSED_VISITORS}"] = round(floor.all.percentile(99), 1)
    results["floor_cpu_ms_per_booking"] = round(floor.web_ms, 2)
    results["floor_queries_per_booking"] = round(floor.all.mean_queries("ok"), 1)


def measure_emails(worker, sink, *, booked: int, results: dict) -> None:
    """The e-mails of the round just run: the worker runs on what the web
    leaves, in the rush in slices cut short whenever a request comes, which
    cost it more CPU than the e-mails need; what an e-mail costs is read while
    it drains its queue on its own."""
    worker0, mails0 = cpu.tree_cpu(worker.pid), sink.received()
    drained = drain_worker(DRAIN_SECONDS)
    drain_cpu, mails = cpu.tree_cpu(worker.pid) - worker0, sink.received() - mails0
    say(
        f"task worker: {mails} e-mails of the {booked} bookings of the round sent after it "
        f"in {drain_cpu:.1f} s of CPU"
        + ("" if drained else f" (not all sent within {DRAIN_SECONDS:.0f}s)")
    )
    results["email_cpu_ms_per_email"] = round(drain_cpu * 1000 / mails, 2) if mails else 0.0
    results["emails_sent"] = mails


def measure_pretix(world: World, sink: Sink, results: dict) -> None:
    """pretix with the same slots, the same generator, the same e-mail sink."""
    from manifatture.activities.models import TimeSlot

    by_pk = {
        slot.pk: slot
        for slot in TimeSlot.objects.filter(pk__in=world.slots).only(
            "starts_at", "ends_at", "capacity"
        )
    }
    slots = [
        {
            "starts_at": by_pk[pk].starts_at.isoformat(),
            "ends_at": by_pk[pk].ends_at.isoformat(),
            "capacity": by_pk[pk].capacity,
        }
        for pk in world.slots
    ]
    port = free_port()
    started = time.monotonic()
    pretix = pretix_side.prepare(DATABASE_URL, port=port, smtp_port=sink.port, say=say)
    setup = pretix_side.setup_event(pretix, slots)
    say(
        f"pretix ready in {time.monotonic() - started:.0f}s: organizer {setup['organizer']}, "
        f"{len(setup['subevents'])} sub-events with quotas of {CAPACITY}, one free product"
    )
    subevent_of = dict(zip(world.slots, setup["subevents"], strict=True))

    def plan_subevents(rng):
        return [subevent_of[slot] for slot in plan(world, rng)]

    pretix_side.flush_redis()
    server = pretix_side.start(pretix, port, workers=WORKERS, threads=THREADS)
    successes: set = set()
    try:
        warm = rush.closed_loop(
            port, 4, 3, pretix_side.journey(setup, plan_subevents, pause_ms=0, first=900_000)
        )
        successes |= warm.successes
        web0, mails0 = cpu.tree_cpu(server.pid), sink.received()
        run = rush.closed_loop(
            port,
            PRETIX_VISITORS,
            PRETIX_SECONDS,
            pretix_side.journey(setup, plan_subevents, pause_ms=0),
        )
        web = cpu.tree_cpu(server.pid) - web0
        mails = sink.received() - mails0
        successes |= run.successes
    finally:
        stop_server(server)
    counted = pretix_side.count(pretix, setup["organizer"])
    rows = {(email, subevent) for email, subevent in counted["orders"]}
    completed = sum(1 for j in run.journeys if j.kind == "ok")
    say(
        f"pretix, {PRETIX_VISITORS} visitors: {completed} orders completed, "
        f"{sum(1 for j in run.journeys if j.kind == 'refused')} refused (sold out) in "
        f"{run.elapsed:.1f}s over {len(run.steps)} requests, {run.errors} errors, "
        f"{mails} e-mails sent in the requests; {counted['positions']} order positions"
    )
    results["pretix_rps"] = round(run.rate("ok"), 2)
    results["pretix_p99_ms_per_booking"] = round(run.journey_percentile(99), 1)
    results["pretix_request_p99_ms"] = round(run.percentile(99), 1)
    results["pretix_requests_per_booking"] = (
        round(len(run.steps) / len(run.journeys), 1) if run.journeys else 0
    )
    results["pretix_cpu_ms_per_booking"] = round(web * 1000 / completed, 1) if completed else 0
    results["pretix_errors"] = run.errors
    results["pretix_emails_sent"] = mails
    results["pretix_seats_over_quota"] = counted["seats_over_quota"]
    results["pretix_lost_bookings"] = len(successes - rows)
    results["pretix_phantom_bookings"] = len(rows - successes)


def measure_ab(world: World, environment: dict[str, str], results: dict) -> None:
    """Each A/B configuration: a server of its own, our booking and the floor in
    a closed loop, their rates and CPU beside the main run's (3 x 4, db sessions)."""
    for config in AB:
        try:
            measure_one_ab(world, environment, config, results)
        except (OSError, RuntimeError, ValueError, KeyError) as error:  # an optional phase
            say(f"A/B {config} not measured: {error!r}")


def export_revision(revision: str) -> Path:
    """The project's files at a git revision, exported once under var/bench/
    (git archive: no checkout, no change to the repository)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short=12", revision],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = ROOT / "var" / "bench" / f"rev-{sha}"
    if not (target / "manage.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", sha], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def measure_one_ab(world: World, environment: dict[str, str], config: str, results: dict) -> None:
    setup, _, revision = config.partition("@")
    shape, _, engine = setup.partition("+")
    workers, threads = (int(n) for n in shape.split("x"))
    env = dict(environment)
    if engine == "db-nocache":
        env["CACHE_URL"] = ""
        engine = "db"
    if engine:
        env["BENCH_SESSION_ENGINE"] = f"django.contrib.sessions.backends.{engine}"
    else:
        # As the main run, whatever the revision's bench settings chose by default.
        from django.conf import settings

        env["BENCH_SESSION_ENGINE"] = settings.SESSION_ENGINE
    root = ROOT
    if revision:
        root = export_revision(revision)
        env["PYTHONPATH"] = str(root)
    port = free_port()
    server = start_server(
        port,
        environment=env,
        workers=workers,
        threads=threads,
        prefix=tuple(rush.server_prefix()),
        root=root,
    )
    label = re.sub(r"[^a-z0-9]+", "_", config.lower())
    try:
        warm_up(world, port)
        for floor in (False, True):
            reset_bookings()
            web0 = cpu.tree_cpu(server.pid)
            run = rush.closed_loop(
                port, CLOSED_VISITORS, SECONDS, our_journey(world, floor=floor, pause_ms=0)
            )
            web = cpu.tree_cpu(server.pid) - web0
            tally(check(run.successes))
            name = f"ab_{label}_{'floor' if floor else 'booking'}"
            decisions = len(run.decisions())
            results[f"{name}_rps"] = round(run.rate(), 1)
            results[f"{name}_cpu_ms"] = round(web * 1000 / decisions, 2) if decisions else 0
        booking, floor_rps = results[f"ab_{label}_booking_rps"], results[f"ab_{label}_floor_rps"]
        results[f"ab_{label}_ratio_vs_floor"] = round(booking / floor_rps, 3) if floor_rps else 0
        say(
            f"A/B {config}: booking {booking}/s, floor {floor_rps}/s, "
            f"ratio {results[f'ab_{label}_ratio_vs_floor']}"
        )
    finally:
        stop_server(server)


def main() -> None:
    parts = urlsplit(DATABASE_URL)
    began = time.monotonic()
    say(f"database {parts.hostname}:{parts.port or 5432}{parts.path}")
    recreate_database()
    setup_django()
    if CACHE_URL:
        from django.core.cache import cache

        cache.clear()  # the bench's own Redis database: sessions and counters of a past run
    say(f"seeding {SLOTS} slots of {CAPACITY} seats ({POPULAR} popular), {VISITORS} visitors")
    world = seed(organisations=SLOTS // 3, capacity=CAPACITY, popular=POPULAR, visitors=VISITORS)
    say(rush.pin_to_generator_core())
    say(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (uptime)"
    )
    sink = Sink()
    environment = {
        **ENVIRONMENT,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(sink.port),
    }
    port = free_port()
    say(f"gunicorn on {HOST}:{port}: {WORKERS} workers x {THREADS} threads, DEBUG=0")
    server = start_server(
        port,
        environment=environment,
        workers=WORKERS,
        threads=THREADS,
        prefix=tuple(rush.server_prefix()),
    )
    worker = start_worker(environment)
    results: dict[str, float | int] = {}
    try:
        warm_up(world, port)
        measure_closed(world, port, server, worker, sink, results)
        found = open_loop_search(world, port)
        results["capacity_rps_p99_500"] = round(found["ours"][0], 1)
        results["capacity_decisions_per_s"] = round(found["ours"][1], 1)
        results["floor_capacity_rps_p99_500"] = round(found["floor"][0], 1)
    finally:
        stop_process(worker)
        stop_server(server)
    measure_ab(world, environment, results)

    reset_bookings()
    say(f"pgbench: {PGBENCH_CLIENTS} clients, the floor's transaction in SQL")
    results["pgbench_tps"] = round(pgbench(world), 1)

    if PRETIX:
        try:
            measure_pretix(world, sink, results)
        except pretix_side.Unavailable as error:
            say(f"pretix not measured: {error}")
    sink.stop()

    booking = results.get(f"booking_rps_{CLOSED_VISITORS}", 0)
    floor_rps = results.get(f"floor_rps_{CLOSED_VISITORS}", 0)
    results["ratio_vs_floor"] = round(booking / floor_rps, 3) if floor_rps else 0
    floor_capacity = results.get("floor_capacity_rps_p99_500", 0)
    results["capacity_ratio_vs_floor"] = (
        round(results["capacity_rps_p99_500"] / floor_capacity, 3) if floor_capacity else 0
    )
    results["ratio_vs_pgbench"] = (
        round(booking / results["pgbench_tps"], 3) if results["pgbench_tps"] else 0
    )
    # Bookings per second of server CPU, ours over pretix's: each side's CPU
    # per completed booking, the confirmation e-mail included on both.
    ours_cpu = results.get("cpu_ms_per_confirmed_booking", 0)
    pretix_cpu = results.get("pretix_cpu_ms_per_booking", 0)
    results["ratio_vs_pretix"] = round(pretix_cpu / ours_cpu, 1) if ours_cpu and pretix_cpu else 0
    pretix_rps = results.get("pretix_rps", 0)
    results["ratio_vs_pretix_rps"] = (
        round(results.get(f"booked_rps_{CLOSED_VISITORS}", 0) / pretix_rps, 1) if pretix_rps else 0
    )
    results.update(TOTALS)
    results["bench_seconds"] = round(time.monotonic() - began)
    load = os.getloadavg()
    results["load_average_1m"] = round(load[0], 2)

    final = [
        "booking_rps_200",
        "floor_rps_200",
        "ratio_vs_floor",
        "capacity_rps_p99_500",
        "floor_capacity_rps_p99_500",
        "cpu_ms_per_booking",
        "pretix_rps",
        "pretix_cpu_ms_per_booking",
        "ratio_vs_pretix",
        "pretix_seats_over_quota",
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
