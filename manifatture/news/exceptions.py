"""Domain errors of the portal. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _


class NewsError(Exception):
    default_message = _("Operazione non riuscita.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvalidImage(NewsError):
    default_message = _(
        "Il file scelto non è un'immagine valida: caricate un JPEG, PNG, GIF o WebP."
    )

    @classmethod
    def too_large(cls, size: str) -> "InvalidImage":
        return cls(
            _("L'immagine pesa %(size)s: il massimo è 5 MB. Riducetela e riprovate.")
            % {"size": size}
        )

    @classmethod
    def too_many_pixels(cls) -> "InvalidImage":
        return cls(
            _("L'immagine è troppo grande: al massimo 40 milioni di pixel. Riducetela e riprovate.")
        )


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
