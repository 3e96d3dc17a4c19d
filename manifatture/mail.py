"""Outgoing e-mail. Every message is rendered in the recipient's language and
sent by a task, so a slow or broken mail server never blocks a page.

Services call `send_templated_email` inside `transaction.on_commit`, so a
message is queued only if the change it announces was saved.
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation


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


@task(queue_name="default")
def send_email(
    to: list[str],
    subject: str,
    text: str,
    html: str,
    attachments: list[Attachment] | None = None,
) -> int:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message.send()


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
    )
