from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from manifatture.accounts.models import User
from manifatture.forms import StyledForm, StyledModelForm, field_of, label_choices
from manifatture.spaces.queries import offerable_spaces

from .eligibility import section_choices
from .models import Application, Call, CallCriterion, CallDocumentRequirement
from .uploads import check_attachment

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class CallForm(StyledModelForm):
    ateco_sections = forms.MultipleChoiceField(
        label=_("Sezioni ATECO ammesse"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nessuna sezione scelta: tutte ammesse."),
    )

    class Meta:
        model = Call
        fields = [
            "kind",
            "title_it",
            "title_en",
            "summary_it",
            "summary_en",
            "description_it",
            "description_en",
            "ateco_sections",
            "requires_metro_seat",
            "max_employees",
            "budget",
            "max_grant",
            "min_score",
            "opens_at",
            "closes_at",
            "results_at",
            "spaces",
        ]
        widgets = {
            "summary_it": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_it": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            "opens_at": DateTimeLocalInput(),
            "closes_at": DateTimeLocalInput(),
            "results_at": DateTimeLocalInput(),
            "spaces": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "ateco_sections", forms.ChoiceField).choices = section_choices()
        offerable = offerable_spaces()
        if self.instance.pk:
            offerable = offerable | self.instance.spaces.all()
        field_of(self, "spaces", forms.ModelChoiceField).queryset = offerable.distinct().order_by(
            "name"
        )
        self.fields["spaces"].help_text = _(
            "Solo per i bandi di assegnazione di spazi: spazi pubblicati e non ancora assegnati."
        )
        for name in ("opens_at", "closes_at", "results_at"):
            field_of(self, name, forms.DateTimeField).input_formats = [DATETIME_FORMAT]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        opens, closes, results = (data.get(n) for n in ("opens_at", "closes_at", "results_at"))
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("La scadenza deve venire dopo l'apertura."))
        if closes and results and results <= closes:
            self.add_error(
                "results_at", _("I risultati si pubblicano dopo la scadenza delle domande.")
            )
        kind = data.get("kind")
        if kind == Call.Kind.INVESTMENT and data.get("budget") is None:
            self.add_error("budget", _("Un bando di sostegno agli investimenti ha una dotazione."))
        if kind == Call.Kind.INVESTMENT and data.get("spaces"):
            self.add_error("spaces", _("Un bando di sostegno agli investimenti non offre spazi."))
        min_score = data.get("min_score")
        if min_score is not None and not 0 <= min_score <= 100:
            self.add_error("min_score", _("La soglia va da 0 a 100."))
        return data

    def call_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "spaces"}


class CriterionForm(StyledModelForm):
    class Meta:
        model = CallCriterion
        fields = [
            "name_it",
            "name_en",
            "description_it",
            "description_en",
            "weight",
            "max_points",
            "position",
        ]
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_weight(self):
        value = self.cleaned_data["weight"]
        if value is not None and value < 1:
            raise ValidationError(_("Il peso è almeno 1."))
        return value

    def clean_max_points(self):
        value = self.cleaned_data["max_points"]
        if value is not None and value < 1:
            raise ValidationError(_("Il punteggio massimo è almeno 1."))
        return value


class RequirementForm(StyledModelForm):
    allowed_types = forms.MultipleChoiceField(
        label=_("Formati ammessi"),
        choices=CallDocumentRequirement.FileType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CallDocumentRequirement
        fields = [
            "name_it",
            "name_en",
            "help_it",
            "help_en",
            "required",
            "allowed_types",
            "max_size_mb",
            "position",
        ]
        widgets = {
            "help_it": forms.Textarea(attrs={"rows": 2}),
            "help_en": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_max_size_mb(self):
        value = self.cleaned_data["max_size_mb"]
        if value is not None and not 1 <= value <= 50:
            raise ValidationError(_("Da 1 a 50 MB."))
        return value


CriterionFormSet = inlineformset_factory(
    Call, CallCriterion, form=CriterionForm, extra=2, can_delete=True
)
RequirementFormSet = inlineformset_factory(
    Call, CallDocumentRequirement, form=RequirementForm, extra=2, can_delete=True
)


class ApplicationForm(StyledModelForm):
    """The application form, built from the call: one answer per criterion, the
    space requested (spaces calls), the amount (investment calls), the number of
    employees (when the call has a size limit). Fields may stay empty in a draft:
    completeness is checked at submission."""

    class Meta:
        model = Application
        fields = ["project_summary", "employees", "requested_space", "amount_requested"]
        widgets = {"project_summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, call: Call, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.criteria = list(criteria)
        if call.kind == Call.Kind.SPACES:
            space = field_of(self, "requested_space", forms.ModelChoiceField)
            space.queryset = call.spaces.order_by("name")
            space.required = False
            space.empty_label = _("Scegliete uno spazio")
            space.help_text = _(
                "Se più domande chiedono lo stesso spazio, lo ottiene la prima in graduatoria."
            )
            del self.fields["amount_requested"]
        else:
            del self.fields["requested_space"]
            amount = self.fields["amount_requested"]
            # Not `min_value`: set after the field is made, it neither validates
            # nor reaches the widget (clean_amount_requested refuses <= 0).
            amount.widget.attrs["min"] = 0
            if call.max_grant is not None:
                amount.help_text = _("Al massimo %(max)s euro.") % {"max": call.max_grant}
        if call.max_employees is None:
            del self.fields["employees"]
        else:
            self.fields["employees"].label = _("Quante persone lavorano nella vostra impresa?")
            self.fields["employees"].help_text = _(
                "Dichiarazione: il bando è riservato a chi ne ha al massimo %(max)s."
            ) % {"max": call.max_employees}
        answers = self.instance.answers or {}
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                help_text=criterion.description,
                required=False,
                max_length=5000,
                initial=answers.get(str(criterion.pk), ""),
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )

    def answer_fields(self):
        return [self[f"answer_{criterion.pk}"] for criterion in self.criteria]

    def clean_amount_requested(self):
        value = self.cleaned_data.get("amount_requested")
        if value is not None and value <= 0:
            raise ValidationError(_("Indicate un importo maggiore di zero."))
        if value is not None and self.call.max_grant is not None and value > self.call.max_grant:
            raise ValidationError(
                _("Il massimo per domanda è %(max)s euro.") % {"max": self.call.max_grant}
            )
        return value

    def application_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            name: self.cleaned_data[name]
            for name in ("project_summary", "employees", "requested_space", "amount_requested")
            if name in self.fields
        }
        fields["answers"] = {
            str(criterion.pk): self.cleaned_data[f"answer_{criterion.pk}"].strip()
            for criterion in self.criteria
        }
        return fields


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, requirement: CallDocumentRequirement, **kwargs):
        kwargs.setdefault("prefix", f"doc{requirement.pk}")
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.fields["file"].label = requirement.name
        self.fields["file"].help_text = _("Formati: %(types)s. Al massimo %(size)s MB.") % {
            "types": ", ".join(requirement.allowed_labels),
            "size": requirement.max_size_mb,
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_attachment(upload, self.requirement)
        return upload


class AdmissibilityForm(StyledForm):
    admissible = forms.TypedChoiceField(
        label=_("Esito della verifica"),
        choices=[("1", _("Ammissibile")), ("0", _("Non ammissibile"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Motivazione"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obbligatoria se la domanda non è ammissibile: l'organizzazione la leggerà."),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("admissible") is False and not data.get("note", "").strip():
            self.add_error("note", _("Spiegate perché la domanda non è ammissibile."))
        return data


class DeclarationForm(StyledForm):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflitto di interessi"),
        choices=[
            ("0", _("Dichiaro di non avere conflitti di interessi con questa organizzazione")),
            ("1", _("Ho un conflitto di interessi: mi astengo")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Nota (facoltativa)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScoreForm(StyledForm):
    comment = forms.CharField(
        label=_("Commento per lo staff"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (da 0 a %(max)s, peso %(weight)s)")
                % {"name": criterion.name, "max": criterion.max_points, "weight": criterion.weight},
                min_value=0,
                max_value=criterion.max_points,
                help_text=criterion.description,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
        self.fields = {**fields, **self.fields}

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class ReopenReviewForm(StyledForm):
    """Staff reopen the committee's review after it closed."""

    days = forms.IntegerField(
        label=_("Per quanti giorni"),
        min_value=1,
        max_value=14,
        initial=3,
        help_text=_("Da 1 a 14: poi la valutazione si richiude da sola."),
    )
    reason = forms.CharField(
        label=_("Perché la riaprite"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Resta nel registro del bando e in quello delle decisioni."),
    )


class CommitteeForm(StyledForm):
    reviewer: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Valutatore"), queryset=None
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "reviewer", forms.ModelChoiceField).queryset = reviewers
        label_choices(
            field_of(self, "reviewer", forms.ModelChoiceField),
            lambda user: f"{user.full_name} <{user.email}>",
        )
