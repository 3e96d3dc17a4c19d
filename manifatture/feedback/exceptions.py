from django.utils.translation import gettext_lazy as _


class FeedbackError(Exception):
    message = _("La richiesta non è valida.")

    def __init__(self, message=None):
        self.message = message or self.message
        super().__init__(str(self.message))


class NotAPage(FeedbackError):
    message = _("Questa pagina non fa parte del sito.")
