from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from manifatture.directory.services import load_nils
from manifatture.directory.sources import read_json


class Command(BaseCommand):
    help = (
        "Load Milan's NIL (neighbourhoods) from the Comune's GeoJSON (path or URL), "
        "mark the periphery (docs/periphery.md) and place every site in its NIL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            default=str(settings.SHARED_DATA_DIR / "milano_nil_2020.geojson"),
            help="Path or URL of the Comune di Milano NIL GeoJSON (fields ID_NIL, NIL).",
        )

    def handle(self, *args, source: str, **options):
        try:
            features = read_json(source).get("features", [])
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        if not features or any(
            not {"ID_NIL", "NIL"} <= set(f.get("properties") or {}) for f in features
        ):
            raise CommandError(f"{source} has no features with ID_NIL and NIL.")
        try:
            nils = load_nils(features)
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(f"{source} is not a NIL GeoJSON: {error}") from error
        periphery = sum(nil.is_periphery for nil in nils)
        self.stdout.write(f"{len(nils)} NIL loaded from {source}; {periphery} in the periphery.")
