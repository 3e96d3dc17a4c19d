"""scripts/backup then scripts/restore into a fresh database and empty
folders give back every row of every table and every uploaded file. On
PostgreSQL (pg_dump and pg_restore), from the test database, with bookings,
sessions and queued e-mails made through the services."""

import contextlib
import hashlib
import os
import random
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from bench.booking.world import plan, seed
from manifatture.accounts.models import User
from manifatture.activities.models import TimeSlot
from manifatture.bookings import services
from manifatture.bookings.exceptions import BookingError
from tests.database import client_tools_path, database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(settings.BASE_DIR)


def admin(url: str) -> psycopg.Connection:
    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, "PATH": client_tools_path(), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_data(media: Path, private: Path) -> None:
    world = seed(organisations=12, capacity=3, popular=6, visitors=60)
    rng = random.Random(7)
    visitors = {u.pk: u for u in User.objects.filter(pk__in=[v.pk for v in world.visitors])}
    slots = {s.pk: s for s in TimeSlot.objects.filter(pk__in=world.slots)}
    for visitor in world.visitors[:40]:
        for slot_id in plan(world, rng)[:3]:
            with contextlib.suppress(BookingError):  # full slots refuse: fine
                services.book_slot(slots[slot_id], visitor=visitors[visitor.pk], party_size=1)
    (media / "organisations").mkdir(parents=True)
    (media / "organisations" / "logo.png").write_bytes(b"\x89PNG fake logo")
    (private / "calls" / "7").mkdir(parents=True)
    (private / "calls" / "7" / "domanda.pdf").write_bytes(b"%PDF-1.7 application " * 100)


def test_a_backup_restored_into_a_fresh_database_gives_the_same_counts(tmp_path, settings, capsys):
    # The production queue: confirmation e-mails wait in the database, as in a real backup.
    settings.TASKS = {
        "default": {
            "BACKEND": "manifatture.operations.queue.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    media, private = tmp_path / "media", tmp_path / "private_media"
    make_data(media, private)
    source = database_url()
    restored_name = f"{connection.settings_dict['NAME']}_restored"
    restored = database_url(restored_name)

    backup = run(
        "backup",
        str(tmp_path / "backups"),
        DATABASE_URL=source,
        MEDIA_ROOT=str(media),
        PRIVATE_MEDIA_ROOT=str(private),
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip())
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
        "private_media.tar.gz",
    ]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"

    with admin(source) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        conn.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        new_media, new_private = tmp_path / "new" / "media", tmp_path / "new" / "private"
        env = {
            "DATABASE_URL": restored,
            "MEDIA_ROOT": str(new_media),
            "PRIVATE_MEDIA_ROOT": str(new_private),
        }
        restore = run("restore", str(folder), **env)
        assert restore.returncode == 0, restore.stderr

        before, after = row_counts(source), row_counts(restored)
        with capsys.disabled():  # the figures show in CI's log
            print(
                f"\nbackup/restore: tables compared={len(before)} "
                f"non-empty={sum(1 for n in before.values() if n)} rows={sum(before.values())} "
                f"(bookings {before['bookings_booking']}, users {before['accounts_user']}, "
                f"sessions {before['django_session']}, "
                f"tasks {before['django_tasks_database_dbtaskresult']}) "
                f"files={len(files(media)) + len(files(private))}"
            )
        assert after == before
        assert before["bookings_booking"] > 0 and before["django_session"] == 60
        assert before["django_tasks_database_dbtaskresult"] == before["bookings_booking"]
        assert files(new_media) == files(media)
        assert files(new_private) == files(private)

        # It never writes over data: a second restore into the same database is refused.
        again = run("restore", str(folder), **env)
        assert again.returncode == 1
        assert "restore into a fresh one" in again.stderr
    finally:
        with admin(source) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path):
    folder = tmp_path / "20260101T000000Z"
    folder.mkdir()
    for name in ("database.dump", "media.tar.gz", "private_media.tar.gz"):
        (folder / name).write_bytes(b"original")
    subprocess.run("sha256sum * > SHA256SUMS", shell=True, cwd=folder, check=True)
    (folder / "database.dump").write_bytes(b"damaged")

    result = run(
        "restore",
        str(folder),
        DATABASE_URL=database_url("does_not_matter"),
        MEDIA_ROOT=str(tmp_path / "m"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "p"),
    )

    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
    assert not (tmp_path / "m").exists()


def test_old_backups_are_deleted(tmp_path):
    backups = tmp_path / "backups"
    old = backups / "20200101T000000Z"
    old.mkdir(parents=True)
    os.utime(old, (0, 0))
    kept = backups / "notes"  # not a backup: left alone
    kept.mkdir()
    os.utime(kept, (0, 0))

    result = run(
        "backup",
        str(backups),
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(tmp_path / "none"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "none"),
        BACKUP_KEEP_DAYS="14",
    )

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in backups.iterdir()) == sorted(
        ["notes", Path(result.stdout.strip()).name]
    )
