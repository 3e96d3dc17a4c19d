from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm


class CheckInForm(StyledForm):
    """A ticket code typed at the door, or the QR code's content put here by the scanner."""

    code = forms.CharField(
        label=_("Codice del biglietto"),
        # A signed token from the QR code is longer than the printed code.
        max_length=200,
        help_text=_(
            "Le lettere e le cifre stampate sotto il codice QR; spazi e trattini non contano."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "class": "checkin-code-input",
            }
        ),
    )


class CheckInBookingForm(forms.Form):
    """A booking picked from the list of people expected."""

    booking = forms.IntegerField(min_value=1)


class WalkInForm(forms.Form):
    delta = forms.TypedChoiceField(choices=[("1", "+1"), ("-1", "-1")], coerce=int)
