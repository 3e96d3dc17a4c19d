"""Domain errors of "my day". Views show `message`, next to `field` when the
error is about one form field."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class PlanError(DomainError):
    default_message = _("Operazione non consentita sulla vostra giornata.")


class ActivityNotPlannable(PlanError):
    default_message = _("Questa attività è annullata: non si può aggiungere alla giornata.")


class SlotRequired(PlanError):
    default_message = _("Scegliete l'orario in cui pensate di andare.")
    field = "slot"


class InvalidSlotChoice(PlanError):
    default_message = _("Questo orario non è disponibile per l'attività.")
    field = "slot"


class InvalidDay(PlanError):
    default_message = _("Scegliete uno dei giorni dell'evento.")
    field = "day"


class AlreadyPlanned(PlanError):
    default_message = _("Questa attività è già nella vostra giornata.")
