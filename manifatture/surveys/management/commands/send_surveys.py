from django.core.management.base import BaseCommand

from manifatture.surveys.services import send_survey_invitations


class Command(BaseCommand):
    help = (
        "E-mail the short survey, with a single-use link, to every visitor admitted at the door "
        "whose visit is over and who has not had it. Idempotent: run it every hour (the "
        "scheduler does); invitations go out from REMINDER_FROM_HOUR local time, while the "
        "edition's surveys are open (SURVEY_DAYS after its last day)."
    )

    def handle(self, *args, **options) -> None:
        sent = send_survey_invitations()
        self.stdout.write(f"survey_invitations_sent={sent}")
