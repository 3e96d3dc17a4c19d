"""Domain errors of the portal. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class NewsError(DomainError):
    default_message = _("Operazione non riuscita.")


class SlugTaken(NewsError):
    default_message = _("Questo indirizzo breve è già usato: sceglietene un altro.")


class InvalidNewsletterLink(NewsError):
    default_message = _(
        "Il link non è valido: controllate di averlo copiato per intero dall'e-mail."
    )


class ExpiredNewsletterLink(InvalidNewsletterLink):
    default_message = _(
        "Il link di conferma è scaduto: iscrivetevi di nuovo e riceverete un nuovo link."
    )


class IssueAlreadySent(NewsError):
    default_message = _("Questo numero della newsletter è già stato inviato.")
