from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "manifatture.web"
    verbose_name = _("Pagine del sito")
