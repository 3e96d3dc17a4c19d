"""Domain errors of bookings and waiting lists. Views show `message` to the
person, next to `field` when the error is about one form field."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class BookingError(DomainError):
    default_message = _("Operazione non consentita sulla prenotazione.")


class NotAllowed(BookingError):
    default_message = _("Non potete modificare questa prenotazione.")


class NotBookable(BookingError):
    default_message = _("Questo turno non si può prenotare.")


class RegistrationClosed(NotBookable):
    default_message = _("Le iscrizioni dei visitatori a questa edizione non sono aperte.")


class BookingClosed(NotBookable):
    default_message = _("Le prenotazioni per questo turno sono chiuse.")


class InvalidParty(BookingError):
    default_message = _("Il numero di persone non è valido.")
    field = "party_size"


class RulesNotAcknowledged(BookingError):
    default_message = _(
        "Per prenotare confermate di aver letto le regole della visita e di accettarle."
    )
    field = "acknowledge_rules"


class InvalidAttendeeNames(BookingError):
    default_message = _("I biglietti di questa attività sono nominativi: scrivete i nomi.")
    field = "attendee_names"


class SlotFull(BookingError):
    default_message = _(
        "Non ci sono abbastanza posti liberi in questo turno: potete entrare in lista d'attesa."
    )


class BookingLimitReached(BookingError):
    default_message = _("Avete raggiunto il numero massimo di prenotazioni per questa edizione.")


class AllBookingsUsed(BookingLimitReached):
    """The visitor holds as many bookings as the edition allows: every slot's
    booking page says so in place of its forms."""


class ActivityAlreadyBooked(BookingError):
    default_message = _("Avete già prenotato un altro turno di questa attività.")


class OverlappingBooking(BookingError):
    default_message = _("Questo turno si sovrappone a un'altra vostra prenotazione.")


class CancellationClosed(BookingError):
    default_message = _("Non è più possibile annullare: il termine per l'annullamento è passato.")


class WaitingListError(BookingError):
    default_message = _("Operazione non consentita sulla lista d'attesa.")


class SeatsStillAvailable(WaitingListError):
    default_message = _("Ci sono ancora posti liberi: potete prenotare direttamente.")


class AlreadyBooked(WaitingListError):
    default_message = _("Avete già una prenotazione per questo turno.")


class OfferPending(WaitingListError):
    default_message = _(
        "Vi sono stati offerti posti dalla lista d'attesa per questo turno: "
        "accettate l'offerta dalla pagina Le mie prenotazioni."
    )


class OfferNotAvailable(WaitingListError):
    default_message = _("Questa offerta non è più valida: è scaduta o è già stata usata.")


class AccessNeedsConsentMissing(BookingError):
    default_message = _(
        "Per conservare le esigenze di accesso nel profilo ci serve il vostro consenso "
        "esplicito: spuntate la casella, oppure salvatele solo su questo dispositivo."
    )
    field = "consent"


class InvalidWaves(BookingError):
    default_message = _("Le ondate di posti non sono valide.")
    field = "waves"


class ReleaseTooEarly(BookingError):
    default_message = _("Non è ancora il momento di dare ad altri i posti di questa prenotazione.")


class ReconfirmationClosed(BookingError):
    default_message = _("Questa prenotazione non si può più confermare.")


class InvalidReconfirmLink(BookingError):
    default_message = _(
        "Questo link di conferma non è valido. Potete confermare dalla pagina Le mie prenotazioni."
    )
