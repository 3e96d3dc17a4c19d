from django.core.management.base import BaseCommand

from manifatture.directory import services


class Command(BaseCommand):
    help = (
        "Ask the owners of profiles not confirmed for a year to confirm them (once per "
        "year) and archive the profiles not confirmed for eighteen months. Run it daily; "
        "running it twice sends nothing twice. Also deletes invitations answered or "
        "expired long ago."
    )

    def handle(self, *args, **options):
        asked = services.request_confirmations()
        archived = services.archive_stale()
        invitations = services.prune_invitations()
        self.stdout.write(
            f"{asked} organisations asked to confirm; {archived} archived; "
            f"{invitations} old invitations deleted."
        )
