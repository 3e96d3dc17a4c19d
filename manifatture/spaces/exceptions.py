"""Domain errors of the spaces census. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _


class SpacesError(Exception):
    default_message = _("Operazione non consentita sullo spazio.")

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(SpacesError):
    default_message = _("Solo lo staff del Comune gestisce gli spazi.")


class SameStatus(SpacesError):
    default_message = _("Lo spazio è già in questo stato.")
