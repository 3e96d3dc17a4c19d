"""Request ids and structured (JSON) log lines."""

import json
import logging

import pytest

from manifatture.operations.logs import JsonFormatter, RequestContextFilter


@pytest.fixture
def json_lines():
    """The JSON lines logged while the test runs, as production writes them."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    level = logging.getLogger("manifatture.requests").level
    logging.getLogger("manifatture.requests").setLevel(logging.INFO)
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)
    logging.getLogger("manifatture.requests").setLevel(level)


@pytest.mark.django_db
def test_each_request_has_an_id_in_the_response_and_the_log(client, json_lines):
    response = client.get("/salute/")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = [json.loads(line) for line in json_lines if '"manifatture.requests"' in line]
    assert line["request_id"] == request_id
    assert line["level"] == "INFO"
    assert line["message"] == "GET /salute/ 200"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/salute/", 200)
    assert line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")
    assert "user_id" not in line


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_if_it_looks_like_one(client):
    kept = client.get("/salute/", headers={"X-Request-ID": "nginx-5f0c2a9e1b"})
    assert kept["X-Request-ID"] == "nginx-5f0c2a9e1b"
    replaced = client.get("/salute/", headers={"X-Request-ID": "bad id\nwith a line break"})
    assert replaced["X-Request-ID"] != "bad id\nwith a line break"
    assert len(replaced["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_log_lines_of_a_logged_in_request_carry_the_user_id_only(client, json_lines):
    from manifatture.accounts.tests.factories import UserFactory

    user = UserFactory(email="anna.bianchi@esempio.it")
    client.force_login(user)

    client.get("/account/")

    [line] = [json.loads(line) for line in json_lines if '"manifatture.requests"' in line]
    assert line["user_id"] == user.pk
    assert "bianchi" not in json.dumps(json_lines)


def test_a_line_with_an_exception_stays_one_json_object():
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("here",), exc_info=True
        )
        import sys

        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed here"
    assert "ValueError: boom" in entry["exception"]
