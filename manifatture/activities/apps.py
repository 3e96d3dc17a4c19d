from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "manifatture.activities"
    verbose_name = _("Attività")

    def ready(self) -> None:
        # Accepting an application puts its proposed activities into the
        # programme as drafts. participations may not import activities
        # (docs/architecture.md), so activities registers the step it adds.
        from manifatture.participations.services import on_acceptance

        from .services import create_drafts_from_application

        on_acceptance(create_drafts_from_application)
