"""E-mail leaves through the task queue: rendered per language, sent by the worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from manifatture.mail import render_email, send_templated_email


def test_render_email_in_the_recipients_language():
    subject_it, text_it, html_it = render_email("email/test", {"name": "Giulia"}, "it")
    subject_en, text_en, _ = render_email("email/test", {"name": "Giulia"}, "en")
    assert subject_it == "Prova di invio"
    assert "Ciao Giulia" in text_it
    assert "<p>Ciao Giulia</p>" in html_it
    assert subject_en == "Test message"
    assert "Hello Giulia" in text_en


@pytest.mark.django_db(transaction=True)
def test_database_queue_and_worker_deliver_the_message(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "manifatture.operations.queue.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    send_templated_email(["host@esempio.it"], "email/test", {"name": "Giulia"}, "it")
    # Queued, not sent: the page that asked for it does not wait for SMTP.
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["host@esempio.it"]]
    assert mail.outbox[0].subject == "Prova di invio"


def test_no_recipients_sends_nothing():
    send_templated_email([], "email/test", {"name": "x"}, "it")
    assert mail.outbox == []
