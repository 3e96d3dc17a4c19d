import time

from django.core.management.base import BaseCommand, CommandError

from manifatture.directory.synthetic import generate_city


class Command(BaseCommand):
    help = (
        "Generate a synthetic city of manufacturing actors for benchmarks: points inside "
        "the real NIL polygons, real ATECO codes, Italian names, capabilities and machines. "
        "Deterministic for a given seed. Needs the comuni, Municipi and NIL loaded. "
        "With --national, across every comune loaded (load_comuni with the ISTAT list "
        "of all Italian comuni), Milan keeping its share inside the NIL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40_000)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--national",
            action="store_true",
            help="Spread the actors over every Italian comune loaded, not only Milan.",
        )

    def handle(self, *args, count: int, seed: int, national: bool, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        started = time.monotonic()
        try:
            summary = generate_city(count, seed=seed, national=national)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{summary.organisations} organisations, {summary.sites} sites and "
            f"{summary.machines} machines generated in {time.monotonic() - started:.1f} s."
        )
