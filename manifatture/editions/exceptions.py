"""Domain errors of editions. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class EditionError(DomainError):
    default_message = _("Operazione non consentita sull'edizione.")


class NotAllowed(EditionError):
    default_message = _("Solo lo staff del Comune gestisce le edizioni.")
