"""The site form, with coordinates checked to lie in the Città metropolitana."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledModelForm, field_of

from ..models import Site
from ..queries import comuni_for_sites

# The Città metropolitana di Milano, with a margin: sites outside are typing mistakes.
METRO_LATITUDE = (Decimal("45.15"), Decimal("45.75"))
METRO_LONGITUDE = (Decimal("8.65"), Decimal("9.60"))


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
        field_of(self, "comune", forms.ModelChoiceField).queryset = comuni_for_sites(
            including=self.instance.comune_id if self.instance.pk else None
        )
        field_of(self, "comune", forms.ModelChoiceField).empty_label = None
        self.fields["comune"].help_text = _("I comuni della Città metropolitana di Milano.")

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
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
