import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import formats, timezone

from manifatture.demo.builder import (
    ACCOUNTS,
    PASSWORD,
    TOTP_SECRET,
    build_demo,
    demo_is_loaded,
)
from manifatture.demo.live import current_edition_data
from manifatture.editions.models import Edition

# The demo's bookings, ballot entries and albo decisions go through the services,
# which queue e-mails: to invented people, so none is queued (the dummy backend keeps
# them in memory and drops them).
NO_EMAIL_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class Command(BaseCommand):
    help = (
        "Load the demo: the comuni, Municipi and NIL; Manifatture Aperte 2018 and 2019 as "
        "history and a current edition dated from today (registration open, event in three "
        "weeks, a preview today); hosts, programmes, bookings, a ballot, the albo, spaces, "
        "calls, news and matching; one account per role. Does nothing if the demo is there "
        "(--fresh empties the database and loads it again, dated from today)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fresh",
            action="store_true",
            help=(
                "Delete EVERYTHING in this database (its public schema), migrate and load the "
                "demo again with today's dates. Only with DEBUG on (never in production)."
            ),
        )

    def handle(self, *args, fresh: bool = False, **options):
        if fresh:
            self.empty_database()
        if demo_is_loaded():
            self.stdout.write("The demo data is already loaded: nothing to do.")
            current = Edition.objects.filter(is_current=True).first()
            today = timezone.localdate()
            if current and current.event_start != current_edition_data(today).event_start:
                self.stdout.write(
                    "Its current edition was dated from another day: `manage.py load_demo "
                    "--fresh` loads it again from today (and deletes everything else here)."
                )
            self.print_logins()
            return
        if Edition.objects.exists():
            raise CommandError(
                "This database already has editions but not the demo: load the demo into a "
                "fresh database (`manage.py load_demo --fresh` empties this one first)."
            )
        started = time.monotonic()
        with override_settings(TASKS=NO_EMAIL_TASKS), transaction.atomic():
            call_command("load_comuni", stdout=self.stdout)
            call_command("load_municipi", stdout=self.stdout)
            call_command("load_nil", stdout=self.stdout)
            summary = build_demo()
            call_command("import_botteghe", stdout=self.stdout)
        # Fresh statistics for the planner: right after thousands of rows arrive it
        # would otherwise plan the dashboard's reads for empty tables (minutes, not
        # milliseconds, until autovacuum's analyze comes round).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
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

    def empty_database(self) -> None:
        if not settings.DEBUG:
            raise CommandError("--fresh deletes the whole database: only with DEBUG on.")
        self.stdout.write(f"Emptying the database {connection.settings_dict['NAME']}…")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        call_command("migrate", interactive=False, verbosity=0)

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
        url = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"Open {url} (admin: {url}/admin/)")
