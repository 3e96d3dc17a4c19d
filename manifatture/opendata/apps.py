from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_catalogue_contact(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """dati.gov.it refuses a catalogue whose contact point has no e-mail."""
    if settings.OPENDATA_CONTACT_EMAIL:
        return []
    return [
        checks.Warning(
            "The open-data catalogue has no contact e-mail: dati.gov.it will not harvest it.",
            hint="Set OPENDATA_CONTACT_EMAIL (the office that answers about the data).",
            id="manifatture.W010",
        )
    ]


class OpendataConfig(AppConfig):
    name = "manifatture.opendata"
    verbose_name = _("Dati aperti e API")

    def ready(self) -> None:
        checks.register(check_catalogue_contact, deploy=True)
