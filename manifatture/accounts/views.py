from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from . import services
from .exceptions import AccountError, EmailAlreadyRegistered, ExpiredVerificationLink
from .forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ResendVerificationForm,
    SetPasswordForm,
    SignupForm,
)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_user(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except EmailAlreadyRegistered as error:
            form.add_error("email", error.message)
        else:
            request.session["verification_email"] = form.cleaned_data["email"]
            return redirect("accounts:check_inbox")
    return render(request, "accounts/signup.html", {"form": form})


def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/check_inbox.html",
        {
            "email": request.session.get("verification_email"),
            "valid_days": services.verification_valid_days(),
        },
    )


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(
        request.POST or None,
        initial={"email": request.GET.get("email", "")[:254]},
    )
    if request.method == "POST" and form.is_valid():
        services.resend_verification(form.cleaned_data["email"])
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
    messages.success(
        request, _("Indirizzo verificato, grazie! Ora potete accedere con la vostra password.")
    )
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:dashboard")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'email': user.email})}")


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = LoginForm(
        request, request.POST or None, initial={"email": request.GET.get("email", "")[:254]}
    )
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user)
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


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
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(request, "accounts/dashboard.html", {"memberships": memberships})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html")


password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="accounts/password_reset_form.html",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
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
    e-mails, too, reach the person in the language they read the site in."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_language_preference(request.user, language=language)
    return response
