from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationsConfig(AppConfig):
    name = "manifatture.qualifications"
    verbose_name = _("Albo")

    def ready(self) -> None:
        from manifatture.accounts import personal_data

        from . import queries

        personal_data.register(self.label, export=queries.export_personal_data)
