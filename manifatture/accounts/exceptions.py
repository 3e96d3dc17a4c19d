"""Domain errors of accounts, each with a message the views can show as is."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class AccountError(DomainError):
    default_message = _("Operazione non riuscita.")


class EmailAlreadyRegistered(AccountError):
    default_message = _("Esiste già un account con questo indirizzo e-mail.")


class InvalidVerificationLink(AccountError):
    default_message = _(
        "Il link di verifica non è valido: controllate di averlo copiato per intero "
        "oppure chiedetene uno nuovo."
    )


class ExpiredVerificationLink(InvalidVerificationLink):
    default_message = _("Il link di verifica è scaduto: chiedetene uno nuovo qui sotto.")


class LoginLocked(AccountError):
    # The same words whether or not the address has an account.
    default_message = _(
        "Troppi tentativi di accesso non riusciti. Per sicurezza gli accessi sono sospesi "
        "per qualche minuto: riprovate più tardi, oppure reimpostate la password."
    )


class SecondFactorLocked(AccountError):
    default_message = _(
        "Troppi codici sbagliati. Per sicurezza la verifica è sospesa per qualche minuto: "
        "riprovate più tardi."
    )


class InvalidSecondFactorCode(AccountError):
    default_message = _(
        "Il codice non è valido o è già stato usato. Inserite il codice di 6 cifre che "
        "l'app mostra adesso, oppure uno dei codici di recupero."
    )


class OIDCError(AccountError):
    """The identity provider's answer could not be trusted or used. The detail
    (for the logs) stays out of the message shown to people."""

    default_message = _(
        "L'accesso con l'identità digitale non è riuscito. Riprovate; se il problema "
        "continua, accedete con e-mail e password."
    )

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__()


class ExternalEmailNotVerified(AccountError):
    default_message = _(
        "Il gestore dell'identità digitale non ci ha confermato il vostro indirizzo e-mail, "
        "quindi non possiamo collegare l'accesso a un account. Confermate l'indirizzo "
        "presso il gestore, oppure registratevi con e-mail e password."
    )


class AccountInactive(AccountError):
    default_message = _(
        "Questo account non è attivo. Per informazioni scrivete allo staff del Comune."
    )


class AccountNotDeletable(AccountError):
    default_message = _("L'account non si può ancora cancellare.")

    def __init__(self, message=None, *, reasons: list[str] | None = None):
        self.reasons = list(reasons or [])
        super().__init__(message)
