"""The organisation's profile form: name, category, descriptions, website,
VAT number, ATECO code and logo."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledModelForm
from manifatture.uploads import ImageUploadField, image_limit_help

from ..models import (
    Organisation,
)
from ..validators import normalize_ateco, validate_ateco, validate_partita_iva

LOGO_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
LOGO_MAX_SIDE = 1200


class LogoInput(forms.ClearableFileInput):
    """The current logo as a picture, with a "remove" checkbox in Bootstrap Italia markup."""

    template_name = "directory/widgets/logo_input.html"


class OrganisationForm(StyledModelForm):
    # Wider than the stored value: people type "IT 12345678901" or "25 62 00".
    vat_number = forms.CharField(
        label=_("Partita IVA"),
        max_length=20,
        required=False,
        help_text=_("11 cifre. Lasciate vuoto se l'organizzazione non ha partita IVA."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ateco_code = forms.CharField(
        label=_("Codice ATECO"),
        max_length=20,
        required=False,
        help_text=_(
            "Classificazione ISTAT ATECO 2025, ad esempio 25.62.00 (potete scrivere anche 256200)."
        ),
    )
    logo = ImageUploadField(
        label=_("Logo"),
        required=False,
        formats=LOGO_FORMATS,
        max_side=LOGO_MAX_SIDE,
        help_text=image_limit_help(LOGO_FORMATS),
        widget=LogoInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "category",
            "description_it",
            "description_en",
            "website",
            "vat_number",
            "ateco_code",
            "logo",
        ]
        labels = {
            "name": _("Nome"),
            "category": _("Categoria"),
            "description_it": _("Descrizione in italiano"),
            "description_en": _("Descrizione in inglese"),
            "website": _("Sito web"),
        }
        help_texts = {
            "description_it": _("Chi siete, cosa fate, cosa può vedere chi vi visita."),
            "description_en": _("Facoltativa: per i visitatori che leggono il sito in inglese."),
            "website": _("L'indirizzo completo, ad esempio https://www.esempio.it"),
        }
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_vat_number(self) -> str | None:
        value = re.sub(r"[\s.\-]", "", self.cleaned_data["vat_number"]).upper()
        value = value.removeprefix("IT")
        if not value:
            return None
        validate_partita_iva(value)
        others = Organisation.objects.filter(vat_number=value)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _(
                    "Un'altra organizzazione è già registrata con questa partita IVA. Se è la "
                    "vostra, chiedete ai suoi titolari di aggiungervi come membri."
                ),
                code="vat_taken",
            )
        return value

    def clean_ateco_code(self) -> str:
        raw = self.cleaned_data["ateco_code"].strip()
        if not raw:
            return ""
        # "25 62 00", "25-62-00" and "256200" all mean 25.62.00.
        candidate = re.sub(r"[\s.\-]", "", raw) if re.fullmatch(r"[\d\s.\-]+", raw) else raw
        try:
            code = normalize_ateco(candidate)
            validate_ateco(code)
        except (ValueError, forms.ValidationError) as error:
            raise forms.ValidationError(
                _("«%(code)s» non è un codice della classificazione ATECO dell'ISTAT."),
                params={"code": raw},
                code="ateco_unknown",
            ) from error
        if len(code) > 8:
            raise forms.ValidationError(
                _("«%(code)s» non è un codice della classificazione ATECO dell'ISTAT."),
                params={"code": raw},
                code="ateco_unknown",
            )
        return code
