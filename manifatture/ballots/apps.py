from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "manifatture.ballots"
    verbose_name = _("Sorteggi")

    def ready(self) -> None:
        from manifatture.accounts import personal_data

        from . import queries, services

        personal_data.register(
            self.label,
            export=queries.export_personal_data,
            erase=services.erase_personal_data,
            expired_visitors=queries.expired_visitors,
            detach_expired=services.detach_expired_entries,
        )
