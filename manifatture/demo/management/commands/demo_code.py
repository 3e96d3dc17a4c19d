import pyotp
from django.core.management.base import BaseCommand

from manifatture.demo.builder import TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of the demo staff account (its secret is "
        "published with the demo; no other account's code can be read this way)."
    )

    def handle(self, *args, **options):
        self.stdout.write(pyotp.TOTP(TOTP_SECRET).now())
