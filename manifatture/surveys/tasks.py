"""Background work of surveys, run by the task worker."""

from django.tasks import task

from . import services


@task(queue_name="default")
def send_survey_invitations_task() -> int:
    """The survey invitations (services.send_survey_invitations), for schedulers
    that enqueue tasks rather than run commands."""
    return services.send_survey_invitations()
