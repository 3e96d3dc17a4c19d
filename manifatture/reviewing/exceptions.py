"""Domain errors of the shared review machinery. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class ReviewingError(DomainError):
    default_message = _("Operazione non consentita.")


class NoConflictToOverride(ReviewingError):
    default_message = _(
        "Non c'è un conflitto da escludere: il valutatore non era membro "
        "dell'organizzazione prima dell'invio, oppure l'ha dichiarato lui stesso."
    )


class ReasonRequired(ReviewingError):
    default_message = _("Scrivete il motivo: resta nel registro delle decisioni.")
