"""Domain errors of the qualified list, each with a message the views show as is."""

from django.utils.translation import gettext_lazy as _


class QualificationError(Exception):
    message = _("Operazione non riuscita.")
    field: str | None = None

    def __init__(self, message=None):
        self.message = message or self.message
        super().__init__(str(self.message))


class NotEligible(QualificationError):
    message = _(
        "L'albo è riservato a fablab, makerspace, innovation hub e coworking: cambiate la "
        "categoria nel profilo se è quella giusta."
    )


class CriteriaNotDeclared(QualificationError):
    message = _("Per presentare la domanda dichiarate di soddisfare tutti i criteri.")
    field = "criteria"


class DocumentsMissing(QualificationError):
    message = _("Allegate almeno un documento (ad esempio il regolamento d'uso).")
    field = "documents"


class PendingApplicationExists(QualificationError):
    message = _("C'è già una domanda in verifica per questa organizzazione: attendete l'esito.")


class AlreadyListed(QualificationError):
    message = _(
        "L'organizzazione è già iscritta all'albo: potrete rinnovare l'iscrizione nei "
        "%(days)s giorni prima della scadenza."
    )


class RenewalNotOpen(QualificationError):
    message = _(
        "Il rinnovo si può chiedere a partire da %(days)s giorni prima della scadenza "
        "(dal %(date)s)."
    )


class NotPending(QualificationError):
    message = _("La domanda non è più in verifica: è già stata decisa o ritirata.")


class RejectionNeedsReason(QualificationError):
    message = _("Scrivete il motivo: sarà comunicato a chi ha presentato la domanda.")
    field = "reason"
