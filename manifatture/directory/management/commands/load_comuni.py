import csv
import io

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from manifatture.directory.models import Comune
from manifatture.directory.sources import read_text

REQUIRED = {"codice_istat", "denominazione", "sigla"}


class Command(BaseCommand):
    help = "Load or update the ISTAT list of Italian comuni from its CSV (path or URL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            default=str(settings.SHARED_DATA_DIR / "istat_comuni_italia.csv"),
            help="Path or URL of the ISTAT 'Elenco comuni italiani' CSV.",
        )

    def handle(self, *args, source: str, **options):
        try:
            rows = list(csv.DictReader(io.StringIO(read_text(source))))
        except OSError as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        if not rows or not set(rows[0]) >= REQUIRED:
            raise CommandError(f"{source} lacks the columns {sorted(REQUIRED)}.")
        comuni = [
            Comune(
                istat_code=row["codice_istat"].strip().zfill(6),
                name=row["denominazione"].strip(),
                province=row["sigla"].strip(),
                region=row.get("denominazione_regione", "").strip(),
            )
            for row in rows
        ]
        with transaction.atomic():
            Comune.objects.bulk_create(
                comuni,
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["istat_code"],
                update_fields=["name", "province", "region"],
            )
        self.stdout.write(f"{len(comuni)} comuni loaded from {source}.")
