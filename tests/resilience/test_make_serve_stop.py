"""`make serve`'s stop: Ctrl-C in the terminal (SIGINT to the whole process
group) or a `kill` of make (SIGTERM) ends the server and the e-mail worker,
with no process left behind and no "Segmentation fault" (the recipe's trap
once ran `kill 0`, which signalled its own shell and re-entered the trap until
bash overflowed its stack)."""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.booking.world import HOST, free_port
from tests.database import database_url

pytestmark = [pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _as_a_terminal() -> None:
    # A terminal's job: its own process group, Ctrl-C not ignored (a test
    # runner may have inherited SIGINT ignored).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.setpgrp()


def _wait_until_served(port: int, make: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert make.poll() is None, "make serve ended before serving"
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # any answer means the server is up
        except OSError:
            time.sleep(0.5)
    pytest.fail("the server never answered")


def _group(pgid: int) -> list[str]:
    """The processes still running in the process group (`ps -g` would select by
    session). A zombie has ended: only its exit status is left, for a parent to
    read (where the machine's first process does not reap orphans, as in some
    containers, it stays listed)."""
    out = subprocess.run(["ps", "-eo", "pgid=,pid=,stat=,args="], capture_output=True, text=True)
    return [
        line.strip()
        for line in out.stdout.splitlines()
        if len(fields := line.split(None, 3)) >= 3
        and fields[0] == str(pgid)
        and not fields[2].startswith("Z")
    ]


def _left_after_stop(pgid: int) -> list[str]:
    deadline = time.monotonic() + 10
    while (left := _group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


@pytest.mark.parametrize("stop", ["ctrl-c", "kill"])
def test_make_serve_stops_cleanly(stop, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    with log.open("w") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "_serve", f"HOST={HOST}", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_as_a_terminal,
        )
        try:
            _wait_until_served(port, make)
            time.sleep(1)  # the worker is up too
            if stop == "ctrl-c":
                os.killpg(make.pid, signal.SIGINT)
            else:
                make.send_signal(signal.SIGTERM)
            make.wait(timeout=60)
            left = _left_after_stop(make.pid)
        finally:
            if make.poll() is None or _group(make.pid):
                os.killpg(make.pid, signal.SIGKILL)
    output = log.read_text()
    assert "Segmentation fault" not in output
    assert left == []
