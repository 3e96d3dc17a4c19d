from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm

from .models import DoorEvent


class CheckInForm(StyledForm):
    """A ticket code typed at the door, or the QR code's content put here by the scanner."""

    code = forms.CharField(
        label=_("Codice del biglietto"),
        # A signed token from the QR code is longer than the printed code.
        max_length=200,
        help_text=_(
            "Le lettere e le cifre stampate sotto il codice QR, o il codice breve di 10 "
            "caratteri; spazi e trattini non contano."
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


# The door app (tickets.door) -------------------------------------------------------


class DoorDeviceForm(StyledForm):
    name = forms.CharField(
        label=_("Nome del dispositivo"),
        max_length=60,
        help_text=_(
            "Per riconoscerlo nell'elenco, per esempio «Porta principale» o «Telefono di Anna»."
        ),
    )


class DoorEventForm(forms.Form):
    """One event sent by a door device (JSON, checked field by field)."""

    id = forms.UUIDField()
    kind = forms.ChoiceField(choices=DoorEvent.Kind.choices)
    # Primary keys: within PostgreSQL's integer (a larger one is no row's).
    slot = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    booking = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    delta = forms.TypedChoiceField(
        choices=[("1", "+1"), ("-1", "-1"), ("0", "0")],
        coerce=int,
        required=False,
        empty_value=0,  # type: ignore[arg-type]  # any value is fine to Django; the stubs say str
    )
    at = forms.DateTimeField()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == DoorEvent.Kind.WALK_IN and data.get("delta") not in (1, -1):
            raise forms.ValidationError(_("Un ingresso senza prenotazione vale +1 o -1."))
        return data


class DoorSyncForm(forms.Form):
    since = forms.DateTimeField(required=False)


class BookingAllowanceForm(forms.Form):
    """The bookings accepted past a slot's tour size (suggested from past no-shows)."""

    booking_allowance = forms.IntegerField(
        label=_("Prenotazioni oltre i posti"), min_value=0, max_value=10_000
    )
