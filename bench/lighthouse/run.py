"""Lighthouse (12.2.3, from npm, in Debian's Chromium) on four public pages of the
demo, served as in production: gunicorn, DEBUG=0, static files collected,
fingerprinted and compressed (WhiteNoise). Mobile, Lighthouse's default
throttling. Prints `key=value` lines: the four category scores of each page
(0–100) and its main timings.

Needs the demo in the database (`make bench-lighthouse` loads it if missing).
Scores move with the machine's load: compare pages and changes within one run.
Each page's full report is kept in var/bench/lighthouse/reports/<page>.json, to
read the audits behind a score (layout shifts, LCP element, blocking requests)."""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
LIGHTHOUSE = "lighthouse@12.2.3"
REPORTS = ROOT / "var" / "bench" / "lighthouse" / "reports"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMINGS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
)


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.lighthouse.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 40),
        "ALLOWED_HOSTS": HOST,
        "PYTHONPATH": str(ROOT),
    }


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pages() -> dict[str, str]:
    """The four pages: home, programme, an activity of the current edition, the
    directory map."""
    activity = (
        manage(
            "shell",
            "-c",
            "from manifatture.activities.models import Activity;"
            "a = Activity.objects.filter(edition__is_current=True, status='published')"
            ".exclude(site=None).order_by('pk').first();"
            "print(a.get_absolute_url() if a else '')",
        )
        .strip()
        .splitlines()[-1]
    )
    if not activity:
        sys.exit("No published activity in the current edition: load the demo (make demo).")
    return {
        "home": "/",
        "programme": "/programma/",
        "activity": activity,
        "directory_map": "/organizzazioni/mappa/",
    }


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer at {url}")


def lighthouse(url: str, out: Path, attempts: int = 3) -> dict:
    """One Lighthouse run of `url`. Lighthouse itself sometimes fails to record
    the trace ("NO_NAVSTART … Please run Lighthouse again"): it is run again, up
    to `attempts` times, and each failure is told."""
    for attempt in range(1, attempts + 1):
        run = subprocess.run(
            [
                "npx",
                "--yes",
                LIGHTHOUSE,
                url,
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=300,
        )
        if run.returncode == 0:
            return json.loads(out.read_text())
        print(f"lighthouse failed on {url} (attempt {attempt} of {attempts})", file=sys.stderr)
    sys.exit(f"lighthouse failed {attempts} times on {url}")


def main() -> None:
    manage("collectstatic", "--noinput", "--clear", "-v0")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=environment(),
    )
    try:
        base = f"http://{HOST}:{PORT}"
        wait_until_up(base + "/")
        load = os.getloadavg()[0]
        print(f"load_average_start={load:.2f}")
        REPORTS.mkdir(parents=True, exist_ok=True)
        for name, path in pages().items():
            report = lighthouse(base + path, REPORTS / f"{name}.json")
            for category in CATEGORIES:
                score = report["categories"][category]["score"]
                key = category.replace("-", "_")
                print(f"lighthouse_{name}_{key}={round((score or 0) * 100)}")
            for audit in TIMINGS:
                value = report["audits"][audit]["numericValue"]
                unit = "" if audit == "cumulative-layout-shift" else "_ms"
                shown = f"{value:.3f}" if not unit else f"{value:.0f}"
                print(f"lighthouse_{name}_{audit.replace('-', '_')}{unit}={shown}")
        print(f"load_average_end={os.getloadavg()[0]:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
