"""Newsletter delivery through the task queue: one task per batch of
subscribers, which queues one e-mail per person (each has a personal
unsubscribe link)."""

from django.tasks import task

from manifatture.mail import send_templated_email

from .models import NewsletterIssue, Subscriber
from .rendering import render_markdown
from .tokens import unsubscribe_url

BATCH_SIZE = 100


@task(queue_name="default")
def deliver_newsletter(issue_id: int, subscriber_ids: list[int]) -> int:
    """Queue the e-mails of one batch; returns how many were queued. People who
    unsubscribed after the issue was sent are skipped."""
    issue = NewsletterIssue.objects.get(pk=issue_id)
    bodies: dict[str, str] = {}
    queued = 0
    for subscriber in Subscriber.objects.filter(
        pk__in=subscriber_ids, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk"):
        language = subscriber.language
        if language not in bodies:
            bodies[language] = render_markdown(issue.body_in(language), absolute=True)
        send_templated_email(
            [subscriber.email],
            "news/email/newsletter",
            {
                "subject": issue.subject_in(language),
                "body_html": bodies[language],
                "body_text": issue.body_in(language),
                "unsubscribe_url": unsubscribe_url(subscriber),
            },
            language,
        )
        queued += 1
    return queued
