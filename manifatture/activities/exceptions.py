"""Domain errors of the programme. Views show `message` to the person, next to
`field` when the error is about one form field."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class ProgrammeError(DomainError):
    default_message = _("Operazione non consentita sul programma.")


class HostNotAccepted(ProgrammeError):
    default_message = _(
        "La candidatura dell'organizzazione a questa edizione non è stata accettata: "
        "non può ancora proporre attività."
    )


class TalkNotAtHub(ProgrammeError):
    default_message = _("I talk si tengono all'hub centrale: lasciate vuota la sede.")
    field = "site"


class SiteNotOwned(ProgrammeError):
    default_message = _("Scegliete una delle sedi della vostra organizzazione.")
    field = "site"


class LocationLocked(ProgrammeError):
    default_message = _(
        "L'attività ha già dei turni: rimuoveteli prima di spostarla tra l'hub e una sede."
    )
    field = "site"


class ActivityCancelled(ProgrammeError):
    default_message = _("L'attività è annullata: non si possono modificare i turni.")


class InvalidSlot(ProgrammeError):
    default_message = _("Il turno non è valido.")


class RoomOccupied(InvalidSlot):
    default_message = _("La sala è già occupata in quell'orario.")
    field = "room"


class RoomError(ProgrammeError):
    default_message = _("La sala non può essere salvata.")


class RouteError(ProgrammeError):
    default_message = _("Il percorso non può essere salvato.")


class ActivityHasBookings(ProgrammeError):
    """Cancelling an activity with bookings is done by the bookings app, which
    also cancels the bookings and tells the visitors."""

    default_message = _(
        "L'attività ha delle prenotazioni: annullatela dalla pagina che avvisa chi ha prenotato."
    )


class SlotHasBookings(ProgrammeError):
    default_message = _(
        "Il turno ha delle prenotazioni: non si può eliminare, ma si può annullare "
        "avvisando chi ha prenotato."
    )


class BookingModeLocked(ProgrammeError):
    """The ballot decides how a balloted activity's places are given
    (ballots.services sets its booking mode); nobody else changes it."""

    default_message = _(
        "Questa attività è nel sorteggio dello staff: la modalità di accesso la decide il "
        "sorteggio e non si può cambiare finché non è stato fatto."
    )
    field = "booking_mode"


class BallotModeReserved(ProgrammeError):
    default_message = _(
        "Solo lo staff mette un'attività nel sorteggio: scegliete «Su prenotazione» o "
        "«Ingresso libero»."
    )
    field = "booking_mode"
