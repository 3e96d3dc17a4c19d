"""The public programme page against the same page saved as a static file.

Creates its own database on the server of DATABASE_URL (default the local server),
named after it with the suffix `_bench_pages`; loads the demo (a current edition
open for booking) and adds published activities, each with the slots of a demo
activity, until the edition has 500. It saves the programme page as an anonymous
visitor receives it, then starts gunicorn with the production settings
(deploy/gunicorn.conf.py, DEBUG=0) and measures, with `wrk` (a compiled load
generator: apt-get install wrk), the requests per second of

- the programme page, `/programma/`, the Django view;
- the saved copy, `/programma-salvata.html`, served by WhiteNoise in the same
  gunicorn processes (the way the project serves static files without nginx).

Both go through the same server, the same workers and the same load generator, so
their ratio says what the view costs over handing out a file: a ratio of 1 is the
view as cheap as a file. nginx would serve the file several times faster than any
Python server; it would then measure nginx, not the page. Rounds alternate between
the two, so that a change of load on the machine touches both alike.

Finally it books a seat on the page's first activity (through
`TimeSlot.objects.take_seats`, the one way seats are taken) and checks that the
next answer shows one seat less: the page is never served with stale seats.

Ends with key=value lines: programme_rps, static_rps (medians over the rounds),
programme_ratio_vs_static (the median of each round's ratio; goal >= 0.3),
static_cpu_ms and programme_cpu_ms (the server's CPU per answer, gunicorn's
processes and PostgreSQL's backends, from the kernel's accounting: steadier than
requests per second on a busy machine) and their ratio
programme_cpu_ratio_vs_static, programme_seats_fresh (1: the page follows a
booking at once).

    make bench-pages
    BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=16 make bench-pages
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "500"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
HOST = "127.0.0.1"
PAGE = "/programma/"
SAVED = "programma-salvata.html"


def say(message: str) -> None:
    print(f"# {message}", flush=True)


def bench_database_url() -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/manifatture"))
    if not url.scheme.startswith("postgres"):
        sys.exit("The pages benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    name = (url.path.lstrip("/") or "manifatture") + "_bench_pages"
    return urlunsplit(url._replace(path=f"/{name}"))


def recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def add_activities(total: int) -> int:
    """Published activities in the current edition up to `total`, copies of the demo's
    with their slots (seats all free) and languages; returns the count."""
    from django.db import transaction

    from manifatture.activities.models import Activity, TimeSlot
    from manifatture.editions.queries import current_edition_or_none

    edition = current_edition_or_none()
    published = Activity.objects.filter(edition=edition, status=Activity.Status.PUBLISHED)
    # Copies of the activities at their hosts' sites: the hub's rooms hold one
    # activity at a time.
    models = list(
        published.filter(site__isnull=False).order_by("pk").prefetch_related("languages", "slots")
    )
    missing = total - published.count()
    with transaction.atomic():
        for n in range(missing):
            model = models[n % len(models)]
            languages = list(model.languages.all())
            slots = [s for s in model.slots.all() if s.cancelled_at is None and s.room_id is None]
            copy = Activity.objects.get(pk=model.pk)
            copy.pk = None
            copy.title_it = f"{model.title_it} ({n // len(models) + 2})"
            if copy.title_en:
                copy.title_en = f"{model.title_en} ({n // len(models) + 2})"
            copy.save()
            copy.languages.set(languages)
            for slot in slots:
                slot.pk = None
                slot.activity = copy
                slot.seats_taken = slot.group_seats_taken = 0
            TimeSlot.objects.bulk_create(slots)
    return published.count()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


def wrk(url: str, seconds: int = SECONDS) -> tuple[float, int, int]:
    """(requests per second, answers that were not 2xx or 3xx plus socket errors,
    requests answered)."""
    output = subprocess.run(
        ["wrk", "-t", "1", "-c", str(CONNECTIONS), "-d", f"{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    answered = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return (
        rps,
        (int(bad.group(1)) if bad else 0) + (sum(int(n) for n in errors.groups()) if errors else 0),
        answered,
    )


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU time (user + system) each process has used so far, from the kernel's own
    accounting (/proc/<pid>/stat)."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def server_pids(group: int, database: str) -> list[int]:
    """gunicorn's processes (its own session) and PostgreSQL's backends serving it."""
    import psycopg

    pids = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _process_group(entry.name) == group
    ]
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return pids + [pid for (pid,) in rows]


def _process_group(pid: str) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2])
    except (OSError, ValueError):
        return None


def seats_shown(html: str) -> list[str]:
    """The places left the page shows, in order (the cards' "N posti liberi")."""
    return re.findall(r"(\d+) post[oi] liber[oi]", html)


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("The pages benchmark needs wrk: apt-get install wrk")
    url = bench_database_url()
    static_dir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    environment = {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "DATABASE_URL": url,
        "CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "bench.pages.settings",
        "SECURE_SSL_REDIRECT": "0",
        "BENCH_PAGES_STATIC_DIR": str(static_dir),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(environment)
    say(f"database {urlsplit(url).path.lstrip('/')} on {urlsplit(url).hostname}")
    recreate(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    count = add_activities(ACTIVITIES)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"demo and {count} published activities: {time.monotonic() - started:.0f} s")

    page = Client().get(PAGE)
    assert page.status_code == 200, page.status_code
    html = page.content.decode()
    (static_dir / SAVED).write_text(html, encoding="utf-8")
    say(f"programme page: {len(page.content)} bytes, saved as /{SAVED}")
    connection.close()

    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
            # No recycling of workers during the measure (production recycles every
            # ~2,000 requests, which would restart them all within a round).
            "--max-requests",
            "0",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env={**os.environ, **environment},
        start_new_session=True,
    )
    base = f"http://{HOST}:{port}"
    try:
        wait_for(base + PAGE)
        wait_for(f"{base}/{SAVED}")
        say(f"gunicorn (deploy/gunicorn.conf.py) on {HOST}:{port}; wrk, {CONNECTIONS} connections")
        programme, static, ratios, errors = [], [], [], 0
        cpu = {"static": [], "programme": []}
        for path in (f"/{SAVED}", PAGE):  # every worker warm (imports, caches)
            wrk(base + path, seconds=2)
        database = urlsplit(url).path.lstrip("/")
        for n in range(ROUNDS):
            for name, path, results in (
                ("static", f"/{SAVED}", static),
                ("programme", PAGE, programme),
            ):
                before = cpu_seconds(server_pids(server.pid, database))
                rps, bad, answered = wrk(base + path)
                after = cpu_seconds(server_pids(server.pid, database))
                used = sum(seconds - before.get(pid, 0) for pid, seconds in after.items())
                cpu[name].append(used * 1000 / max(answered, 1))
                results.append(rps)
                errors += bad
                say(
                    f"round {n + 1}: {name:<9} {rps:8.1f} requests/s, {bad} errors, "
                    f"{cpu[name][-1]:.2f} ms of server CPU per request"
                )
            ratios.append(programme[-1] / static[-1])
        load = os.getloadavg()

        # A seat taken on every slot that has room (through take_seats, the one way
        # seats are taken): the next answer shows one place less on the cards.
        from django.utils import timezone

        from manifatture.activities.models import TimeSlot

        before = urllib.request.urlopen(base + PAGE).read().decode()
        slots = TimeSlot.objects.filter(
            activity__edition__is_current=True,
            ends_at__gt=timezone.now(),
            cancelled_at__isnull=True,
        ).with_room_for(1, group=False)
        taken = list(slots.values_list("pk", flat=True))
        TimeSlot.objects.filter(pk__in=taken).take_seats(1, group=False)
        after = urllib.request.urlopen(base + PAGE).read().decode()
        TimeSlot.objects.filter(pk__in=taken).free_taken_seats(1, group=False)
        shown_before, shown_after = seats_shown(before), seats_shown(after)
        fresh = int(
            bool(shown_before)
            and len(shown_before) == len(shown_after)
            and any(int(a) < int(b) for a, b in zip(shown_after, shown_before, strict=True))
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_dir, ignore_errors=True)

    programme_rps, static_rps = statistics.median(programme), statistics.median(static)
    say("load average (1, 5, 15 min): " + ", ".join(f"{n:.1f}" for n in load))
    print(f"activities={count}")
    print(f"programme_rps={programme_rps:.1f}")
    print(f"static_rps={static_rps:.1f}")
    # The ratio of each round (the two measured one after the other), median.
    print(f"programme_ratio_vs_static={statistics.median(ratios):.3f}")
    # What each answer costs the server (gunicorn and PostgreSQL, from the kernel's
    # accounting): less sensitive than requests per second to what else the machine
    # is doing; wrk's own CPU is in neither.
    static_cpu, programme_cpu = (
        statistics.median(cpu["static"]),
        statistics.median(cpu["programme"]),
    )
    print(f"static_cpu_ms={static_cpu:.2f}")
    print(f"programme_cpu_ms={programme_cpu:.2f}")
    print(f"programme_cpu_ratio_vs_static={static_cpu / programme_cpu:.3f}")
    print(f"http_errors={errors}")
    print(f"programme_seats_fresh={fresh}")


if __name__ == "__main__":
    main()
