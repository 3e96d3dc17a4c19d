import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from manifatture import outreach
from manifatture.accounts.decorators import AuthenticatedHttpRequest
from manifatture.errors import show_error
from manifatture.ratelimit import by_address, by_posted, rate_limit

from . import appio, oidc, privacy, second_factor, services
from .exceptions import AccountError, ExpiredVerificationLink, OIDCError
from .forms import (
    ExternalAccountForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ResendVerificationForm,
    SecondFactorForm,
    SecondFactorSetupForm,
    SetPasswordForm,
    SignupForm,
    client_ip,
)
from .models import User

logger = logging.getLogger(__name__)
OIDC_FLOW_KEY = "accounts_oidc_flow"
OIDC_PENDING_KEY = "accounts_oidc_pending"


def _safe_next(request: HttpRequest) -> str:
    """A path of this site to go on to, or "". Only paths: redirect() would take a
    bare word ("next=abc") for the name of a view, and fail to find it."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@rate_limit("signup")
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The same answer whether or not the address has an account.
            services.sign_up(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                sender_key=by_address(request),
                next_url=next_url,
            )
        except outreach.SenderLimitReached as error:
            show_error(form, error)
        else:
            request.session["verification_email"] = form.cleaned_data["email"]
            request.session["verification_next"] = next_url
            return redirect("accounts:check_inbox")
    return render(
        request,
        "accounts/signup.html",
        {
            "form": form,
            "next": next_url,
            "login_url": _with_next(reverse("accounts:login"), next_url),
        },
    )


def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/check_inbox.html",
        {
            "email": request.session.get("verification_email"),
            "valid_days": services.verification_valid_days(),
            "goes_on": bool(request.session.get("verification_next")),
        },
    )


@require_http_methods(["GET", "POST"])
@rate_limit("verification")
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(
        request.POST or None,
        initial={"email": request.GET.get("email", "")[:254]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resend_verification(
                form.cleaned_data["email"],
                sender_key=by_address(request),
                # Where the person was going when they signed up in this browser.
                next_url=request.session.get("verification_next", ""),
            )
        except outreach.SenderLimitReached as error:
            show_error(form, error)
            return render(request, "accounts/resend_verification.html", {"form": form})
        # The same answer whether or not the address has an account.
        messages.info(
            request,
            _(
                "Se l'indirizzo corrisponde a un account ancora da verificare, "
                "vi abbiamo inviato un nuovo link."
            ),
        )
        request.session["verification_email"] = form.cleaned_data["email"]
        return redirect("accounts:check_inbox")
    return render(request, "accounts/resend_verification.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.verify_email_token(token)
    except AccountError as error:
        return render(
            request,
            "accounts/verify_failed.html",
            {
                "message": error.message,
                "expired": isinstance(error, ExpiredVerificationLink),
                "form": ResendVerificationForm(),
            },
            status=400,
        )
    request.session.pop("verification_email", None)
    request.session.pop("verification_next", None)
    # Where the person was going when they signed up (a booking, say): the link
    # carries it, checked here like any `next`.
    next_url = _safe_next(request)
    messages.success(
        request, _("Indirizzo verificato, grazie! Ora potete accedere con la vostra password.")
    )
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(next_url or "accounts:dashboard")
    query = {"email": user.email, **({"next": next_url} if next_url else {})}
    return redirect(f"{reverse('accounts:login')}?{urlencode(query)}")


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@rate_limit("login")
@rate_limit("login-email", key=by_posted("email"))
def login(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = LoginForm(
        request, request.POST or None, initial={"email": request.GET.get("email", "")[:254]}
    )
    if request.method == "POST" and form.is_valid():
        assert form.user is not None  # a valid login form found the account
        return _complete_login(request, form.user, next_url)
    provider = oidc.configured_provider()
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "oidc_provider_name": provider and provider.name},
    )


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _complete_login(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Log in after the first factor (password or identity provider); those who
    need the second step go to it, or to set it up the first time."""
    auth_login(request, user, backend="manifatture.accounts.backends.EmailBackend")
    # A new login passes the second step anew, even in the same session.
    second_factor.forget(request.session)
    if user.second_factor_required:
        target = (
            "accounts:second_factor"
            if user.second_factor_enabled
            else ("accounts:second_factor_setup")
        )
        return redirect(_with_next(reverse(target), next_url))
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation; only a POST (with its CSRF token) logs out."""
    if request.method == "POST":
        auth_logout(request)
        messages.info(request, _("Siete usciti dal vostro account."))
        return redirect(settings.LOGOUT_REDIRECT_URL)
    if not request.user.is_authenticated:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/logout.html")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships,
            "notice_acknowledged": privacy.notice_acknowledged(request.user),
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except outreach.SenderLimitReached as error:
            show_error(form, error)
            return self.form_invalid(form)


password_reset = rate_limit("password-reset")(PasswordResetView.as_view())
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=SetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:dashboard")
    success_message = gettext_lazy("La nuova password è salvata.")


password_change = PasswordChangeView.as_view()


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the account so that
    e-mails, too, reach the person in the language they read the site in.

    The page to go back to (`next`) carries its language in its address; Django
    finds that page's twin in the chosen language only while the page's own
    language is active, so it is activated for the switch."""
    next_path = urlsplit(request.POST.get("next", "")).path
    with translation.override(
        translation.get_language_from_path(next_path) or settings.LANGUAGE_CODE
    ):
        response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_language_preference(request.user, language=language)
    return response


# Second factor ---------------------------------------------------------------


def _second_factor_passed(request: HttpRequest, next_url: str) -> HttpResponse:
    second_factor.mark_verified(request.session, request.user)
    # New rights for this session: a new session key, as at login.
    request.session.cycle_key()
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@login_required
def second_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step of the login: a code from the app, or a recovery code."""
    next_url = _safe_next(request)
    user = request.user
    if not user.second_factor_enabled:
        return redirect(_with_next(reverse("accounts:second_factor_setup"), next_url))
    if second_factor.is_verified(request.session, user):
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = services.verify_second_factor(
                user, code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except AccountError as error:
            form.add_error("code", error.message)
        else:
            if used == "recovery":
                left = user.recovery_codes.filter(used_at__isnull=True).count()
                messages.warning(
                    request,
                    ngettext(
                        "Avete usato un codice di recupero: ne resta %(count)d. "
                        "Generatene di nuovi dalla vostra area.",
                        "Avete usato un codice di recupero: ne restano %(count)d. "
                        "Generatene di nuovi dalla vostra area se vi servono.",
                        left,
                    )
                    % {"count": left},
                )
            return _second_factor_passed(request, next_url)
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@login_required
def second_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up the app (or move it to a new phone): scan the QR code, type a code."""
    next_url = _safe_next(request)
    user = request.user
    if user.second_factor_enabled and not second_factor.is_verified(request.session, user):
        # Replacing the app needs the old one first: a password alone is not enough.
        return redirect(_with_next(reverse("accounts:second_factor"), next_url))
    secret = request.session.get(second_factor.PENDING_SECRET_KEY)
    if not secret:
        secret = request.session[second_factor.PENDING_SECRET_KEY] = second_factor.new_secret()
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enable_second_factor(
                user, secret=secret, code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except AccountError as error:
            form.add_error("code", error.message)
        else:
            del request.session[second_factor.PENDING_SECRET_KEY]
            second_factor.mark_verified(request.session, user)
            request.session.cycle_key()
            messages.success(request, _("Verifica in due passaggi attivata."))
            # Shown once, in this answer: the codes are kept only as hashes.
            return _recovery_codes_page(request, codes, next_url)
    uri = second_factor.provisioning_uri(secret, account=user.email)
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": second_factor.qr_data_uri(uri),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


def _recovery_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": next_url or reverse(settings.LOGIN_REDIRECT_URL)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Recovery codes left, new codes, turning the second factor off where allowed.
    Reached only after the second step (the middleware sees to that)."""
    user = request.user
    if not user.second_factor_enabled:
        return redirect("accounts:second_factor_setup")
    if request.method == "POST":
        return _recovery_codes_page(request, services.regenerate_recovery_codes(user), "")
    return render(
        request,
        "accounts/second_factor_manage.html",
        {"codes_left": user.recovery_codes.filter(used_at__isnull=True).count()},
    )


@require_POST
@login_required
def second_factor_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.second_factor_mandatory:
        raise PermissionDenied
    services.disable_second_factor(user)
    second_factor.forget(request.session)
    messages.info(request, _("Verifica in due passaggi disattivata."))
    return redirect("accounts:dashboard")


# Login through an OpenID Connect provider (SPID / CIE proxy) -----------------


def _provider_or_404() -> oidc.Provider:
    provider = oidc.configured_provider()
    if provider is None:
        raise Http404
    return provider


def _external_login_failed(request: HttpRequest, error: AccountError) -> HttpResponse:
    if isinstance(error, OIDCError):
        logger.warning("OIDC login refused: %s", error.detail)
    return render(
        request, "accounts/external_login_failed.html", {"message": error.message}, status=400
    )


@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    provider = _provider_or_404()
    redirect_uri = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    try:
        url, flow = oidc.start_login(
            provider, redirect_uri=redirect_uri, language=get_language() or ""
        )
    except OIDCError as error:
        return _external_login_failed(request, error)
    flow["next"] = _safe_next(request)
    request.session[OIDC_FLOW_KEY] = flow
    return redirect(url)


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    provider = _provider_or_404()
    # Each flow answers once: a second visit to the same link finds nothing.
    pending_flow = request.session.pop(OIDC_FLOW_KEY, None)
    try:
        flow = oidc.check_state(pending_flow, request.GET.get("state", ""))
        if request.GET.get("error"):
            messages.info(
                request,
                _("L'accesso con %(provider)s è stato annullato.") % {"provider": provider.name},
            )
            return redirect(_with_next(reverse("accounts:login"), flow.get("next", "")))
        claims = oidc.finish_login(provider, flow=flow, code=request.GET.get("code", ""))
        user = services.find_user_for_external_identity(issuer=provider.issuer, claims=claims)
    except AccountError as error:
        return _external_login_failed(request, error)
    # Kept for this session only, unless the person asks for IO messages (accounts:app_io).
    fiscal_code = appio.fiscal_code_from_claims(claims)
    if user is None:
        request.session[OIDC_PENDING_KEY] = {
            "issuer": provider.issuer,
            "subject": str(claims["sub"]),
            "email": services.external_email(claims),
            "full_name": services.external_full_name(claims),
            "next": flow.get("next", ""),
            "created": int(time.time()),
            "fiscal_code": fiscal_code,
        }
        return redirect("accounts:oidc_consent")
    response = _complete_login(request, user, flow.get("next", ""))
    request.session[appio.SESSION_KEY] = fiscal_code
    return response


@require_http_methods(["GET", "POST"])
def oidc_consent(request: HttpRequest) -> HttpResponse:
    """First login through the provider, no account yet: confirm the name and
    accept the privacy notice, then the account is created."""
    provider = _provider_or_404()
    pending = request.session.get(OIDC_PENDING_KEY)
    if not pending or time.time() - pending["created"] > oidc.FLOW_MAX_AGE_SECONDS:
        request.session.pop(OIDC_PENDING_KEY, None)
        messages.error(request, _("La richiesta di accesso è scaduta: ricominciate."))
        return redirect("accounts:login")
    form = ExternalAccountForm(request.POST or None, initial={"full_name": pending["full_name"]})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_external_user(
                issuer=pending["issuer"],
                subject=pending["subject"],
                email=pending["email"],
                full_name=form.cleaned_data["full_name"],
            )
        except AccountError as error:
            return _external_login_failed(request, error)
        del request.session[OIDC_PENDING_KEY]
        messages.success(request, _("Il vostro account è pronto."))
        response = _complete_login(request, user, pending["next"])
        request.session[appio.SESSION_KEY] = pending.get("fiscal_code", "")
        return response
    return render(
        request,
        "accounts/external_consent.html",
        {"form": form, "email": pending["email"], "provider_name": provider.name},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (settings.CSRF_FAILURE_VIEW): a page in the
    site's look, in the visitor's language, saying that nothing was saved and what
    to do. Django's own page has inline styles, which our CSP blocks."""
    return render(request, "403_csrf.html", status=403)
