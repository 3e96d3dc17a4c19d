"""Directory benchmark: search and map at city scale on PostgreSQL.

Creates its own database on the server of DATABASE_URL (default the local server,
postgres://postgres@127.0.0.1:5432/), named after it with the suffix
`_bench_directory`; loads the comuni, Municipi and NIL, generates a synthetic
city of 40,000 actors (`manage.py generate_city`), then measures in-process the
server time of directory searches (text and filters) and of the map data
request, and the map data's gzip size. Ends with one key=value per line.

    make bench-directory            # or: .venv/bin/python bench/directory/bench.py
    BENCH_ACTORS=10000 make bench-directory
    BENCH_REUSE=1 make bench-directory   # measure again on the city already generated
"""

import gzip
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ACTORS = int(os.environ.get("BENCH_ACTORS", "40000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
SEARCHES = [
    "q=laser",
    "q=taglio+laser+legno",
    "q=stampa+3D&category=fablab",
    "capability=laser-cutting&municipio=9&periphery=on",
    "category=fablab&capability=laser-cutting&municipio=9&periphery=on",
    "q=falegnameria&nil=77",
    "section=C&municipio=3",
    "division=25&periphery=on",
    "q=sartoria&municipio=1",
    "category=coworking",
    "qualified=on",
    "q=meccanica+rossi",
    "q=elettronica&section=C",
    "comune=015146&category=fablab",
    "q=ceramica&periphery=on",
    "q=mobilificio&division=31",
    "q=vetro&nil=1",
    "q=fresa&capability=cnc-milling",
    "page=50",
    "",
]


def bench_database_url() -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/manifatture"))
    if not url.scheme.startswith("postgres"):
        sys.exit(
            "The directory benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL."
        )
    name = (url.path.lstrip("/") or "manifatture") + "_bench_directory"
    return urlunsplit(url._replace(path=f"/{name}"))


def recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    print(f"database: {urlsplit(url).path.lstrip('/')} on {urlsplit(url).hostname}", flush=True)
    if not REUSE:
        recreate(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if not REUSE:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command(
            "load_comuni", str(settings.SHARED_DATA_DIR / "istat_comuni_mi.csv"), verbosity=0
        )
        call_command("load_municipi", verbosity=0)
        call_command("load_nil", verbosity=0)
        print(f"schema and boundaries: {time.monotonic() - started:.1f} s", flush=True)
        started = time.monotonic()
        call_command("generate_city", count=ACTORS)
        print(f"generate_city: {time.monotonic() - started:.1f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    from manifatture.directory.models import Organisation

    actors = Organisation.objects.filter(archived_at__isnull=True).count()
    settings.DEBUG = False  # no query log while measuring
    client = Client()

    def timed(path: str, **headers) -> tuple[float, bytes]:
        before = time.perf_counter()
        response = client.get(path, **headers)
        elapsed = (time.perf_counter() - before) * 1000
        assert response.status_code == 200, (path, response.status_code)
        return elapsed, response.content

    for query in SEARCHES:  # warm-up: templates, ATECO tables, caches
        timed(f"/organizzazioni/?{query}")
    search_ms = []
    for _ in range(ROUNDS):
        for query in SEARCHES:
            search_ms.append(timed(f"/organizzazioni/?{query}")[0])
    for query in SEARCHES:
        times = search_ms[SEARCHES.index(query) :: len(SEARCHES)]
        print(f"  search {query or '(all)':<70} {statistics.median(times):7.1f} ms")

    timed("/organizzazioni/mappa/punti.json", HTTP_ACCEPT_ENCODING="gzip")
    map_ms, body = [], b""
    for _ in range(ROUNDS):
        elapsed, body = timed("/organizzazioni/mappa/punti.json", HTTP_ACCEPT_ENCODING="gzip")
        map_ms.append(elapsed)
    raw = gzip.decompress(body)
    points = raw.count(b"],[") + 1
    print(f"  map data: {points} points, {len(raw)} bytes raw, {len(body)} bytes gzip")
    from manifatture.directory.models import Site

    site_ids = list(Site.objects.order_by("pk").values_list("pk", flat=True)[:50])
    popup_ms = [timed(f"/organizzazioni/mappa/punti/{pk}.json")[0] for pk in site_ids]
    print(f"  map popup p50: {statistics.median(popup_ms):.1f} ms")

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print(f"  {cursor.fetchone()[0].split(' on ')[0]}; load average {os.getloadavg()[0]:.1f}")
    print(f"actors={actors}")
    print(f"search_p50_ms={percentile(search_ms, 0.50):.1f}")
    print(f"search_p95_ms={percentile(search_ms, 0.95):.1f}")
    print(f"map_ms={statistics.median(map_ms):.1f}")
    print(f"map_bytes_gzip={len(body)}")


if __name__ == "__main__":
    main()
