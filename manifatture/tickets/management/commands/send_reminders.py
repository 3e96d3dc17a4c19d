from django.core.management.base import BaseCommand

from manifatture.tickets.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the day-before reminder, with a one-click cancel link, to every booking for "
        "tomorrow that has not had one. Idempotent: run it every hour from cron or a systemd "
        "timer; reminders go out from REMINDER_FROM_HOUR (default 9) local time."
    )

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        self.stdout.write(f"reminders_sent={sent}")
