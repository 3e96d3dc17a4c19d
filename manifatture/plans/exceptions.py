"""Domain errors of "my day". Views show `message`, next to `field` when the
error is about one form field."""

from django.utils.translation import gettext_lazy as _


class PlanError(Exception):
    default_message = _("Operazione non consentita sulla vostra giornata.")
    field: str | None = None

    def __init__(self, message: str | None = None, *, field: str | None = None):
        self.message = message or self.default_message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


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
