from django.core.management.base import BaseCommand

from manifatture.qualifications.services import send_expiry_reminders


class Command(BaseCommand):
    help = (
        "E-mail the qualified-list entries that expire soon (60 and 14 days before, by "
        "default). Run it daily: each reminder goes out once."
    )

    def handle(self, *args, **options):
        sent = send_expiry_reminders()
        self.stdout.write(f"{sent} reminders sent.")
