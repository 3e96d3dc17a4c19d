"""The booking world shared by the booking benchmark (`make bench-booking`)
and the resilience test that kills the server mid-rush
(tests/resilience/test_kill_server.py): an edition open for registration with
slots in one-hour bands, visitors each logged in (a session row and its
cookie), gunicorn with production settings, and the check of every answer
against the booking rows.

Call `seed` and `check` with Django set up on the database the server uses."""

import datetime
import http.client
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SEED = 20191129


@dataclass
class Visitor:
    pk: int
    session: str
    csrf: str


@dataclass
class World:
    slots: list[int]
    popular: set[int]
    bands: dict[int, list[int]]  # band -> slot ids
    popular_by_band: dict[int, int]
    activity_of: dict[int, int]  # slot id -> activity id
    visitors: list[Visitor]
    user_range: tuple[int, int]
    slot_range: tuple[int, int]


def _cache_sessions(sessions, *, expiry_seconds: int) -> None:
    """Where sessions live in the cache too (cached_db, as deployed), put them
    there as a login does: each visitor's first request finds it, as in the
    morning's rush after logging in (else the first phase measured would read
    every session from the database, and the phases after it would not)."""
    from django.conf import settings
    from django.contrib.sessions.backends.cached_db import SessionStore as CachedStore
    from django.core.cache import caches

    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.cached_db":
        return
    cache = caches[settings.SESSION_CACHE_ALIAS]
    entries = {}
    for session in sessions:
        store = CachedStore(session_key=session.session_key)
        entries[store.cache_key] = store.decode(session.session_data)
    cache.set_many(entries, timeout=expiry_seconds)


def seed(
    *,
    organisations: int = 100,
    capacity: int = 20,
    popular: int = 20,
    visitors: int = 6000,
    rng_seed: int = SEED,
) -> World:
    """An edition open for registration, `organisations` activities with three
    one-hour slots of `capacity` seats each (in 24 bands over the two event
    days), one slot per band among the first `popular` bands chosen as the one
    everyone wants, and `visitors` verified visitors, each with a session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from manifatture.accounts.models import User
    from manifatture.activities.models import Activity, TimeSlot
    from manifatture.directory.models import Comune, Organisation, Site
    from manifatture.editions.models import Edition
    from manifatture.participations.models import ActivityKind

    call_command("migrate", verbosity=0)
    rng = random.Random(rng_seed)
    now = timezone.now()
    event = (now + datetime.timedelta(days=7)).date()
    edition = Edition.objects.create(
        year=2099,
        title="Manifatture Aperte – benchmark",
        is_current=True,
        event_start=event,
        event_end=event + datetime.timedelta(days=1),
        host_call_opens=now - datetime.timedelta(days=60),
        host_call_closes=now - datetime.timedelta(days=40),
        review_closes=now - datetime.timedelta(days=20),
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=6),
        hub_name="BASE Milano",
    )
    milano, _ = Comune.objects.get_or_create(
        istat_code="015146", defaults={"name": "Milano", "province": "MI", "region": "Lombardia"}
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Officina {n}", slug=f"officina-{n}", category=Organisation.Category.WORKSHOP
        )
        for n in range(organisations)
    )
    sites = Site.objects.bulk_create(
        Site(
            organisation=organisation,
            name="Sede",
            address=f"Via Esempio {n}",
            comune=milano,
            # Within about 3 km of the Duomo.
            latitude=Decimal("45.4642") + Decimal(rng.randint(-250, 250)) / 10000,
            longitude=Decimal("9.1900") + Decimal(rng.randint(-350, 350)) / 10000,
        )
        for n, organisation in enumerate(organisations)
    )
    activities = Activity.objects.bulk_create(
        Activity(
            edition=edition,
            organisation=organisation,
            site=site,
            kind=ActivityKind.GUIDED_VISIT,
            title_it=f"Visita {n}",
            description_it="Visita guidata.",
            duration_minutes=60,
        )
        for n, (organisation, site) in enumerate(zip(organisations, sites, strict=True))
    )
    tz = timezone.get_default_timezone()
    # 24 one-hour bands: 12 a day (9:00 to 20:00) on the two event days.
    band_start = {
        band: datetime.datetime.combine(
            event + datetime.timedelta(days=band // 12), datetime.time(9 + band % 12), tzinfo=tz
        )
        for band in range(24)
    }
    slot_bands = []
    new_slots = []
    for n, activity in enumerate(activities):
        for k in range(3):
            band = (n + 8 * k) % 24
            slot_bands.append(band)
            new_slots.append(
                TimeSlot(
                    activity=activity,
                    starts_at=band_start[band],
                    ends_at=band_start[band] + datetime.timedelta(minutes=60),
                    capacity=capacity,
                )
            )
    slots = TimeSlot.objects.bulk_create(new_slots)
    bands: dict[int, list[int]] = {}
    for slot, band in zip(slots, slot_bands, strict=True):
        bands.setdefault(band, []).append(slot.pk)
    popular_by_band = {band: rng.choice(bands[band]) for band in sorted(bands)[:popular]}

    users = User.objects.bulk_create(
        User(
            email=f"visitatore{n}@bench.example",
            full_name=f"Visitatore {n}",
            password="!bench-no-password",
            email_verified_at=now,
        )
        for n in range(visitors)
    )
    visitors, sessions = [], []
    store = SessionStore()
    expiry = now + datetime.timedelta(days=1)
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "manifatture.accounts.backends.EmailBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expiry)
        )
        visitors.append(Visitor(pk=user.pk, session=key, csrf=secrets.token_hex(16)))
    Session.objects.bulk_create(sessions, batch_size=1000)
    _cache_sessions(sessions, expiry_seconds=24 * 3600)
    slot_ids = [slot.pk for slot in slots]
    return World(
        slots=slot_ids,
        popular=set(popular_by_band.values()),
        bands=bands,
        popular_by_band=popular_by_band,
        activity_of={slot.pk: slot.activity_id for slot in slots},
        visitors=visitors,
        user_range=(users[0].pk, users[-1].pk),
        slot_range=(min(slot_ids), max(slot_ids)),
    )


def reset_bookings() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bookings_waitinglistentry")
        cursor.execute("DELETE FROM bookings_booking")
        cursor.execute("UPDATE activities_timeslot SET seats_taken = 0, group_seats_taken = 0")
        # A task the worker is running keeps its row (the worker saves its
        # outcome there); it finds its booking gone and sends nothing.
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult WHERE status <> 'RUNNING'")
        cursor.execute("VACUUM ANALYZE")


@dataclass
class Check:
    seats_over_capacity: int
    lost: int
    phantom: int
    rows: int
    queued_emails: int
    # Slots whose seat counter differs from their booking rows (and held offers).
    counters_off: int
    # Confirmed bookings with no confirmation e-mail task queued (in the queue, or
    # in its outbox waiting to be handed over).
    unconfirmed: int


def check(successes: set[tuple[int, int]]) -> Check:
    """`successes`: the (visitor, slot) pairs answered "booked". Seats over
    capacity are counted from the booking rows, not from the counters."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COALESCE(SUM(GREATEST(booked - capacity, 0)), 0) FROM (
              SELECT s.id, s.capacity, COALESCE(SUM(b.party_size), 0) AS booked
              FROM activities_timeslot s
              LEFT JOIN bookings_booking b ON b.slot_id = s.id AND b.status = 'confirmed'
              GROUP BY s.id, s.capacity
            ) per_slot
            """
        )
        over = cursor.fetchone()[0]
        cursor.execute(
            "SELECT visitor_id, slot_id FROM bookings_booking WHERE status = 'confirmed'"
        )
        rows = set(cursor.fetchall())
        cursor.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult")
        queued = cursor.fetchone()[0]
        cursor.execute(
            """
            SELECT COUNT(*) FROM activities_timeslot s
            WHERE s.seats_taken <> (
              SELECT COALESCE(SUM(b.party_size), 0) FROM bookings_booking b
              WHERE b.slot_id = s.id AND b.status = 'confirmed'
            ) + (
              SELECT COALESCE(SUM(w.party_size), 0) FROM bookings_waitinglistentry w
              WHERE w.slot_id = s.id AND w.status = 'offered'
            )
            """
        )
        counters_off = cursor.fetchone()[0]
        cursor.execute(
            """
            SELECT COUNT(*) FROM bookings_booking b
            WHERE b.status = 'confirmed' AND NOT EXISTS (
              SELECT 1 FROM django_tasks_database_dbtaskresult t
              WHERE t.task_path = 'manifatture.bookings.tasks.send_booking_confirmation'
                AND COALESCE(
                  t.args_kwargs -> 'kwargs' ->> 'booking_id', t.args_kwargs -> 'args' ->> 0
                )::bigint = b.id
            ) AND NOT EXISTS (
              -- Written in the booking's transaction, handed to the queue after it
              -- (or by dispatch_pending_tasks after a crash): queued all the same.
              SELECT 1 FROM operations_pendingtask p
              WHERE p.task_path = 'manifatture.bookings.tasks.send_booking_confirmation'
                AND (p.arguments ->> 'booking_id')::bigint = b.id
            )
            """
        )
        unconfirmed = cursor.fetchone()[0]
    return Check(
        seats_over_capacity=int(over),
        lost=len(successes - rows),
        phantom=len(rows - successes),
        rows=len(rows),
        queued_emails=queued,
        counters_off=counters_off,
        unconfirmed=unconfirmed,
    )


# The server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(
    port: int,
    *,
    environment: dict[str, str],
    workers: int = 3,
    threads: int = 4,
    extra_args: tuple[str, ...] = (),
    prefix: tuple[str, ...] = (),
    root: Path = ROOT,
) -> subprocess.Popen:
    """gunicorn in a session of its own (its process group is its pid, so the
    master and its workers can be signalled together); returns once it answers.
    `prefix` runs it through another command (the bench: `taskset -c 0`); `root`
    is the project it serves (the bench's A/B: an older revision of it)."""
    env = {**os.environ, **environment}
    command = [
        *prefix,
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        # As in deploy/gunicorn.conf.py: a worker accepts only the connections its
        # threads can serve; the others wait in the kernel's queue, shared by all
        # workers and served in order, instead of behind one busy worker.
        "--worker-connections",
        str(threads),
        "--backlog",
        "2048",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        "--chdir",
        str(root),
        *extra_args,
    ]
    server = subprocess.Popen(command, env=env, cwd=root, start_new_session=True)
    # Its workers import the whole project on one core: slow on a busy machine.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            conn.request("GET", "/account/accedi/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
        finally:
            conn.close()
    stop_server(server)
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def plan(world: World, rng: random.Random) -> list[int]:
    """Up to six slots in bands two hours apart (no overlap, room to travel),
    half of them popular ones, each of a different activity (one booking per
    activity and visitor: bookings.services.rules)."""
    parity = rng.randrange(2)
    candidates = [b for b in range(parity, 24, 2) if b in world.bands]
    chosen = rng.sample(candidates, min(6, len(candidates)))
    slots: list[int] = []
    activities: set[int] = set()
    for band in chosen:
        popular = world.popular_by_band.get(band)
        if popular is not None and rng.random() < 0.5:
            pick = popular
        else:
            pick = rng.choice(world.bands[band])
        if world.activity_of[pick] in activities:
            others = [s for s in world.bands[band] if world.activity_of[s] not in activities]
            if not others:
                continue
            pick = rng.choice(others)
        slots.append(pick)
        activities.add(world.activity_of[pick])
    return slots
