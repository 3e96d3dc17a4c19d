from django.core.management.base import BaseCommand, CommandError

from manifatture.directory.exceptions import DirectoryError
from manifatture.directory.imports import (
    CREATED,
    OUTCOME_LABELS,
    ImportReport,
    TerminalProgress,
    run_import,
)
from manifatture.directory.models import ImportJob
from manifatture.directory.sources import read_text


def print_report(command: BaseCommand, report: ImportReport, *, verbose: bool) -> None:
    for row in report.rows:
        if row.outcome == CREATED and not (verbose and row.messages):
            continue
        label = OUTCOME_LABELS[row.outcome]
        command.stdout.write(f"  riga {row.line} · {row.name or '—'} · {label}")
        for message in row.messages:
            command.stdout.write(f"      {message}")
    verb = "imported" if report.saved else "to import"
    command.stdout.write(
        f"{len(report.rows)} rows: {report.to_create} {verb}, "
        f"{report.duplicates} already in the directory, {report.invalid} with errors."
    )
    if report.left_out:
        command.stdout.write(
            f"{len(report.left_out)} historic workshops left out: their trade neither makes "
            "nor repairs things (manifatture/directory/data/botteghe_trades.csv)."
        )
    for trade in report.unclassified_trades:
        command.stdout.write(f"  trade not classified yet, left out: {trade}")


class Command(BaseCommand):
    help = (
        "Import organisations and their sites from a chamber-of-commerce CSV, the "
        "Comune's FabLab CSV or the historic workshops JSON (path or URL). Checks every "
        "row first; writes nothing if a row has errors (unless --skip-invalid), and "
        "everything in one transaction."
    )
    default_format: str | None = None

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path or URL of the file.")
        if self.default_format is None:
            parser.add_argument(
                "--format", required=True, choices=[value for value, _ in ImportJob.Format.choices]
            )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and leave out the rows with errors.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw the progress bar."
        )

    def handle(self, *args, source: str, **options):
        format = options.get("format") or self.default_format
        assert format, "--format is required without a default"
        try:
            text = read_text(source)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        progress = None if options["no_progress"] else TerminalProgress(label="Controllo")
        try:
            report = run_import(
                format,
                text,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except DirectoryError as error:
            raise CommandError(str(error.message)) from error
        print_report(self, report, verbose=options["verbosity"] > 1)
        if report.invalid and not options["skip_invalid"] and not options["dry_run"]:
            raise CommandError(
                "Nothing imported: fix the rows with errors, or run again with --skip-invalid."
            )
