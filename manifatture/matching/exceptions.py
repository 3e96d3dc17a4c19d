from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class MatchingError(DomainError):
    default_message = _("Operazione non riuscita.")


class NeedNotDescribed(MatchingError):
    default_message = _(
        "Scegliete almeno una lavorazione o un materiale: servono a trovare chi sa farlo."
    )


class NoPlace(MatchingError):
    default_message = _("Indicate dove: una delle vostre sedi oppure un quartiere.")


class NeedClosed(MatchingError):
    default_message = _("Questa richiesta è chiusa: non si possono più contattare realtà.")


class AlreadyContacted(MatchingError):
    default_message = _("Avete già scritto a questa realtà per questa richiesta.")


class NotReachable(MatchingError):
    default_message = _(
        "Questa realtà non ha ancora un account sulla piattaforma: non può ricevere messaggi."
    )


class CannotContactYourself(MatchingError):
    default_message = _("Non potete contattare la vostra stessa organizzazione.")


class AlreadyAnswered(MatchingError):
    default_message = _("Avete già risposto a questo messaggio.")


class NotAMatch(MatchingError):
    default_message = _(
        "Potete scrivere solo alle realtà proposte per questa richiesta: questa non è tra loro."
    )


class SenderBlocked(MatchingError):
    default_message = _(
        "Questa realtà ha scelto di non ricevere altri messaggi dalla vostra impresa."
    )


class AlreadyReported(MatchingError):
    default_message = _("Avete già segnalato questo messaggio.")
