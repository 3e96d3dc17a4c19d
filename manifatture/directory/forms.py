import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm, StyledModelForm

from .models import Membership, Organisation, Site
from .queries import comuni_for_sites
from .validators import normalize_ateco, validate_ateco, validate_partita_iva

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}

# The Città metropolitana di Milano, with a margin: sites outside are typing mistakes.
METRO_LATITUDE = (Decimal("45.15"), Decimal("45.75"))
METRO_LONGITUDE = (Decimal("8.65"), Decimal("9.60"))


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
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("Immagine PNG, JPEG, GIF o WebP, al massimo 2 MB."),
        error_messages={
            "invalid_image": _(
                "Il file scelto non è un'immagine valida: caricate un PNG, JPEG, GIF o WebP."
            )
        },
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

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            if logo.size > LOGO_MAX_BYTES:
                raise forms.ValidationError(
                    _("Il logo pesa %(size)s: il massimo è 2 MB. Riducete l'immagine e riprovate."),
                    params={"size": filesizeformat(logo.size)},
                    code="logo_too_large",
                )
            image = getattr(logo, "image", None)
            if image is not None and image.format not in LOGO_FORMATS:
                raise forms.ValidationError(
                    _("Il logo deve essere un'immagine PNG, JPEG, GIF o WebP."),
                    code="logo_format",
                )
        return logo


class CoordinateField(forms.DecimalField):
    """A decimal degree, typed with a dot or a comma, rounded to six decimals (about 10 cm)."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        super().__init__(
            min_value=min_value,
            max_value=max_value,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        # Out-of-range numbers are left as typed: the range check explains them.
        if number is None or not number.is_finite() or abs(number) >= 1000:
            return number
        return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


class SiteForm(StyledModelForm):
    latitude = CoordinateField(
        label=_("Latitudine"),
        min_value=-90,
        max_value=90,
        help_text=_("In gradi decimali, ad esempio 45.4842 (Milano è intorno a 45,46 nord)."),
        error_messages={
            "invalid": _("Scrivete la latitudine come numero decimale, ad esempio 45.4842."),
            "min_value": _("La latitudine deve essere compresa tra -90 e 90."),
            "max_value": _("La latitudine deve essere compresa tra -90 e 90."),
        },
    )
    longitude = CoordinateField(
        label=_("Longitudine"),
        min_value=-180,
        max_value=180,
        help_text=_("In gradi decimali, ad esempio 9.2399 (Milano è intorno a 9,19 est)."),
        error_messages={
            "invalid": _("Scrivete la longitudine come numero decimale, ad esempio 9.2399."),
            "min_value": _("La longitudine deve essere compresa tra -180 e 180."),
            "max_value": _("La longitudine deve essere compresa tra -180 e 180."),
        },
    )
    postcode = forms.RegexField(
        label=_("CAP"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("Il CAP è fatto di 5 cifre, ad esempio 20134.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "address",
            "postcode",
            "comune",
            "latitude",
            "longitude",
            "step_free",
            "accessible_toilet",
            "seating",
            "hearing_loop",
            "accessibility_notes",
        ]
        labels = {
            "name": _("Nome della sede"),
            "address": _("Indirizzo"),
            "comune": _("Comune"),
        }
        help_texts = {
            "name": _("Ad esempio «Laboratorio di via Ventura» o «Sede principale»."),
            "address": _("Via e numero civico."),
            "accessibility_notes": _(
                "Ad esempio: ingresso accessibile dal cortile, ascensore, percorso con "
                "pavimentazione irregolare."
            ),
        }
        widgets = {"accessibility_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = comuni_for_sites(
            including=self.instance.comune_id if self.instance.pk else None
        )
        self.fields["comune"].empty_label = None
        self.fields["comune"].help_text = _("I comuni della Città metropolitana di Milano.")

    def clean(self) -> dict:
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is None or longitude is None:
            return cleaned
        lat_ok = METRO_LATITUDE[0] <= latitude <= METRO_LATITUDE[1]
        lon_ok = METRO_LONGITUDE[0] <= longitude <= METRO_LONGITUDE[1]
        if lat_ok and lon_ok:
            return cleaned
        swapped = (
            METRO_LATITUDE[0] <= longitude <= METRO_LATITUDE[1]
            and METRO_LONGITUDE[0] <= latitude <= METRO_LONGITUDE[1]
        )
        if swapped:
            raise forms.ValidationError(
                _(
                    "Sembra che latitudine e longitudine siano scambiate: a Milano la "
                    "latitudine è intorno a 45 e la longitudine intorno a 9."
                ),
                code="coordinates_swapped",
            )
        if not lat_ok:
            self.add_error(
                "latitude",
                forms.ValidationError(
                    _(
                        "Questo punto è fuori dalla Città metropolitana di Milano: la latitudine "
                        "deve essere tra 45,15 e 45,75 nord."
                    ),
                    code="outside_metro",
                ),
            )
        if not lon_ok:
            self.add_error(
                "longitude",
                forms.ValidationError(
                    _(
                        "Questo punto è fuori dalla Città metropolitana di Milano: la longitudine "
                        "deve essere tra 8,65 e 9,60 est."
                    ),
                    code="outside_metro",
                ),
            )
        return cleaned


class MemberAddForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail della persona"),
        help_text=_("La persona deve avere già un account su Manifatture Aperte."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Ruolo"),
        choices=Membership.Role.choices,
        initial=Membership.Role.STAFF,
        help_text=_(
            "I collaboratori modificano il profilo e le sedi; i titolari gestiscono anche i membri."
        ),
    )


class MemberRoleForm(StyledForm):
    role = forms.ChoiceField(label=_("Ruolo"), choices=Membership.Role.choices)
