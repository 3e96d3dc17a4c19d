from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from manifatture.directory import geo
from manifatture.directory.models import Municipio
from manifatture.directory.services import locate_sites
from manifatture.directory.sources import read_json


class Command(BaseCommand):
    help = "Load the boundaries of Milan's Municipi (GeoJSON, path or URL) and place the sites in them."

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            default=str(settings.SHARED_DATA_DIR / "milano_municipi.geojson"),
            help="Path or URL of the Comune di Milano Municipi GeoJSON (field MUNICIPIO).",
        )

    def handle(self, *args, source: str, **options):
        try:
            data = read_json(source)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        features = data.get("features", [])
        with transaction.atomic():
            for feature in features:
                number = int(feature["properties"]["MUNICIPIO"])
                min_lon, min_lat, max_lon, max_lat = geo.bbox(feature["geometry"])
                Municipio.objects.update_or_create(
                    number=number,
                    defaults={
                        "geometry": feature["geometry"],
                        "min_latitude": min_lat,
                        "max_latitude": max_lat,
                        "min_longitude": min_lon,
                        "max_longitude": max_lon,
                    },
                )
            located = locate_sites()
        self.stdout.write(f"{len(features)} municipi loaded; {located} sites placed.")
