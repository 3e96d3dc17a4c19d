"""Forms of the privacy pages (consents, deleting the account) and of the
staff's audit trail."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm, field_of

from .audit import action_choices
from .models import Consent, User
from .privacy import OPTIONAL_PURPOSES


class ConsentForm(StyledForm):
    """One optional consent given or withdrawn (one button per purpose)."""

    purpose = forms.ChoiceField(
        choices=[(p.value, p.label) for p in Consent.Purpose if p in OPTIONAL_PURPOSES]
    )
    given = forms.TypedChoiceField(
        choices=[("1", _("Do il consenso")), ("0", _("Ritiro il consenso"))],
        coerce=lambda value: value == "1",
    )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        # Statistics and the newsletter are given where their data is asked
        # (the visitor profile, the newsletter's double opt-in); here only withdrawn.
        if cleaned.get("given") and cleaned.get("purpose") != Consent.Purpose.HOST_CONTACT:
            raise forms.ValidationError(_("Questo consenso si dà dalla sua pagina."))
        return cleaned


class DeleteAccountForm(StyledForm):
    """The person confirms with their password; an account without one (login
    through a digital identity) must have logged in a few minutes ago."""

    password = forms.CharField(
        label=_("La vostra password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Ho capito: la cancellazione è definitiva e non si può annullare"),
        error_messages={"required": _("Confermate di aver capito che è definitiva.")},
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            del self.fields["password"]

    @property
    def needs_recent_login(self) -> bool:
        return "password" not in self.fields

    def login_is_recent(self) -> bool:
        minutes = settings.ACCOUNT_DELETION_REAUTH_MINUTES
        last = self.user.last_login
        return last is not None and timezone.now() - last <= datetime.timedelta(minutes=minutes)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("La password non è corretta."), code="wrong_password")
        return password

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if self.needs_recent_login and not self.login_is_recent():
            raise forms.ValidationError(
                _(
                    "Per sicurezza, accedete di nuovo con la vostra identità digitale e poi "
                    "tornate su questa pagina entro %(minutes)s minuti."
                )
                % {"minutes": settings.ACCOUNT_DELETION_REAUTH_MINUTES},
                code="login_not_recent",
            )
        return cleaned


class AuditFilterForm(StyledForm):
    actor = forms.CharField(label=_("Chi (nome o e-mail)"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Azione"), required=False)
    date_from = forms.DateField(
        label=_("Dal giorno"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Al giorno"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "action", forms.ChoiceField).choices = [
            ("", _("Tutte le azioni")),
            *action_choices(),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "actor": self.cleaned_data["actor"].strip(),
            "action": self.cleaned_data["action"],
            "date_from": self.cleaned_data["date_from"],
            "date_to": self.cleaned_data["date_to"],
        }
