"""pretix side by side (`make bench-booking`): pretix from PyPI in a virtual
environment of its own under var/bench/ (made once, reused; the install and
the first migration are time-boxed), on a database of its own on the same
PostgreSQL server, under gunicorn with the same workers and threads as ours,
pinned to the same core, behind the same load generator.

pretix runs as its documentation describes for a small installation without
a task queue: no celery broker configured, so its tasks (adding to the cart,
placing the order, rendering and sending the confirmation e-mail) run in the
request (CELERY_TASK_ALWAYS_EAGER); Redis for its cache and sessions, as it
recommends in production; e-mail over SMTP to the same local sink as ours.

A booking in pretix is its visitor path from the moment a person presses the
button to the confirmed order: cart add, checkout start, the contact step
(its form read and sent), the confirmation step (read and sent). A sold-out
sub-event is refused at the cart (the checkout then has an empty cart)."""

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench.booking import rush

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VAR = ROOT / "var" / "bench"
VENV = VAR / "pretix-venv"
PRETIX_VERSION = os.environ.get("BENCH_PRETIX_VERSION", "2026.8.0")
INSTALL_SECONDS = int(os.environ.get("BENCH_PRETIX_INSTALL_SECONDS", "900"))
REDIS_URL = os.environ.get("BENCH_PRETIX_REDIS", "redis://127.0.0.1:6379/11")
PYTHONS = ["python3.12", "python3.11"]  # the versions pretix 2026.x supports


class Unavailable(Exception):
    """pretix could not be installed or prepared here (said, not hidden)."""


def _python() -> str:
    """A Python pretix supports: on PATH, or among pyenv's versions (whose shim
    on PATH fails for a version not selected), each tried before it is used."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for name in PYTHONS:
        candidates = [shutil.which(name), *sorted(pyenv.glob(f"*/bin/{name}"), reverse=True)]
        for found in filter(None, candidates):
            try:
                subprocess.run(
                    [str(found), "--version"], capture_output=True, check=True, timeout=30
                )
            except (OSError, subprocess.SubprocessError):
                continue
            return str(found)
    raise Unavailable(f"none of {', '.join(PYTHONS)} on PATH or in pyenv")


def _run(command: list[str], *, timeout: float, env: dict | None = None) -> str:
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise Unavailable(f"{' '.join(command[:4])}… took over {timeout:.0f}s") from error
    if done.returncode != 0:
        raise Unavailable(f"{' '.join(command[:4])}… failed: {done.stderr[-800:]}")
    return done.stdout


def ensure_venv(say) -> Path:
    """pretix's virtual environment, made once (var/bench/pretix-venv)."""
    marker = VENV / f".pretix-{PRETIX_VERSION}"
    if marker.exists():
        return VENV / "bin" / "python"
    say(f"installing pretix {PRETIX_VERSION} in {VENV} (once; up to {INSTALL_SECONDS}s)")
    if not (VENV / "bin" / "python").exists():
        _run([_python(), "-m", "venv", str(VENV)], timeout=120)
    _run(
        [
            str(VENV / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"pretix=={PRETIX_VERSION}",
            "gunicorn",
        ],
        timeout=INSTALL_SECONDS,
    )
    marker.touch()
    return VENV / "bin" / "python"


@dataclass
class Pretix:
    python: Path
    config: Path
    database_url: str
    env: dict

    def manage(self, *args: str, timeout: float = 600) -> str:
        return _run([str(self.python), "-m", "pretix", *args], timeout=timeout, env=self.env)

    def script(self, *args: str, timeout: float = 300) -> str:
        return _run(
            [str(self.python), str(HERE / "pretix_setup.py"), *args], timeout=timeout, env=self.env
        )


def prepare(database_url: str, *, port: int, smtp_port: int, say) -> Pretix:
    """The venv, the configuration, the database (migrated once and kept:
    var/bench/pretix-migrated-<version> records it) and the compressed static
    files (`pretix rebuild`, once)."""
    python = ensure_venv(say)
    parts = urlsplit(database_url)
    name = "pretix_bench"
    data = VAR / "pretix-data"
    data.mkdir(parents=True, exist_ok=True)
    config = VAR / "pretix.cfg"
    config.write_text(
        "\n".join(
            [
                "[pretix]",
                "instance_name=bench",
                f"url=http://{rush.HOST}:{port}",
                "currency=EUR",
                f"datadir={data}",
                "loglevel=WARNING",
                "[locale]",
                "default=it",
                "timezone=Europe/Rome",
                "[database]",
                "backend=postgresql",
                f"name={name}",
                f"user={parts.username or 'postgres'}",
                f"password={parts.password or ''}",
                f"host={parts.hostname or rush.HOST}",
                f"port={parts.port or 5432}",
                "[mail]",
                "from=noreply@bench.example",
                f"host={rush.HOST}",
                f"port={smtp_port}",
                "[redis]",
                f"location={REDIS_URL}",
                "sessions=true",
                "[django]",
                "secret=bench-only-" + "x" * 40,
                "debug=off",
                "",
            ]
        )
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTHONPATH"))},
        "PRETIX_CONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "pretix.settings",
    }
    pretix = Pretix(python, config, urlunsplit(parts._replace(path=f"/{name}")), env)
    migrated = VAR / f"pretix-migrated-{PRETIX_VERSION}"
    if not migrated.exists():
        import psycopg

        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        say("migrating pretix's database (once; kept in database pretix_bench)")
        pretix.manage("migrate", "-v0", timeout=INSTALL_SECONDS)
        migrated.touch()
    built = VENV / f".rebuilt-{PRETIX_VERSION}"
    if not built.exists():
        say("compressing pretix's static files (`pretix rebuild`, once)")
        pretix.manage("rebuild", timeout=INSTALL_SECONDS)
        built.touch()
    return pretix


def start(pretix: Pretix, port: int, *, workers: int, threads: int) -> subprocess.Popen:
    """pretix under gunicorn (its own venv's), pinned like ours."""
    import http.client

    command = [
        *rush.server_prefix(),
        str(pretix.python),
        "-m",
        "gunicorn",
        "pretix.wsgi",
        "--bind",
        f"{rush.HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--worker-connections",
        str(threads),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=pretix.env, cwd=VAR, start_new_session=True)
    deadline = time.monotonic() + 300  # its workers import a lot: minutes on a busy machine
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection(rush.HOST, port, timeout=30)
        try:
            conn.request("GET", "/")
            if conn.getresponse().status in {200, 302, 404}:
                return server
        except OSError:
            time.sleep(0.5)
        finally:
            conn.close()
    os.killpg(server.pid, 15)
    raise Unavailable("pretix's gunicorn did not start")


# The visitor path ------------------------------------------------------------------------


class _Form(HTMLParser):
    """The fields of the checkout's main form (the one posting to `action`)."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("method") or "").lower() == "post" and (
                a.get("action") in {None, "", self.action}
            )
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value") or "on"))
            elif kind not in {"submit", "button", "file"}:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str, action: str, email: str) -> list[tuple[str, str]]:
    parser = _Form(action)
    parser.feed(html)
    fields = []
    for name, value in parser.fields:
        if "email" in name and not value:
            value = email
        fields.append((name, value))
    return fields


def journey(setup: dict, plan_subevents, *, pause_ms: float, first: int = 0):
    """A pretix visitor: for each sub-event of their plan (the same plan as
    ours), the path from the cart to the confirmed order, pausing between
    bookings as ours do. Each answer is logged as a step; a journey is "ok"
    when pretix answered with the order's page."""
    import asyncio

    base = f"/{setup['organizer']}/{setup['event']}"
    item = setup["item"]

    async def run(client: rush.Client, n: int, rng) -> None:
        n += first
        email = f"visitatore{n}@bench.example"
        csrf = f"{n:032d}"
        for index, subevent in enumerate(plan_subevents(rng)):
            if index and pause_ms:
                await asyncio.sleep(rng.uniform(0, 2 * pause_ms) / 1000)
            if client.stopping:
                break
            client.cookies = {"pretix_csrftoken": csrf}
            seconds = 0.0
            outcome = "error"
            try:
                answer = await client.request(
                    "POST",
                    f"{base}/cart/add",
                    urlencode(
                        {"csrfmiddlewaretoken": csrf, "subevent": subevent, f"item_{item}": 1}
                    ).encode(),
                )
                seconds += answer.seconds
                if answer.status != 302:
                    raise ValueError(f"cart {answer.status}")
                client.record("cart", "ok", answer.seconds)
                answer = await client.request("GET", f"{base}/checkout/start")
                seconds += answer.seconds
                location = urlsplit(answer.headers.get("location", "")).path
                if answer.status != 302:
                    raise ValueError(f"start {answer.status}")
                if "/checkout/" not in location:
                    # Sold out: the cart stayed empty and the checkout sends
                    # the visitor back to the event with the reason.
                    client.record("start", "refused", answer.seconds)
                    outcome = "refused"
                    continue
                client.record("start", "ok", answer.seconds)
                for _ in range(4):  # the checkout's steps until the order
                    answer = await client.request("GET", location)
                    seconds += answer.seconds
                    if answer.status == 302:
                        location = urlsplit(answer.headers["location"]).path
                        client.record("step", "ok", answer.seconds)
                        continue
                    if answer.status != 200:
                        raise ValueError(f"{location} {answer.status}")
                    client.record("step", "ok", answer.seconds)
                    fields = form_fields(answer.body.decode("utf-8", "replace"), location, email)
                    answer = await client.request("POST", location, urlencode(fields).encode())
                    seconds += answer.seconds
                    if answer.status != 302:
                        raise ValueError(f"{location} POST {answer.status}")
                    location = urlsplit(answer.headers["location"]).path
                    if "/order/" in location:
                        client.record("confirm", "ok", answer.seconds)
                        outcome = "ok"
                        client.result.successes.add((email, subevent))
                        break
                    client.record("step", "ok", answer.seconds)
                else:
                    raise ValueError(f"no order after the checkout's steps: {location}")
            except (
                TimeoutError,
                OSError,
                asyncio.IncompleteReadError,
                ValueError,
                KeyError,
            ) as error:
                client.record("error", "error", 0.0)
                if os.environ.get("BENCH_VERBOSE"):
                    print(f"# pretix error: {error!r}", file=sys.stderr)
            finally:
                client.journey(outcome, seconds)

    return run


def count(pretix: Pretix, organizer: str) -> dict:
    return json.loads(pretix.script("count", organizer).strip().splitlines()[-1])


def setup_event(pretix: Pretix, slots: list[dict]) -> dict:
    """The event series of this run, under an organizer named for it."""
    path = VAR / "pretix-slots.json"
    path.write_text(json.dumps(slots))
    organizer = f"bench{int(time.time())}"
    output = pretix.script("setup", str(path), organizer, timeout=600)
    return json.loads(output.strip().splitlines()[-1])


def flush_redis() -> None:
    """pretix's Redis database (its own number) emptied before a run."""
    parts = urlsplit(REDIS_URL)
    if shutil.which("redis-cli"):
        subprocess.run(
            [
                "redis-cli",
                "-h",
                parts.hostname or rush.HOST,
                "-p",
                str(parts.port or 6379),
                "-n",
                parts.path.lstrip("/") or "0",
                "FLUSHDB",
            ],
            capture_output=True,
            check=False,
        )


__all__ = ["Unavailable", "prepare", "start", "journey", "count", "setup_event", "flush_redis"]
