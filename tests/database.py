"""The test database for tests that start other processes (an e-mail worker,
gunicorn, the backup scripts): its URL, and the PostgreSQL client tools that
match its server."""

import os
from urllib.parse import quote

from django.db import connection


def database_url(name: str | None = None) -> str:
    """A URL of the test database (or of another database `name` on its server)
    that dj-database-url and libpq both read; a Unix-socket host is percent-encoded."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{name or db['NAME']}"


def client_tools_path() -> str:
    """PATH with the embedded server's own pg_dump and pg_restore first when the
    tests run on it (the machine's tools may be of an older major version)."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["PATH"]
    from config import embedded_postgres

    return f"{embedded_postgres.bin_dir()}{os.pathsep}{os.environ['PATH']}"
