"""Outgoing e-mail. Every message is rendered in the recipient's language and
sent by a task, so a slow or broken mail server never blocks a page.

Services call `send_templated_email` inside `transaction.on_commit`, so a
message is queued only if the change it announces was saved.
"""

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


@task(queue_name="default")
def send_email(to: list[str], subject: str, text: str, html: str) -> int:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message.send()


def send_templated_email(to: list[str], template: str, context: dict, language: str = "") -> None:
    """Render now (context objects need not be serialisable) and queue the sending."""
    if not to:
        return
    subject, text, html = render_email(
        template, context, language or translation.get_language() or "it"
    )
    send_email.enqueue(to=list(to), subject=subject, text=text, html=html)
