from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "manifatture.opendata"
    verbose_name = _("Dati aperti e API")
