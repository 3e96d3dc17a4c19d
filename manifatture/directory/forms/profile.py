"""Profile details (capabilities, materials, tags, services), machines,
links and photos, and the yearly confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm, StyledModelForm
from manifatture.uploads import ImageUploadField, image_limit_help

from ..models import Link, Machine, Organisation


def _checkbox_lists(form: forms.BaseForm) -> None:
    # StyledForm gives every non-checkbox widget "form-control"; lists of checkboxes
    # want the checkbox class on each input.
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-check-input"


class ProfileDetailsForm(StyledModelForm):
    """What the organisation can do and offers: the data that search and matching use."""

    tags = forms.CharField(
        label=_("Etichette"),
        required=False,
        max_length=500,
        help_text=_("Parole chiave separate da virgole, ad esempio: design, upcycling, su misura."),
    )

    class Meta:
        model = Organisation
        fields = [
            "capabilities",
            "materials",
            "services_it",
            "services_en",
            "opening_hours",
            "contact_email",
        ]
        labels = {
            "capabilities": _("Cosa sapete fare"),
            "materials": _("Materiali che lavorate"),
            "services_it": _("Servizi offerti, in italiano"),
            "services_en": _("Servizi offerti, in inglese"),
            "opening_hours": _("Orari di apertura"),
            "contact_email": _("E-mail per i contatti"),
        }
        help_texts = {
            "services_it": _("Ad esempio: prototipazione, corsi, noleggio delle macchine a ore."),
            "services_en": _("Facoltativi: per chi legge il sito in inglese."),
            "opening_hours": _("Ad esempio: dal lunedì al venerdì 9–18, sabato su appuntamento."),
        }
        widgets = {
            "capabilities": forms.CheckboxSelectMultiple,
            "materials": forms.CheckboxSelectMultiple,
            "services_it": forms.Textarea(attrs={"rows": 3}),
            "services_en": forms.Textarea(attrs={"rows": 3}),
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _checkbox_lists(self)
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(self.instance.tags.values_list("name", flat=True))

    def clean_tags(self) -> list[str]:
        names = [" ".join(part.split()) for part in self.cleaned_data["tags"].split(",")]
        names = [name for name in names if name]
        too_long = [name for name in names if len(name) > 40]
        if too_long:
            raise forms.ValidationError(
                _("Ogni etichetta può avere al massimo 40 caratteri: «%(tag)s» è troppo lunga."),
                params={"tag": too_long[0]},
                code="tag_too_long",
            )
        if len(names) > 15:
            raise forms.ValidationError(
                _("Al massimo 15 etichette: tenete le più significative."), code="too_many_tags"
            )
        return names


class MachineForm(StyledModelForm):
    class Meta:
        model = Machine
        fields = ["capability", "model", "notes"]
        labels = {
            "capability": _("Tipo di macchina"),
            "model": _("Marca e modello"),
            "notes": _("Note"),
        }
        help_texts = {
            "model": _("Ad esempio «Trotec Speedy 400» o «Prusa MK4»."),
            "notes": _("Ad esempio il piano di lavoro: 100 × 60 cm, fino a 12 mm di legno."),
        }


class LinkForm(StyledModelForm):
    class Meta:
        model = Link
        fields = ["label", "url"]
        labels = {"label": _("Testo del link"), "url": _("Indirizzo")}
        help_texts = {
            "label": _("Ad esempio «Negozio online» o «Instagram»."),
            "url": _("L'indirizzo completo, ad esempio https://www.esempio.it/negozio"),
        }


PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTOS_PER_ORGANISATION = 12


class PhotoForm(StyledForm):
    """A photo, checked by its content (what Pillow reads), not by its name."""

    image = ImageUploadField(
        label=_("Foto"), formats=PHOTO_FORMATS, help_text=image_limit_help(PHOTO_FORMATS)
    )
    alt_text = forms.CharField(
        label=_("Descrizione della foto"),
        max_length=200,
        help_text=_("Cosa mostra la foto, per chi non la vede: ad esempio «Il banco di lavoro»."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_image(self):
        image = self.cleaned_data["image"]
        if self.organisation.photos.count() >= PHOTOS_PER_ORGANISATION:
            raise forms.ValidationError(
                _("Al massimo %(n)s foto: eliminatene una prima di aggiungerne altre."),
                params={"n": PHOTOS_PER_ORGANISATION},
                code="too_many_photos",
            )
        return image


class ConfirmForm(StyledForm):
    """The button on the one-click confirmation page (a POST, so that mail scanners
    following links do not confirm in the owners' place)."""

    token = forms.CharField(widget=forms.HiddenInput)
