from django.utils.translation import gettext_lazy as _


class MatchingError(Exception):
    message = _("Operazione non riuscita.")
    field: str | None = None

    def __init__(self, message=None):
        self.message = message or self.message
        super().__init__(str(self.message))


class NeedNotDescribed(MatchingError):
    message = _("Scegliete almeno una lavorazione o un materiale: servono a trovare chi sa farlo.")


class NoPlace(MatchingError):
    message = _("Indicate dove: una delle vostre sedi oppure un quartiere.")


class NeedClosed(MatchingError):
    message = _("Questa richiesta è chiusa: non si possono più contattare realtà.")


class AlreadyContacted(MatchingError):
    message = _("Avete già scritto a questa realtà per questa richiesta.")


class NotReachable(MatchingError):
    message = _(
        "Questa realtà non ha ancora un account sulla piattaforma: non può ricevere messaggi."
    )


class CannotContactYourself(MatchingError):
    message = _("Non potete contattare la vostra stessa organizzazione.")


class AlreadyAnswered(MatchingError):
    message = _("Avete già risposto a questo messaggio.")


class NotAMatch(MatchingError):
    message = _(
        "Potete scrivere solo alle realtà proposte per questa richiesta: questa non è tra loro."
    )


class SenderBlocked(MatchingError):
    message = _("Questa realtà ha scelto di non ricevere altri messaggi dalla vostra impresa.")


class AlreadyReported(MatchingError):
    message = _("Avete già segnalato questo messaggio.")
