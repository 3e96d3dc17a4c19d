import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import formats

from manifatture.demo.builder import (
    ACCOUNTS,
    PASSWORD,
    TOTP_SECRET,
    build_demo,
    demo_is_loaded,
)
from manifatture.editions.models import Edition

URL = "http://127.0.0.1:8000"
# The demo's bookings, ballot entries and albo decisions go through the services,
# which queue e-mails: to invented people, so none is queued (the dummy backend keeps
# them in memory and drops them).
NO_EMAIL_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class Command(BaseCommand):
    help = (
        "Load the demo: the comuni, Municipi and NIL; Manifatture Aperte 2018 and 2019 as "
        "history and a current edition dated from today (registration open, event in three "
        "weeks, a preview today); hosts, programmes, bookings, a ballot, the albo, spaces, "
        "calls, news and matching; one account per role. Does nothing if the demo is there."
    )

    def handle(self, *args, **options):
        if demo_is_loaded():
            self.stdout.write("The demo data is already loaded: nothing to do.")
            self.print_logins()
            return
        if Edition.objects.exists():
            raise CommandError(
                "This database already has editions but not the demo: "
                "load the demo into a fresh database (delete db.sqlite3 and run `make run`)."
            )
        started = time.monotonic()
        with override_settings(TASKS=NO_EMAIL_TASKS), transaction.atomic():
            call_command("load_comuni", stdout=self.stdout)
            call_command("load_municipi", stdout=self.stdout)
            call_command("load_nil", stdout=self.stdout)
            summary = build_demo()
            call_command("import_botteghe", stdout=self.stdout)
        current = summary.current
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {time.monotonic() - started:.1f} s: "
                f"{summary.organisations} organisations, {summary.applications} applications, "
                f"{summary.activities_2019} activities and {summary.slots_2019} time slots "
                f"in 2019, {summary.routes} routes."
            )
        )
        self.stdout.write(
            f"Current edition: {current.title}, event on "
            f"{formats.date_format(current.event_start, 'j F Y')}–"
            f"{formats.date_format(current.event_end, 'j F Y')}, visitor registration open; "
            f"{summary.activities_current} activities, {summary.slots_current} time slots, "
            f"{summary.preview_slots} of them a preview running all day today."
        )
        self.print_logins()

    def print_logins(self) -> None:
        width = max(len(account.label) for account in ACCOUNTS)
        email_width = max(len(account.email) for account in ACCOUNTS)
        self.stdout.write("")
        self.stdout.write(f"  {'role':<{width}}  {'e-mail':<{email_width}}  password")
        self.stdout.write(f"  {'-' * width}  {'-' * email_width}  {'-' * len(PASSWORD)}")
        for account in ACCOUNTS:
            self.stdout.write(
                f"  {account.label:<{width}}  {account.email:<{email_width}}  {PASSWORD}"
            )
        self.stdout.write("")
        self.stdout.write(
            "City staff also give a second factor (a 6-digit code) after the password: add the "
            f"secret {TOTP_SECRET} to an authenticator app, or run `manage.py demo_code`."
        )
        self.stdout.write(f"Open {URL} (admin: {URL}/admin/)")
