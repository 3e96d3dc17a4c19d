from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "manifatture.news"
    verbose_name = _("Notizie")

    def ready(self) -> None:
        from manifatture.accounts import personal_data
        from manifatture.accounts.models import Consent

        from . import queries, services

        personal_data.register(
            self.label, export=queries.export_personal_data, erase=services.erase_personal_data
        )
        personal_data.register_withdrawal(Consent.Purpose.NEWSLETTER, services.stop_newsletter_for)
