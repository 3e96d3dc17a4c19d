from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PageRating, ProblemReport

SCORES = [(n, str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    """Step one, on every page: the stars. Below 4, step two asks what was hard."""

    path = forms.CharField(max_length=200, widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=_("Quanto sono chiare le informazioni su questa pagina?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Scegliete da 1 a 5 stelle.")},
    )


class RatingDetailsForm(RatingForm):
    reason = forms.ChoiceField(
        label=_("Dove avete incontrato le maggiori difficoltà?"),
        choices=PageRating.Reason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Volete aggiungere altri dettagli? (facoltativo)"),
        help_text=_(
            "Al massimo 200 caratteri. Non scrivete dati personali: la valutazione è anonima."
        ),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget = forms.HiddenInput()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("score") is not None and data["score"] < 4 and not data.get("reason"):
            self.add_error("reason", _("Diteci dove avete incontrato difficoltà."))
        return data


class ProblemReportForm(forms.ModelForm):
    page = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)

    class Meta:
        model = ProblemReport
        fields = ["category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _(
                "Che cosa non funziona o non è chiaro, e dove. Al massimo 2000 caratteri."
            )
        }


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Risposta"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000
    )
