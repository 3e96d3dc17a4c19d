from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SurveyResponse

SCORES = [
    (5, _("5 – ottima")),
    (4, _("4 – buona")),
    (3, _("3 – discreta")),
    (2, _("2 – deludente")),
    (1, _("1 – pessima")),
]
YES_NO = [("yes", _("Sì")), ("no", _("No"))]


class SurveyForm(forms.Form):
    overall = forms.TypedChoiceField(
        label=_("Nel complesso, com'è stata la visita?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Scegliete un giudizio da 1 a 5."),
            "invalid_choice": _("Scegliete un giudizio da 1 a 5."),
        },
    )
    would_recommend = forms.TypedChoiceField(
        label=_("La consigliereste a un'amica o a un amico?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Rispondete sì o no."),
            "invalid_choice": _("Rispondete sì o no."),
        },
    )
    first_time = forms.ChoiceField(
        label=_("Era la prima volta a Manifatture Aperte?"),
        choices=SurveyResponse.FirstTime.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Rispondete sì o no."),
            "invalid_choice": _("Rispondete sì o no."),
        },
    )
    comment = forms.CharField(
        label=_("Che cosa avete imparato? Un commento per chi vi ha accolto (facoltativo)"),
        help_text=_(
            "Lo leggerà l'host, senza il vostro nome. Non scrivete dati personali, vostri o di altri."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
