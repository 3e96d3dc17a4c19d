from django.tasks import task

from . import services


@task(queue_name="default")
def send_expiry_reminders() -> int:
    """Daily: remind listed organisations before their entry expires."""
    return services.send_expiry_reminders()
