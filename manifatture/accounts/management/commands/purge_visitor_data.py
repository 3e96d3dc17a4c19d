"""Anonymise visitors' data of editions past the retention period, and delete
visitor accounts unused for too long (accounts.privacy.purge_visitor_data).
Idempotent: run it daily (it is in the scheduler's SCHEDULE)."""

from django.core.management.base import BaseCommand

from manifatture.accounts.privacy import purge_visitor_data


class Command(BaseCommand):
    help = (
        "Anonymise bookings, waiting lists, ballot choices and plans of editions that "
        "ended more than VISITOR_DATA_RETENTION_DAYS ago; delete visitor accounts "
        "unused for INACTIVE_ACCOUNT_RETENTION_DAYS."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: VISITOR_DATA_RETENTION_DAYS).",
        )

    def handle(self, *args, days: int | None = None, **options) -> None:
        result = purge_visitor_data(days=days)
        self.stdout.write(
            f"editions_ended_before={result.cutoff.isoformat()} "
            f"visitors_anonymised={result.visitors} "
            f"inactive_accounts_deleted={result.inactive_accounts}"
        )
