from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewingConfig(AppConfig):
    name = "manifatture.reviewing"
    verbose_name = _("Valutazione")
