from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture.accounts.decorators import (
    AuthenticatedHttpRequest,
    staff_required,
    verified_required,
)
from manifatture.directory.queries import get_organisation_for_member
from manifatture.errors import show_error

from . import queries, services
from .exceptions import NotEligible, QualificationError
from .forms import ApplyForm, DecisionForm, KindFilterForm
from .models import Entry


@require_GET
def listing(request: HttpRequest) -> HttpResponse:
    """The published qualified list."""
    form = KindFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    return render(
        request,
        "qualifications/list.html",
        {"form": form, "entries": queries.public_list(kind=kind)},
    )


@require_GET
def criteria(request: HttpRequest) -> HttpResponse:
    return render(request, "qualifications/criteria.html", {"criteria": queries.active_criteria()})


@verified_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's applications and listings, and where to apply."""
    return render(
        request,
        "qualifications/mine.html",
        {
            "entries": queries.entries_of_user(request.user),
            "eligible": queries.eligible_organisations_of(request.user),
        },
    )


def _apply_page(
    request: AuthenticatedHttpRequest, organisation, renews: Entry | None
) -> HttpResponse:
    if organisation.category not in queries.ELIGIBLE_CATEGORIES:
        return render(
            request,
            "qualifications/apply.html",
            {"organisation": organisation, "not_eligible": NotEligible.default_message},
        )
    initial = {"kind": renews.kind} if renews else {}
    form = ApplyForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.apply(
                organisation,
                kind=form.cleaned_data["kind"],
                criteria=form.cleaned_data["criteria"],
                documents=form.cleaned_data["documents"],
                statement=form.cleaned_data["statement"],
                submitted_by=request.user,
                renews=renews,
            )
        except QualificationError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("La domanda è stata inviata: lo staff del Comune la verificherà."),
            )
            return redirect(entry)
    return render(
        request,
        "qualifications/apply.html",
        {"form": form, "organisation": organisation, "renews": renews},
    )


@verified_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_member(request.user, slug)
    return _apply_page(request, organisation, None)


@verified_required
@require_http_methods(["GET", "POST"])
def renew(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_entry_for_user(request.user, pk)
    organisation = get_organisation_for_member(request.user, entry.organisation.slug)
    if not queries.can_renew(entry):
        messages.error(request, _("Questa iscrizione ora non si può rinnovare."))
        return redirect(entry)
    return _apply_page(request, organisation, entry)


@login_required
@require_GET
def entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_entry_for_user(request.user, pk)
    return render(
        request,
        "qualifications/entry.html",
        {
            "entry": entry,
            "documents": queries.documents_of(entry),
            "events": entry.events.select_related("actor"),
            "can_renew": queries.can_renew(entry),
            "renewal_opens_on": queries.renewal_opens_on(entry) if entry.expires_on else None,
            "is_member": not request.user.is_city_staff
            or entry.organisation.memberships.filter(user=request.user).exists(),
        },
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_entry_for_user(request.user, pk)
    get_organisation_for_member(request.user, entry.organisation.slug)
    try:
        services.withdraw(entry, by=request.user)
    except QualificationError as error:
        show_error(request, error)
    else:
        messages.success(request, _("La domanda è stata ritirata."))
    return redirect(entry)


@login_required
@require_GET
def document(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A document, as an attachment, to the applicant's members and staff only."""
    document = queries.get_document_for_user(request.user, pk)
    response = HttpResponse(bytes(document.data), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
@require_GET
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "qualifications/review_queue.html",
        {"pending": queries.pending_entries(), "decided": queries.recent_decisions()},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_entry_for_user(request.user, pk)
    if not request.user.is_city_staff:
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                entry = services.approve(entry, by=request.user)
                messages.success(
                    request,
                    _("%(name)s è iscritta all'albo.") % {"name": entry.organisation.name},
                )
            else:
                services.reject(entry, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("La domanda è stata respinta."))
        except QualificationError as error:
            show_error(form, error)
        else:
            return redirect("qualifications:review_queue")
    return render(
        request,
        "qualifications/review.html",
        {
            "entry": entry,
            "form": form,
            "documents": queries.documents_of(entry),
            "events": entry.events.select_related("actor"),
            "criteria": entry.criteria.all(),
        },
    )
