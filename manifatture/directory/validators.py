import ateco
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def partita_iva_is_valid(value: str) -> bool:
    """Check digit of an Italian partita IVA (11 digits, Luhn-like)."""
    if len(value) != 11 or not value.isdigit():
        return False
    total = 0
    for index, char in enumerate(value[:10]):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(value[10])


def validate_partita_iva(value: str) -> None:
    if not value.isdigit() or len(value) != 11:
        raise ValidationError(_("La partita IVA deve avere 11 cifre."), code="vat_format")
    if not partita_iva_is_valid(value):
        raise ValidationError(
            _("La partita IVA non è valida: la cifra di controllo non corrisponde."),
            code="vat_check_digit",
        )


def normalize_ateco(value: str) -> str:
    return ateco.canonicalize(value.strip()) if value.strip() else ""


def validate_ateco(value: str) -> None:
    if not value:
        return
    try:
        valid = ateco.validate(value)
    except ValueError:
        valid = False
    if not valid or ateco.lookup(value) is None:
        raise ValidationError(
            _("«%(code)s» non è un codice della classificazione ATECO dell'ISTAT."),
            params={"code": value},
            code="ateco_unknown",
        )
