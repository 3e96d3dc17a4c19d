"""Outgoing e-mail. Every message is rendered in the recipient's language and
sent by a task, so a slow or broken mail server never blocks a page.

Services call `send_templated_email` inside `transaction.on_commit`, so a
message is queued only if the change it announces was saved.

Delivery survives failures (docs/deploy.md, "E-mail delivery"):
- each message has an idempotency key, recorded in `OutgoingEmail`; a message
  recorded as sent is never sent again, whichever task runs it again;
- a temporary SMTP failure (server down, 4xx answer) queues the message again
  with exponential backoff, up to MAIL_MAX_ATTEMPTS attempts;
- a task left running by a worker that died is queued again by the other
  workers (manifatture.operations), and sends the message it had not sent.

The one window for a duplicate is a worker dying after the SMTP server accepted
the message and before the record says "sent" (milliseconds): SMTP has no
idempotent submission, so we prefer a rare duplicate, carrying the same
Message-ID (mail clients show it once), to a lost ticket.
"""

import base64
import contextvars
import hashlib
import logging
import smtplib
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from django.dispatch import Signal
from django.tasks import TaskContext, task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from manifatture.operations import conf as operations_conf
from manifatture.operations import services as operations

logger = logging.getLogger(__name__)


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html`."""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, text, html


# An attachment as it travels through the task queue (JSON): file name, the
# content in base64 and its MIME type.
Attachment = tuple[str, str, str]


def attachment(filename: str, content: bytes | str, mimetype: str) -> Attachment:
    """An attachment that survives the task queue's serialisation."""
    data = content.encode() if isinstance(content, str) else content
    return (filename, base64.b64encode(data).decode("ascii"), mimetype)


# Idempotency keys ---------------------------------------------------------------------
#
# A message queued by a page gets a random key when it is queued: the page
# queues it once. A message queued by a task (a booking's confirmation, a
# newsletter batch) gets a key made from the task's id, so that the task, run
# again after its worker died, queues the same keys and nothing twice.

# The tasks running in this thread (innermost last), each with how many
# messages it queued per (template, recipients).
_running_tasks: contextvars.ContextVar[tuple[tuple[str, dict], ...]] = contextvars.ContextVar(
    "running_tasks", default=()
)


def task_started(sender, task_result, **kwargs) -> None:
    _running_tasks.set((*_running_tasks.get(), (str(task_result.id), {})))


def task_finished(sender, task_result, **kwargs) -> None:
    stack = list(_running_tasks.get())
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0] == str(task_result.id):
            del stack[index]
            break
    _running_tasks.set(tuple(stack))


def idempotency_key(template: str, to: list[str]) -> str:
    stack = _running_tasks.get()
    if not stack:
        return f"q-{uuid.uuid4().hex}"
    task_id, counts = stack[-1]
    what = (template, tuple(sorted(to)))
    counts[what] = counts.get(what, 0) + 1
    seed = "\n".join([task_id, template, *what[1], str(counts[what])])
    return f"t-{hashlib.sha256(seed.encode()).hexdigest()}"


def message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


# Sending --------------------------------------------------------------------------------


def is_temporary(error: Exception) -> bool:
    """Worth trying again later: the server is unreachable or busy (4xx), or
    refuses our credentials (a configuration the operators can fix)."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    return isinstance(error, OSError)  # connection refused, timeouts, disconnections


@task(queue_name="default", takes_context=True)
def send_email(
    context: TaskContext,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    attachments: list[list[str]] | None = None,  # each an attachment(), as JSON brings it
    key: str = "",
) -> str:
    """Send one message once: "sent", "duplicate" (already sent), "busy"
    (another task is sending it: looked at again later) or "deferred" (SMTP
    failed for now: queued again later)."""
    key = key or f"task-{context.task_result.id}"
    claim, record = operations.claim_email(key=key, task_id=str(context.task_result.id))

    def again(run_after: datetime) -> None:
        send_email.using(run_after=run_after).enqueue(
            to=to, subject=subject, text=text, html=html, attachments=attachments, key=key
        )

    if claim is operations.Claim.DONE:
        return "duplicate"
    if claim is operations.Claim.BUSY:
        assert record.claimed_at is not None  # BUSY: claimed by a task within its lease
        again(record.claimed_at + operations_conf.mail_send_lease() + timedelta(seconds=1))
        return "busy"

    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.extra_headers["Message-ID"] = message_id(key)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(content), mimetype)
    try:
        message.send()
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"
        if is_temporary(error) and record.attempts < settings.MAIL_MAX_ATTEMPTS:
            delay = operations.retry_delay(record.attempts)
            operations.mark_email_deferred(key=key, error=reason)
            again(timezone.now() + delay)
            logger.warning(
                "e-mail %s: attempt %s failed (%s), next in %ss",
                key,
                record.attempts,
                type(error).__name__,
                int(delay.total_seconds()),
            )
            return "deferred"
        operations.mark_email_failed(key=key, error=reason)
        logger.error("e-mail %s: given up after %s attempts (%s)", key, record.attempts, reason)
        raise
    operations.mark_email_sent(key=key)
    return "sent"


# Sent when a message is queued, with `template`, `to`, `subject`, `text` and the
# `context` it was rendered with: another channel may carry the same message
# (accounts.appio: the IO app, for those who asked).
email_queued = Signal()


def send_templated_email(
    to: list[str],
    template: str,
    context: dict,
    language: str = "",
    attachments: list[Attachment] | None = None,
) -> None:
    """Render now (context objects need not be serialisable) and queue the sending.
    `attachments` are made with `attachment()`."""
    if not to:
        return
    subject, text, html = render_email(
        template, context, language or translation.get_language() or "it"
    )
    send_email.enqueue(
        to=list(to),
        subject=subject,
        text=text,
        html=html,
        attachments=[list(item) for item in attachments or []],
        key=idempotency_key(template, list(to)),
    )
    # Robust: another channel's failure never stops the e-mail (accounts.appio logs its own).
    email_queued.send_robust(
        sender=send_templated_email,
        template=template,
        to=list(to),
        subject=subject,
        text=text,
        context=context,
    )


class ConsoleBackend(DjangoConsoleBackend):
    """The development backend (the default without EMAIL_BACKEND): each message on
    the task worker's console as a person reads it, the headers that matter and the
    text part decoded, so that a link (the sign-up's verification) can be followed
    as printed. Django's own console backend prints the raw MIME message, where
    quoted-printable splits long links over lines ending in \"=\"."""

    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
        ]
        attachments = [
            a[0] if isinstance(a, tuple) else a.get_filename() for a in message.attachments
        ]
        if attachments:
            lines.append(f"Attachments: {', '.join(str(a) for a in attachments)}")
        self.stream.write("\n".join(lines) + "\n\n" + message.body.rstrip() + "\n")
        self.stream.write("-" * 79 + "\n")
