"""Background work of tickets, run by the task worker."""

from django.tasks import task

from . import services


@task(queue_name="default")
def send_reminders_task() -> int:
    """The day-before reminders (see services.send_reminders), for schedulers
    that enqueue tasks rather than run commands."""
    return services.send_reminders()
