"""A fake of the IO app's services API (accounts.appio), as far as the platform uses
it, on 127.0.0.1: the profile check and the message; it records what it was sent."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = "test-io-key"
ON_IO = "RSSMRA80A01F205X"
NOT_ON_IO = "VRDGPP80A01F205Q"


class FakeIo:
    """IO's services API as far as we use it; records what it was sent."""

    def __init__(self):
        self.messages, self.profile_checks, self.down = [], [], False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if fake.down:
                    return self._answer(503, {"title": "down"})
                if self.headers.get("Ocp-Apim-Subscription-Key") != KEY:
                    return self._answer(401, {"title": "bad key"})
                if self.path == "/api/v1/profiles":
                    fake.profile_checks.append(body["fiscal_code"])
                    if body["fiscal_code"] != ON_IO:
                        return self._answer(404, {"title": "not found"})
                    return self._answer(200, {"sender_allowed": True})
                if self.path == "/api/v1/messages":
                    content = body["content"]
                    assert 10 <= len(content["subject"]) <= 120
                    assert 80 <= len(content["markdown"]) <= 10000
                    fake.messages.append(body)
                    return self._answer(201, {"id": f"msg-{len(fake.messages)}"})
                return self._answer(404, {})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
