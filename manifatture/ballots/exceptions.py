"""Domain errors of ballots. Views show `message` to the person, next to
`field` when the error is about one form field; `rank` says which of a
visitor's choices an error is about."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class BallotError(DomainError):
    default_message = _("Operazione non consentita sul sorteggio.")

    def __init__(
        self, message: str | None = None, *, field: str | None = None, rank: int | None = None
    ):
        super().__init__(message, field=field)
        self.rank = rank


class NotAllowed(BallotError):
    default_message = _("Solo lo staff del Comune può gestire i sorteggi.")


class InvalidWindow(BallotError):
    default_message = _("Le date del sorteggio non sono valide.")


class BallotExists(BallotError):
    default_message = _("Questa edizione ha già un sorteggio.")


class AlreadyDrawn(BallotError):
    default_message = _("Il sorteggio è già stato fatto: non si può più modificare.")


class InvalidActivity(BallotError):
    default_message = _("Questa attività non può andare a sorteggio.")
    field = "activity"


class ActivityHasChoices(BallotError):
    default_message = _(
        "Alcuni visitatori hanno già scelto questa attività nel sorteggio: non si può più togliere."
    )


class BallotClosed(BallotError):
    default_message = _("Le iscrizioni al sorteggio non sono aperte.")


class InvalidChoice(BallotError):
    default_message = _("Questa scelta non è valida.")


class TooManyChoices(BallotError):
    default_message = _("Potete indicare al massimo 3 preferenze.")


class WindowStillOpen(BallotError):
    default_message = _(
        "Le iscrizioni al sorteggio sono ancora aperte: il sorteggio si fa dopo la chiusura."
    )
