from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Capability, Material, Nil, Organisation, Site
from manifatture.forms import StyledForm, field_of, label_choices


class NeedForm(StyledForm):
    title = forms.CharField(
        label=_("Cosa vi serve"),
        max_length=200,
        help_text=_("In una riga: ad esempio «Taglio laser di 200 pannelli in multistrato»."),
    )
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Dimensioni, tolleranze, finiture: quello che serve per capire il lavoro."),
    )
    capabilities = forms.ModelMultipleChoiceField(
        label=_("Lavorazioni"),
        required=False,
        queryset=Capability.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Materiali"),
        required=False,
        queryset=Material.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    quantity = forms.CharField(
        label=_("Quantità"),
        required=False,
        max_length=120,
        help_text=_("Ad esempio «200 pezzi» o «un prototipo»."),
    )
    site: forms.ModelChoiceField[Site] = forms.ModelChoiceField(
        label=_("Dove: vicino alla sede"),
        required=False,
        queryset=None,
        empty_label=_("Nessuna sede: scelgo un quartiere"),
    )
    nil = forms.ModelChoiceField(
        label=_("Oppure vicino al quartiere"),
        required=False,
        queryset=Nil.objects.only("id", "name").order_by("name"),
        empty_label=_("Nessun quartiere"),
    )
    max_distance_km = forms.IntegerField(
        label=_("Distanza massima (km)"), min_value=1, max_value=100, initial=15
    )
    needed_by = forms.DateField(
        label=_("Entro il"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "site", forms.ModelChoiceField).queryset = organisation.sites.select_related(
            "comune"
        ).order_by("name")
        label_choices(
            field_of(self, "site", forms.ModelChoiceField), lambda s: f"{s.name} – {s.address}"
        )
        label_choices(field_of(self, "nil", forms.ModelChoiceField), lambda nil: nil.label)
        for name in ("capabilities", "materials"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("capabilities") and not cleaned.get("materials"):
            self.add_error(
                "capabilities",
                forms.ValidationError(
                    _("Scegliete almeno una lavorazione o un materiale."), code="need_what"
                ),
            )
        if not cleaned.get("site") and not cleaned.get("nil"):
            self.add_error(
                "site",
                forms.ValidationError(
                    _("Indicate dove: una delle vostre sedi oppure un quartiere."),
                    code="need_where",
                ),
            )
        return cleaned


class ContactForm(StyledForm):
    message = forms.CharField(
        label=_("Messaggio"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Presentatevi e spiegate il lavoro. Il vostro indirizzo e-mail non viene "
            "mostrato: la risposta arriva sulla piattaforma."
        ),
    )


class AnswerForm(StyledForm):
    message = forms.CharField(
        label=_("Risposta"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Con la risposta l'impresa riceverà il vostro indirizzo e-mail, per continuare "
            "direttamente."
        ),
    )


class ReportForm(StyledForm):
    reason = forms.CharField(
        label=_("Che cosa non va (facoltativo)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "La segnalazione arriva al Comune. L'impresa non potrà più scrivervi, finché non "
            "la sbloccate."
        ),
    )
