"""Domain errors of accounts, each with a message the views can show as is."""

from django.utils.translation import gettext_lazy as _


class AccountError(Exception):
    message = _("Operazione non riuscita.")

    def __init__(self, message=None):
        self.message = message or self.message
        super().__init__(str(self.message))


class EmailAlreadyRegistered(AccountError):
    message = _("Esiste già un account con questo indirizzo e-mail.")


class InvalidVerificationLink(AccountError):
    message = _(
        "Il link di verifica non è valido: controllate di averlo copiato per intero "
        "oppure chiedetene uno nuovo."
    )


class ExpiredVerificationLink(InvalidVerificationLink):
    message = _("Il link di verifica è scaduto: chiedetene uno nuovo qui sotto.")
