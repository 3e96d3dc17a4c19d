"""Domain errors of tickets and check-in. Views show `message` to the person."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class TicketError(DomainError):
    default_message = _("Operazione non consentita.")


class CheckInRefused(TicketError):
    default_message = _("Biglietto non valido.")
    # A short word for the result panel's heading and a CSS modifier.
    code = "refused"


class UnknownTicket(CheckInRefused):
    default_message = _("Codice sconosciuto: controllate di averlo scritto bene.")
    code = "unknown"


class TicketAlreadyUsed(CheckInRefused):
    code = "used"

    def __init__(self, checked_in_at: datetime.datetime):
        self.checked_in_at = checked_in_at
        local = timezone.localtime(checked_in_at)
        if local.date() == timezone.localdate():
            message = gettext("Biglietto già usato alle %(time)s.") % {
                "time": date_format(local, "H:i")
            }
        else:
            message = gettext("Biglietto già usato il %(day)s alle %(time)s.") % {
                "day": date_format(local, "j F"),
                "time": date_format(local, "H:i"),
            }
        super().__init__(message)


class TicketForAnotherSlot(CheckInRefused):
    default_message = _("Il biglietto è per un'altra attività o un altro turno.")
    code = "wrong_slot"


class TicketCancelled(CheckInRefused):
    default_message = _("La prenotazione di questo biglietto è stata annullata.")
    code = "cancelled"


class OutsideCheckInWindow(CheckInRefused):
    code = "outside_window"


class CheckInError(TicketError):
    """Other refusals at the door (no-shows, walk-ins)."""


class NoShowsTooEarly(CheckInError):
    default_message = _("Le assenze si segnano quando il turno è iniziato.")


class WalkInSlotFull(CheckInError):
    default_message = _(
        "Posti esauriti: non si può far entrare nessun altro senza prenotazione in questo turno."
    )


class WalkInSlotCancelled(CheckInError):
    default_message = _("Il turno è annullato: non si contano ingressi.")


class WalkInCountNegative(CheckInError):
    default_message = _("Il conteggio degli ingressi è già a zero.")


# Links sent by e-mail


class InvalidCancelLink(TicketError):
    default_message = _(
        "Il link per annullare non è valido o è scaduto. Potete annullare la prenotazione "
        "dalla pagina delle vostre prenotazioni, fino alla scadenza prevista."
    )


# The door app's devices


class DoorDeviceError(TicketError):
    """A device that may no longer download the door list or send admissions."""


class DoorDeviceRevoked(DoorDeviceError):
    default_message = _(
        "Questo dispositivo è stato revocato: i dati dell'accoglienza sono stati cancellati."
    )


class DoorDeviceExpired(DoorDeviceError):
    default_message = _(
        "Il dispositivo valeva solo per il giorno per cui è stato registrato: "
        "registratelo di nuovo per oggi."
    )
