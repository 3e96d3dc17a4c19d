from django.conf import settings

from manifatture.directory.models import ImportJob

from .import_organisations import Command as ImportCommand


class Command(ImportCommand):
    help = (
        "Import the Comune di Milano historic workshops (Botteghe storiche, dataset ds290, "
        "JSON by path or URL). Running it again adds only what is new."
    )
    default_format = ImportJob.Format.BOTTEGHE

    def add_arguments(self, parser):
        super().add_arguments(parser)
        source = next(a for a in parser._actions if a.dest == "source")
        source.nargs = "?"
        source.default = str(settings.SHARED_DATA_DIR / "milano_botteghe_storiche_2024.json")
