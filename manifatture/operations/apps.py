from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "manifatture.operations"
    verbose_name = _("Funzionamento")

    def ready(self) -> None:
        from django.tasks.signals import task_finished, task_started

        from manifatture import mail

        # E-mails queued by a task take their idempotency keys from the task's id.
        task_started.connect(mail.task_started, dispatch_uid="mail_task_started")
        task_finished.connect(mail.task_finished, dispatch_uid="mail_task_finished")
