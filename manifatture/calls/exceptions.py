"""Domain errors of calls and their applications. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class CallsError(DomainError):
    default_message = _("Operazione non consentita.")


class NotAllowed(CallsError):
    default_message = _("Non avete i permessi per questa operazione.")


class NotAMember(CallsError):
    default_message = _("Solo i membri dell'organizzazione possono gestire la domanda.")


class CallNotEditable(CallsError):
    default_message = _(
        "Un bando pubblicato non si modifica: le regole devono restare quelle annunciate."
    )


class CallNotReady(CallsError):
    default_message = _("Il bando non è pronto per la pubblicazione.")


class CallClosed(CallsError):
    default_message = _("Il bando non accetta domande in questo momento.")


class DeadlinePassed(CallsError):
    default_message = _("La scadenza è passata: la domanda non si può più modificare né inviare.")


class NotEligible(CallsError):
    default_message = _("L'organizzazione non ha i requisiti per partecipare al bando.")

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(str(reason) for reason in reasons))


class ApplicationExists(CallsError):
    default_message = _("L'organizzazione ha già una domanda per questo bando.")


class NotADraft(CallsError):
    default_message = _("La domanda è già stata inviata: non si può più modificare.")


class ApplicationIncomplete(CallsError):
    default_message = _("La domanda è incompleta.")

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(" ".join(str(item) for item in missing))


class WrongState(CallsError):
    default_message = _("La domanda non è nello stato giusto per questa operazione.")


class NoteRequired(CallsError):
    default_message = _("Scrivete la motivazione: l'organizzazione la leggerà.")


class NotOnCommittee(CallsError):
    default_message = _("Non fate parte della commissione di questo bando.")


class ConflictOfInterest(CallsError):
    default_message = _(
        "Avete dichiarato un conflitto di interessi su questa domanda: non potete valutarla."
    )


class DeclarationRequired(CallsError):
    default_message = _("Dichiarate prima l'assenza di conflitti di interessi.")


class InvalidScores(CallsError):
    default_message = _("Date un punteggio a ogni criterio, da 0 al massimo indicato.")


class EvaluationClosed(CallsError):
    default_message = _("La valutazione di questo bando è chiusa.")


class RankingNotReady(CallsError):
    default_message = _("La graduatoria non si può ancora calcolare.")

    def __init__(self, message: str | None = None, *, pending: list[str] | None = None):
        self.pending = pending or []
        super().__init__(message)
