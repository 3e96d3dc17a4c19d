"""Domain errors of the spaces census. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class SpacesError(DomainError):
    default_message = _("Operazione non consentita sullo spazio.")


class NotAllowed(SpacesError):
    default_message = _("Solo lo staff del Comune gestisce gli spazi.")


class SameStatus(SpacesError):
    default_message = _("Lo spazio è già in questo stato.")
