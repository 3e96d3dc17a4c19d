"""Domain errors of the directory, each with a message the views can show as is."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class DirectoryError(DomainError):
    default_message = _("Operazione non riuscita.")


class InvitationPending(DirectoryError):
    default_message = _(
        "Questo indirizzo ha già un invito in attesa di risposta: non ne mandiamo un altro "
        "finché è valido."
    )


class InvitationClosed(DirectoryError):
    default_message = _(
        "Questo invito non è più valido: è scaduto, annullato o ha già una risposta."
    )


class InvitationRefused(DirectoryError):
    """The sender's own limit on invitations (manifatture.outreach)."""


class ModerationReasonRequired(DirectoryError):
    default_message = _("Scrivete il motivo: lo leggono i membri dell'organizzazione.")


class NothingToModerate(DirectoryError):
    default_message = _("Questa organizzazione non ha nulla in attesa di verifica.")


class AlreadyMember(DirectoryError):
    default_message = _("Questa persona fa già parte dell'organizzazione.")


class LastOwner(DirectoryError):
    default_message = _(
        "L'organizzazione deve avere almeno un titolare: nominate prima un altro titolare."
    )


class SiteInUse(DirectoryError):
    default_message = _(
        "Questa sede non si può eliminare perché ci sono attività in programma che la "
        "usano. Spostate prima le attività in un'altra sede."
    )


class SiteOutsideComune(DirectoryError):
    default_message = _(
        "Le coordinate non cadono nel Comune di Milano: controllate latitudine e longitudine "
        "oppure il comune scelto."
    )


class ConfirmationLinkInvalid(DirectoryError):
    default_message = _(
        "Il link di conferma non è valido. Accedete alla piattaforma e confermate i dati "
        "dalla pagina del profilo."
    )
    expired = _(
        "Il link di conferma è scaduto. Accedete alla piattaforma e confermate i dati dalla "
        "pagina del profilo."
    )
    already_used = _("I dati di questa organizzazione sono già stati confermati: grazie.")


class ImportFileInvalid(DirectoryError):
    default_message = _("Il file non si può leggere: controllate il formato scelto.")


class ImportWriteFailed(DirectoryError):
    default_message = _(
        "Mentre il file veniva controllato qualcuno ha registrato una delle stesse "
        "organizzazioni: non è stato importato nulla. Caricate di nuovo il file."
    )
