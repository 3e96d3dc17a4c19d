from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Municipio
from manifatture.directory.queries import comuni_for_sites
from manifatture.forms import StyledForm, StyledModelForm, field_of
from manifatture.uploads import ImageUploadField, image_limit_help

from .models import Space


class SpaceFilterForm(StyledForm):
    q = forms.CharField(label=_("Cerca"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[("", _("Tutti gli stati"))] + Space.Status.choices,
    )
    municipio = forms.ModelChoiceField(
        label=_("Municipio"),
        required=False,
        queryset=Municipio.objects.order_by("number"),
        empty_label=_("Tutti i Municipi"),
    )
    min_surface = forms.IntegerField(label=_("Superficie minima (m²)"), required=False, min_value=0)
    max_surface = forms.IntegerField(
        label=_("Superficie massima (m²)"), required=False, min_value=0
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        low, high = data.get("min_surface"), data.get("max_surface")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_surface", _("La superficie massima deve essere almeno quella minima.")
            )
            # A range that cannot be met is ignored whole; the other filters still apply.
            data["min_surface"] = None
        return data

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filters(self) -> dict:
        """The valid filters only: a wrong field is shown as an error, the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class SpaceForm(StyledModelForm):
    class Meta:
        model = Space
        fields = [
            "name",
            "description_it",
            "description_en",
            "address",
            "postcode",
            "comune",
            "latitude",
            "longitude",
            "surface_m2",
            "floors",
            "condition",
            "current_use",
            "constraints_notes",
            "is_published",
        ]
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "constraints_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.comune_id if self.instance.pk else None
        field_of(self, "comune", forms.ModelChoiceField).queryset = comuni_for_sites(
            including=current
        )
        self.fields["latitude"].help_text = _("In gradi decimali, ad esempio 45.484200.")
        self.fields["longitude"].help_text = _("In gradi decimali, ad esempio 9.239900.")

    def clean_latitude(self):
        value = self.cleaned_data["latitude"]
        if value is not None and not -90 <= value <= 90:
            raise ValidationError(_("La latitudine va da -90 a 90."))
        return value

    def clean_longitude(self):
        value = self.cleaned_data["longitude"]
        if value is not None and not -180 <= value <= 180:
            raise ValidationError(_("La longitudine va da -180 a 180."))
        return value

    def clean_surface_m2(self):
        value = self.cleaned_data["surface_m2"]
        if value is not None and value <= 0:
            raise ValidationError(_("Indicate una superficie maggiore di zero."))
        return value

    def clean_floors(self):
        value = self.cleaned_data["floors"]
        if value is not None and value < 1:
            raise ValidationError(_("Uno spazio ha almeno un piano."))
        return value


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Nuovo stato"), choices=Space.Status.choices)
    note = forms.CharField(
        label=_("Nota"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Perché cambia lo stato: resta nella storia dello spazio."),
    )


PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")


class PhotoForm(StyledForm):
    image = ImageUploadField(
        label=_("Foto"), formats=PHOTO_FORMATS, help_text=image_limit_help(PHOTO_FORMATS)
    )
    alt_text_it = forms.CharField(
        label=_("Descrizione della foto (italiano)"),
        max_length=250,
        help_text=_("Cosa mostra la foto, per chi non la vede."),
    )
    alt_text_en = forms.CharField(
        label=_("Descrizione della foto (inglese)"), max_length=250, required=False
    )
