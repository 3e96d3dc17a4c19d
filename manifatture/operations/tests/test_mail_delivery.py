"""E-mail leaves exactly once, whatever the mail server does: down (the page
still answers, the message follows when it is back), refusing, or the same
message queued twice (a retried task)."""

import datetime

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.mail import message_id, send_email, send_templated_email
from manifatture.operations.models import OutgoingEmail

from .conftest import free_port, run_worker, smtp_settings
from .smtp import FakeSMTPServer

pytestmark = pytest.mark.django_db(transaction=True)


def task_returns(task_path_end: str) -> list:
    return sorted(
        r.return_value
        for r in DBTaskResult.objects.filter(task_path__endswith=task_path_end)
        if r.status == TaskResultStatus.SUCCESSFUL
    )


def time_passes() -> None:
    """The retries' time comes."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


@pytest.fixture
def slot():
    edition = PhasedEditionFactory(registration=True)
    return TimeSlotFactory(activity=ActivityFactory(edition=edition), capacity=5)


def test_mail_server_down_booking_succeeds_and_the_ticket_follows(client, settings, db_tasks, slot):
    port = free_port()
    settings.MAILERS = smtp_settings(port)  # nothing listens there: the server is down
    visitor = UserFactory()
    client.force_login(visitor)

    response = client.post(
        reverse("bookings:book", args=[slot.pk]), {"party_size": "1"}, follow=True
    )

    booking = slot.bookings.get(visitor=visitor)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ve lo mandiamo anche per e-mail, che può arrivare con qualche minuto di ritardo" in page
    assert booking.ticket_code in page

    run_worker()  # renders the confirmation, tries to send it: connection refused

    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.DEFERRED, 1)
    assert email.last_error.startswith("ConnectionRefusedError")
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    wait = retry.run_after - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(seconds=60)

    run_worker()  # too early: nothing is due
    assert OutgoingEmail.objects.get().attempts == 1

    with FakeSMTPServer(port) as server:  # the mail server is back
        time_passes()
        run_worker()

    [message] = server.messages
    assert message["To"] == visitor.email
    assert message["Message-ID"].strip() == message_id(email.key)
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == [f"biglietto-{booking.ticket_code}.png", "manifatture-aperte.ics"]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)
    assert task_returns("mail.send_email") == ["deferred", "sent"]


def test_a_refused_recipient_is_not_tried_again(db_tasks, smtp):
    smtp.refuse_recipients = "550 5.1.1 no such mailbox"
    send_templated_email(["nessuno@esempio.it"], "email/test", {"name": "x"}, "it")

    run_worker()

    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 1)
    assert "550" in email.last_error
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    assert smtp.messages == []


def test_gives_up_after_the_last_attempt(settings, db_tasks):
    settings.MAILERS = smtp_settings(free_port())
    settings.MAIL_MAX_ATTEMPTS = 3
    send_templated_email(["giulia@esempio.it"], "email/test", {"name": "Giulia"}, "it")

    run_worker()
    for _ in range(2):
        time_passes()
        run_worker()

    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 3)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL", "SUCCESSFUL"]  # deferred, deferred, given up


def test_backoff_doubles_up_to_the_cap(settings, db_tasks):
    settings.MAILERS = smtp_settings(free_port())
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 150
    send_templated_email(["giulia@esempio.it"], "email/test", {"name": "Giulia"}, "it")
    waits = []
    for _ in range(3):
        run_worker()
        retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        waits.append(round((retry.run_after - timezone.now()).total_seconds() / 10) * 10)
        time_passes()
    assert waits == [60, 120, 150]


def test_the_same_message_queued_twice_leaves_once(db_tasks, smtp):
    for _ in range(2):
        send_email.enqueue(
            to=["giulia@esempio.it"], subject="Prova", text="Ciao", html="<p>Ciao</p>", key="k1"
        )

    run_worker()

    assert len(smtp.messages) == 1
    assert task_returns("mail.send_email") == ["duplicate", "sent"]


def test_a_task_run_again_queues_the_same_keys(client, db_tasks, smtp, slot):
    """A task whose worker died is run again (operations.services): the
    e-mails it queues have the same keys as the first time, so none leaves twice."""
    visitor = UserFactory()
    client.force_login(visitor)
    client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": "1"})
    run_worker()
    assert len(smtp.messages) == 1

    confirmation = DBTaskResult.objects.get(task_path__endswith="send_booking_confirmation")
    DBTaskResult.objects.filter(pk=confirmation.pk).update(status=TaskResultStatus.READY)
    run_worker()

    assert len(smtp.messages) == 1
    assert task_returns("mail.send_email") == ["duplicate", "sent"]
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_a_message_another_task_is_sending_waits_for_its_lease(settings, db_tasks, smtp):
    settings.MAIL_SEND_LEASE_SECONDS = 300
    claimed = timezone.now()
    OutgoingEmail.objects.create(
        key="k2", attempts=1, claimed_by="another-task", claimed_at=claimed
    )
    send_email.enqueue(to=["giulia@esempio.it"], subject="Prova", text="Ciao", html="", key="k2")

    run_worker()

    assert smtp.messages == []
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after == claimed + datetime.timedelta(seconds=301)

    # The other task's worker died and its lease ran out: this one sends.
    OutgoingEmail.objects.update(claimed_at=claimed - datetime.timedelta(seconds=400))
    time_passes()
    run_worker()
    assert len(smtp.messages) == 1
    assert OutgoingEmail.objects.get().attempts == 2


def test_pages_never_wait_for_the_mail_server(client, settings, db_tasks):
    """Pages queue e-mail and answer: with the mail server down, asking for a
    password reset works as usual."""
    settings.MAILERS = smtp_settings(free_port())
    user = UserFactory()

    response = client.post(reverse("accounts:password_reset"), {"email": user.email})

    assert response.status_code == 302
    assert DBTaskResult.objects.filter(task_path__endswith="mail.send_email").count() == 1
    assert not OutgoingEmail.objects.exists()  # nothing tried yet: the worker will
