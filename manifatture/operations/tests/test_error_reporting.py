"""With SENTRY_DSN set, an unhandled exception in a page reaches the error
tracker (Sentry or GlitchTip: same protocol), without personal data. The
application runs in a process of its own (the SDK changes Django globally)
and reports to a fake ingest endpoint in this process."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings

SCRIPT = """
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
import sentry_sdk

setup_test_environment()
with override_settings(ROOT_URLCONF="manifatture.operations.tests.urls_failing"):
    client = Client(raise_request_exception=False)
    response = client.post(
        "/guasto/",
        {"email": "mario.rossi@esempio.it", "password": "segreta-123"},
        headers={"Cookie": "csrftoken=biscotto-segreto", "X-Request-ID": "richiesta-0001"},
    )
print(response.status_code, response["X-Request-ID"])
sentry_sdk.flush(10)
"""


class Ingest(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        Ingest.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_an_unhandled_exception_reaches_the_error_tracker():
    Ingest.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ingest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SENTRY_DSN": f"http://chiavepubblica@127.0.0.1:{server.server_port}/1",
            "SENTRY_ENVIRONMENT": "test",
            "LOG_LEVEL": "CRITICAL",
        }
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["500", "richiesta-0001"]
    envelopes = b"\n".join(Ingest.received).decode()
    events = [
        item
        for line in envelopes.splitlines()
        if line.startswith("{")
        for item in [json.loads(line)]
        if "exception" in item
    ]
    assert events, envelopes[:2000]
    event = events[0]
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "guasto di prova")
    assert event["environment"] == "test"
    assert event["tags"]["request_id"] == "richiesta-0001"
    assert event["transaction"] == "/guasto/"
    # Nothing personal: no form data, no cookies, no user.
    for secret in ("mario.rossi", "segreta-123", "biscotto-segreto"):
        assert secret not in envelopes
