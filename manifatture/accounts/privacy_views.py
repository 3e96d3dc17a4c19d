"""Pages about personal data: the privacy notice, the person's consents, the
download of their data, deleting the account; and the staff's audit trail."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture import tabular

from . import appio, privacy, queries
from .audit import action_label
from .decorators import AuthenticatedHttpRequest, staff_required
from .exceptions import AccountNotDeletable
from .models import AppIoContact, Consent
from .privacy_forms import AuditFilterForm, ConsentForm, DeleteAccountForm

AUDIT_PAGE_SIZE = 50


def privacy_notice(request: HttpRequest) -> HttpResponse:
    context = {
        "controller": settings.PRIVACY_CONTROLLER,
        "controller_email": settings.PRIVACY_CONTROLLER_EMAIL,
        "dpo_email": settings.PRIVACY_DPO_EMAIL,
        "version": settings.PRIVACY_NOTICE_VERSION,
        "retention_days": settings.VISITOR_DATA_RETENTION_DAYS,
        "inactive_years": round(settings.INACTIVE_ACCOUNT_RETENTION_DAYS / 365, 1),
        "inactive_days": settings.INACTIVE_ACCOUNT_RETENTION_DAYS,
        "access_counts_min": settings.ACCESS_NEEDS_COUNTS_MIN_BOOKINGS,
        "acknowledged": (
            request.user.is_authenticated and privacy.notice_acknowledged(request.user)
        ),
    }
    return render(request, "accounts/privacy.html", context)


@login_required
@require_POST
def acknowledge_notice(request: AuthenticatedHttpRequest) -> HttpResponse:
    privacy.acknowledge_notice(request.user)
    messages.success(request, _("Grazie: abbiamo registrato che avete letto l'informativa."))
    return redirect("accounts:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def consents(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            given = form.cleaned_data["given"]
            privacy.set_consent(
                request.user,
                purpose=form.cleaned_data["purpose"],
                given=given,
                source=Consent.Source.CONSENTS_PAGE,
            )
            messages.success(
                request, _("Consenso registrato.") if given else _("Consenso ritirato.")
            )
        return redirect("accounts:consents")
    latest = privacy.latest_consents(request.user)
    rows = [
        {"purpose": purpose, "label": purpose.label, "consent": latest.get(purpose)}
        for purpose in Consent.Purpose
        if purpose != Consent.Purpose.APP_IO or appio.enabled() or latest.get(purpose)
    ]
    history = Consent.objects.filter(user=request.user).order_by("-created_at", "-pk")[:50]
    return render(request, "accounts/consents.html", {"rows": rows, "history": history})


@login_required
@require_GET
def export_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything about the person, as a JSON file."""
    data = queries.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="manifatture-aperte-dati-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(user, request.POST or None)
    blockers = privacy.deletion_blockers(user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            privacy.delete_account(user, by=user)
        except AccountNotDeletable as error:
            blockers = error.reasons
        else:
            auth_logout(request)
            messages.success(
                request,
                _(
                    "Il vostro account è stato cancellato. Le visite già fatte restano solo "
                    "nelle statistiche, senza il vostro nome."
                ),
            )
            return redirect("editions:home")
    return render(
        request,
        "accounts/delete_account.html",
        {
            "form": form,
            "blockers": blockers,
            "reauth_minutes": settings.ACCOUNT_DELETION_REAUTH_MINUTES,
        },
        status=400 if request.method == "POST" else 200,
    )


# Audit trail (city staff) -----------------------------------------------------------


@staff_required
@require_GET
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = queries.audit_events(**form.filters()).select_related(None)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [(event, action_label(event.action)) for event in page.object_list],
            "query": query.urlencode(),
        },
    )


@staff_required
@require_GET
@tabular.download
def audit_log_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    rows = (
        [
            timezone.localtime(event.created_at).isoformat(),
            event.actor_id,
            event.actor_label,
            event.actor_role,
            event.action,
            action_label(event.action),
            event.object_type,
            event.object_id,
            event.object_label,
            event.summary,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
            event.ip_address,
        ]
        for event in queries.audit_events(**form.filters()).iterator()
    )
    response = tabular.csv_response(
        [
            "created_at",
            "actor_id",
            "actor",
            "actor_role",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object",
            "summary",
            "changes",
            "ip_address",
        ],
        rows,
        filename="registro-decisioni.csv",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def app_io(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Booking messages in the IO app too: on with the fiscal code of this session's
    SPID/CIE login and the person's consent, off at any time (the code is erased)."""
    if not appio.enabled():
        raise Http404
    contact = AppIoContact.objects.filter(user=request.user).first()
    fiscal_code = request.session.get(appio.SESSION_KEY, "")
    if request.method == "POST":
        if request.POST.get("action") == "on" and fiscal_code:
            privacy.turn_on_app_io(request.user, fiscal_code=fiscal_code)
            messages.success(
                request, _("Riceverete i messaggi delle prenotazioni anche nell'app IO.")
            )
        elif request.POST.get("action") == "off" and contact is not None:
            privacy.set_consent(
                request.user,
                purpose=Consent.Purpose.APP_IO,
                given=False,
                source=Consent.Source.CONSENTS_PAGE,
            )
            messages.success(
                request,
                _("Messaggi nell'app IO disattivati: il codice fiscale è stato cancellato."),
            )
        return redirect("accounts:app_io")
    return render(
        request,
        "accounts/app_io.html",
        {"contact": contact, "can_turn_on": bool(fiscal_code)},
    )
