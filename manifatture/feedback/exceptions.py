from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class FeedbackError(DomainError):
    default_message = _("La richiesta non è valida.")


class NotAPage(FeedbackError):
    default_message = _("Questa pagina non fa parte del sito.")
