from django.core.management.base import BaseCommand

from manifatture.bookings.waves import release_due_waves


class Command(BaseCommand):
    help = (
        "Release the waves of places whose announced minute has come: each slot's new seats "
        "go first to its waiting list, in order, then to everyone. The scheduler runs it every "
        "minute (a task also runs it at each wave's minute)."
    )

    def handle(self, *args, **options) -> None:
        released = release_due_waves()
        self.stdout.write(f"released_waves={released}")
