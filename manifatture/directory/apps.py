from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "manifatture.directory"
    verbose_name = _("Elenco delle organizzazioni")
