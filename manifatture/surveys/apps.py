from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "manifatture.surveys"
    verbose_name = _("Questionari e impatto")

    def ready(self) -> None:
        from manifatture.accounts import personal_data

        from . import queries

        personal_data.register(self.label, export=queries.export_personal_data)
