import ipaddress
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from manifatture import outreach, ratelimit
from manifatture.forms import StyledForm, StyledFormMixin
from manifatture.mail import send_templated_email
from manifatture.ratelimit import client_address

from .exceptions import LoginLocked
from .models import LoginFailure, User
from .services import (
    check_not_locked,
    check_password_login,
    clear_login_failures,
    normalize_email,
    record_login_failure,
    verify_email,
)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the rate limits see it (behind TRUSTED_PROXY_COUNT
    proxies, from X-Forwarded-For; never what the client wrote), IPv6 by its /64."""
    if request is None:
        return None
    try:
        network = ipaddress.ip_network(client_address(request), strict=False)
    except ValueError:
        return None
    return str(network.network_address)


class SignupForm(StyledForm):
    full_name = forms.CharField(
        label=_("Nome e cognome"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Vi invieremo un link per verificare l'indirizzo."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("Almeno 8 caratteri, non solo numeri e non troppo simile ai vostri dati."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ripetete la password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    privacy = forms.BooleanField(
        label=_("Ho letto l'informativa sulla privacy e acconsento al trattamento dei miei dati"),
        error_messages={
            "required": _("Per creare un account dovete accettare l'informativa sulla privacy.")
        },
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        # Whether the address has an account is never said here: its owner
        # gets an e-mail instead (services.sign_up).
        return normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Le due password non coincidono."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args, **kwargs):
        self.request = request
        self.user: User | None = None
        # True when the password was right but the address is still to verify.
        self.unverified = False
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        email, password = cleaned.get("email"), cleaned.get("password")
        if not email or not password:
            return cleaned
        ip_address = client_ip(self.request)
        try:
            # Locked: the password is not even checked, right or wrong.
            check_not_locked(email=email, ip_address=ip_address, kind=LoginFailure.Kind.PASSWORD)
        except LoginLocked as error:
            raise forms.ValidationError(error.message, code="locked") from error
        # One password hash whatever the answer (services.check_password_login).
        result = check_password_login(email=email, password=password)
        if result.user is not None:
            self.user = result.user
            clear_login_failures(email=email)
            return cleaned
        if result.unverified:
            self.unverified = True
            raise forms.ValidationError(
                _(
                    "Il vostro indirizzo non è ancora verificato: aprite il link che vi abbiamo "
                    "inviato per e-mail, oppure chiedetene uno nuovo."
                ),
                code="unverified",
            )
        record_login_failure(email=email, ip_address=ip_address, kind=LoginFailure.Kind.PASSWORD)
        raise forms.ValidationError(
            _("E-mail o password non corretti. Attenzione a maiuscole e minuscole nella password."),
            code="invalid_login",
        )


class ResendVerificationForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class PasswordResetForm(StyledFormMixin, DjangoPasswordResetForm):
    """Django's reset form, sending through our mail task in the visitor's language,
    within the limits of e-mail someone else can aim (manifatture/outreach.py)."""

    def save(self, *, request: HttpRequest | None = None, **kwargs: Any) -> None:  # type: ignore[override]  # keywords only, as PasswordResetView calls it
        """Raises outreach.SenderLimitReached, counted whether or not the address
        has an account."""
        sender_key = ratelimit.by_address(request) if request is not None else "unknown"
        outreach.count_sender("password-reset", sender_key=sender_key)
        super().save(request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        try:
            outreach.allow_recipient(
                "password-reset",
                recipient=to_email,
                link_valid_for=settings.PASSWORD_RESET_TIMEOUT,
            )
        except outreach.AimedEmailRefused:
            return  # a link sent before still works: the page answers the same
        language = translation.get_language() or "it"
        transaction.on_commit(
            lambda: send_templated_email(
                [to_email], "accounts/email/password_reset", context, language
            )
        )


class SetPasswordForm(StyledFormMixin, DjangoSetPasswordForm):
    """Setting a new password from the reset link proves the address is theirs."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            # The reset link no longer works: another may be asked.
            outreach.forget_link("password-reset", user.email)
            if not user.email_verified:
                verify_email(user)
            # Whoever was guessing, the owner has now proved the address is theirs.
            clear_login_failures(email=user.email)
        return user


class PasswordChangeForm(StyledFormMixin, DjangoPasswordChangeForm):
    pass


class SecondFactorForm(StyledForm):
    code = forms.CharField(
        label=_("Codice"),
        max_length=20,
        help_text=_(
            "Le 6 cifre che l'app di autenticazione mostra adesso, oppure uno dei "
            "codici di recupero."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class SecondFactorSetupForm(StyledForm):
    code = forms.CharField(
        label=_("Codice mostrato dall'app"),
        max_length=10,
        help_text=_("Le 6 cifre che l'app mostra per Manifatture Aperte."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ExternalAccountForm(StyledForm):
    """The person the identity provider vouched for confirms their name and
    accepts the privacy notice before their account is created."""

    full_name = forms.CharField(
        label=_("Nome e cognome"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    privacy = forms.BooleanField(
        label=_("Ho letto l'informativa sulla privacy e acconsento al trattamento dei miei dati"),
        error_messages={
            "required": _("Per creare un account dovete accettare l'informativa sulla privacy.")
        },
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())
