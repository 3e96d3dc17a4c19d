"""Domain errors of the call for hosts. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class ParticipationError(DomainError):
    default_message = _("Operazione non consentita sulla candidatura.")


class InvalidTransition(ParticipationError):
    default_message = _("La candidatura non può passare a questo stato.")


class DeadlinePassed(ParticipationError):
    default_message = _("La scadenza per questa operazione è passata.")


class HostCallClosed(ParticipationError):
    default_message = _("Le candidature per questa edizione non sono aperte.")


class ApplicationNotEditable(ParticipationError):
    default_message = _("La candidatura non è più modificabile.")


class ApplicationIncomplete(ParticipationError):
    default_message = _("Proponete almeno un'attività prima di inviare la candidatura.")


class ApplicationExists(ParticipationError):
    default_message = _("L'organizzazione ha già una candidatura per questa edizione.")


class NotAMember(ParticipationError):
    default_message = _("Solo i membri dell'organizzazione possono gestire la candidatura.")


class NotAllowed(ParticipationError):
    default_message = _("Non avete i permessi per questa operazione.")


class ConflictOfInterest(ParticipationError):
    default_message = _(
        "Avete un conflitto di interessi su questa candidatura: non potete valutarla."
    )


class NotUnderReview(ParticipationError):
    default_message = _("La candidatura non è in valutazione.")


class ReviewClosed(ParticipationError):
    default_message = _("La valutazione è chiusa: non si possono più dare punteggi.")


class InvalidReopening(ParticipationError):
    default_message = _("Non si può riaprire la valutazione.")


class InvalidScores(ParticipationError):
    default_message = _("Date un punteggio da 1 a 5 a ogni criterio.")


class NoteRequired(ParticipationError):
    default_message = _("Scrivete una nota per l'organizzazione: spiega la decisione.")
