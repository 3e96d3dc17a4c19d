from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationsConfig(AppConfig):
    name = "manifatture.qualifications"
    verbose_name = _("Albo")
