import socket

import pytest
from django.core.management import call_command

from .smtp import FakeSMTPServer


def smtp_settings(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def free_port() -> int:
    """A port nothing listens on (a mail server that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_worker() -> None:
    """The real worker, in this process, until the queue has nothing due."""
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


@pytest.fixture
def db_tasks(settings):
    """The database task queue of production instead of the tests' immediate one."""
    settings.TASKS = {
        "default": {
            "BACKEND": "manifatture.operations.queue.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture
def smtp(settings):
    """A working SMTP server, and the mailer pointed at it."""
    with FakeSMTPServer() as server:
        settings.MAILERS = smtp_settings(server.port)
        yield server
