from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "manifatture.directory"
    verbose_name = _("Elenco delle organizzazioni")

    def ready(self) -> None:
        from manifatture.accounts import personal_data

        from . import queries, services

        personal_data.register(
            self.label,
            export=queries.export_personal_data,
            erase=services.erase_personal_data,
        )
