"""Domain errors of editions. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _


class EditionError(Exception):
    default_message = _("Operazione non consentita sull'edizione.")

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(EditionError):
    default_message = _("Solo lo staff del Comune gestisce le edizioni.")
