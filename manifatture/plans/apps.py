from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "manifatture.plans"
    verbose_name = _("La mia giornata")

    def ready(self) -> None:
        from manifatture.accounts import personal_data

        from . import queries, services

        personal_data.register(
            self.label,
            export=queries.export_personal_data,
            erase=services.erase_personal_data,
            expired_visitors=queries.expired_visitors,
            detach_expired=services.delete_expired_items,
        )
