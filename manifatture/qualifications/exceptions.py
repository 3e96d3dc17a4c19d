"""Domain errors of the qualified list, each with a message the views show as is."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class QualificationError(DomainError):
    default_message = _("Operazione non riuscita.")


class NotEligible(QualificationError):
    default_message = _(
        "L'albo è riservato a fablab, makerspace, innovation hub e coworking: cambiate la "
        "categoria nel profilo se è quella giusta."
    )


class CriteriaNotDeclared(QualificationError):
    default_message = _("Per presentare la domanda dichiarate di soddisfare tutti i criteri.")
    field = "criteria"


class DocumentsMissing(QualificationError):
    default_message = _("Allegate almeno un documento (ad esempio il regolamento d'uso).")
    field = "documents"


class PendingApplicationExists(QualificationError):
    default_message = _(
        "C'è già una domanda in verifica per questa organizzazione: attendete l'esito."
    )


class AlreadyListed(QualificationError):
    default_message = _(
        "L'organizzazione è già iscritta all'albo: potrete rinnovare l'iscrizione nei "
        "%(days)s giorni prima della scadenza."
    )


class RenewalNotOpen(QualificationError):
    default_message = _(
        "Il rinnovo si può chiedere a partire da %(days)s giorni prima della scadenza "
        "(dal %(date)s)."
    )


class NotPending(QualificationError):
    default_message = _("La domanda non è più in verifica: è già stata decisa o ritirata.")


class RejectionNeedsReason(QualificationError):
    default_message = _("Scrivete il motivo: sarà comunicato a chi ha presentato la domanda.")
    field = "reason"
