from django.core.management.base import BaseCommand

from manifatture.bookings.reconfirmation import run_booking_deadlines


class Command(BaseCommand):
    help = (
        "Release the bookings not confirmed by their deadline (their seats go to the waiting "
        "list through the booking engine) and ask the bookings whose time has come to confirm "
        "(one e-mail each, ever). Idempotent and safe to run from several places at once: "
        "run it every few minutes (the scheduler does, see SCHEDULE)."
    )

    def handle(self, *args, **options) -> None:
        done = run_booking_deadlines()
        self.stdout.write(
            f"released_unconfirmed={done['released']} asked_to_confirm={done['asked']}"
        )
