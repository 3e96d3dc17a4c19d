from django.core.management.base import BaseCommand

from manifatture.bookings.services import expire_offers


class Command(BaseCommand):
    help = (
        "Close the waiting-list offers whose time is up and offer their seats to the next "
        "people in line. Run it from cron every few minutes (a task also runs it at each "
        "offer's deadline)."
    )

    def handle(self, *args, **options) -> None:
        expired = expire_offers()
        self.stdout.write(f"expired_offers={expired}")
