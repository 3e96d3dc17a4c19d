from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import localized
from manifatture.editions.models import Edition
from manifatture.forms import StyledForm, StyledModelForm, field_of

from .models import ActivityKind, Application, ProposedActivity, ReviewCriterion, Score


class ApplicationForm(StyledModelForm):
    class Meta:
        model = Application
        fields = ["motivation", "expected_visitors", "notes_for_staff"]
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "notes_for_staff": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A draft may be saved half-written; submitting checks that the motivation is there.
        self.fields["motivation"].required = False
        # The model's default 0 is not an answer: a new application starts with the box empty.
        if self.initial.get("expected_visitors") == 0:
            self.initial["expected_visitors"] = None


class ProposedActivityForm(StyledModelForm):
    capacity = forms.IntegerField(
        label=_("Persone per turno"), min_value=1, max_value=1000, initial=15
    )
    slots = forms.IntegerField(label=_("Turni previsti"), min_value=1, max_value=50, initial=2)

    class Meta:
        model = ProposedActivity
        fields = ["kind", "title", "description", "capacity", "slots"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The blank choice keeps an untouched extra row empty, so the formset ignores it.
        field_of(self, "kind", forms.ChoiceField).choices = [
            ("", _("Scegliete il tipo")),
            *ActivityKind.choices,
        ]


class BaseProposedActivityFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Togli questa attività")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


ProposedActivityFormSet = forms.inlineformset_factory(
    Application,
    ProposedActivity,
    form=ProposedActivityForm,
    formset=BaseProposedActivityFormSet,
    extra=1,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class ReviewForm(StyledForm):
    """A score from 1 to 5 for every criterion of the edition, and a comment for staff."""

    comment = forms.CharField(
        label=_("Commento per lo staff"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lo leggono solo lo staff del Comune e gli altri valutatori."),
    )

    def __init__(self, *args, criteria: list[ReviewCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [(value, str(value)) for value in range(Score.MIN, Score.MAX + 1)]
        for criterion in self.criteria:
            self.fields[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=localized(criterion, "description"),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Date un punteggio da 1 a 5 a questo criterio.")},
            )
        self.order_fields([self.field_name(criterion) for criterion in self.criteria])

    @staticmethod
    def field_name(criterion: ReviewCriterion) -> str:
        return f"criterion_{criterion.pk}"

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[self.field_name(criterion)] for criterion in self.criteria]

    def scores(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[self.field_name(criterion)]
            for criterion in self.criteria
        }


class ReopenReviewForm(StyledForm):
    """Staff reopen the review of one application after its phase closed."""

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
        help_text=_("Resta nel registro delle decisioni."),
    )


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decisione"),
        choices=[
            (Application.State.ACCEPTED, _("Accetta la candidatura")),
            (Application.State.CHANGES_REQUESTED, _("Chiedi modifiche")),
            (Application.State.REJECTED, _("Respingi la candidatura")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Nota per l'organizzazione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Arriva per e-mail a tutti i membri dell'organizzazione. "
            "Obbligatoria se respingete o chiedete modifiche."
        ),
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        decision = cleaned.get("decision")
        if decision and decision != Application.State.ACCEPTED and not cleaned.get("note"):
            self.add_error("note", _("Spiegate all'organizzazione il motivo della decisione."))
        return cleaned


class ReviewCriterionForm(StyledModelForm):
    weight = forms.IntegerField(
        label=_("Peso"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("Quanto conta il criterio nella media: da 1 a 10."),
    )

    class Meta:
        model = ReviewCriterion
        fields = ["name_it", "name_en", "description_it", "description_en", "weight", "position"]
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.instance.edition = edition

    def clean_name_it(self) -> str:
        name = self.cleaned_data["name_it"].strip()
        others = ReviewCriterion.objects.filter(edition=self.edition, name_it__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Questa edizione ha già un criterio con questo nome."))
        return name


class ApplicationFilterForm(StyledForm):
    edition = forms.ModelChoiceField(
        label=_("Edizione"),
        queryset=Edition.objects.order_by("-year"),
        to_field_name="year",
        required=False,
        empty_label=None,
    )
    state = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[("", _("Tutte tranne le bozze")), *Application.State.choices],
    )
