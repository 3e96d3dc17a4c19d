from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture import outreach
from manifatture.accounts.decorators import (
    AuthenticatedHttpRequest,
    staff_required,
    verified_required,
)
from manifatture.directory.models import Organisation
from manifatture.directory.queries import get_organisation_for_member, organisations_of
from manifatture.errors import show_error

from . import queries, services
from .exceptions import MatchingError
from .forms import AnswerForm, ContactForm, NeedForm, ReportForm


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """What matching is; for members, their needs and the messages they received."""
    context = {}
    if request.user.is_authenticated:
        context = {
            "needs": queries.needs_of_user(request.user),
            "inbox": queries.inbox_of(request.user)[:20],
            "organisations": organisations_of(request.user),
        }
    return render(request, "matching/index.html", context)


@verified_required
@require_http_methods(["GET", "POST"])
def need_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_member(request.user, slug)
    form = NeedForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.post_need(
                organisation,
                created_by=request.user,
                title=data["title"],
                description=data["description"],
                capabilities=list(data["capabilities"]),
                materials=list(data["materials"]),
                quantity=data["quantity"],
                site=data["site"],
                nil=data["nil"],
                max_distance_km=data["max_distance_km"],
                needed_by=data["needed_by"],
            )
        except MatchingError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Richiesta pubblicata: ecco chi può aiutarvi."))
            return redirect(need)
    return render(request, "matching/need_form.html", {"form": form, "organisation": organisation})


@login_required
@require_GET
def need(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The need with its ranked matches and the reasons."""
    need = queries.get_need_for_member(request.user, pk)
    return render(
        request,
        "matching/need.html",
        {
            "need": need,
            "matches": queries.rank_matches(need),
            "contact_form": ContactForm(),
        },
    )


@login_required
@require_POST
def contact_create(
    request: AuthenticatedHttpRequest, pk: int, organisation_pk: int
) -> HttpResponse:
    need = queries.get_need_for_member(request.user, pk, as_sender=True)
    recipient = get_object_or_404(Organisation.objects.listed(), pk=organisation_pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact(
                need, recipient=recipient, sender=request.user, message=form.cleaned_data["message"]
            )
        except (MatchingError, outreach.AimedEmailRefused) as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("Messaggio inviato a %(name)s: vi scriveremo quando risponde.")
                % {"name": recipient.name},
            )
            return redirect(need)
    return render(
        request,
        "matching/need.html",
        {
            "need": need,
            "matches": queries.rank_matches(need),
            "contact_form": ContactForm(),
            "failed_form": form,
            "failed_recipient": recipient.pk,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def need_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    need = queries.get_need_for_member(request.user, pk)
    services.close_need(need)
    messages.success(request, _("La richiesta è chiusa."))
    return redirect(need)


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact, role = queries.get_contact_for_user(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if role != "recipient":
            raise Http404
        if form.is_valid():
            try:
                services.answer(contact, by=request.user, message=form.cleaned_data["message"])
            except MatchingError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Risposta inviata."))
                return redirect(contact)
    return _contact_page(request, contact, role, form=form)


def _contact_page(
    request: HttpRequest,
    contact,
    role: str,
    *,
    form: AnswerForm | None = None,
    report_form: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "matching/contact.html",
        {
            "contact": contact,
            "role": role,
            "form": form or AnswerForm(),
            "report_form": report_form or ReportForm(),
            "report": queries.report_of(contact) if role != "sender" else None,
            "block": queries.block_for(contact) if role != "sender" else None,
        },
        status=status,
    )


@login_required
@require_POST
def contact_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The recipient reports the message to the City and blocks its firm."""
    contact, role = queries.get_contact_for_user(request.user, pk)
    if role != "recipient":
        raise Http404
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_contact(contact, by=request.user, reason=form.cleaned_data["reason"])
        except MatchingError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Segnalazione inviata al Comune. %(firm)s non potrà più scrivere alla "
                    "vostra organizzazione."
                )
                % {"firm": contact.need.organisation.name},
            )
            return redirect(contact)
    return _contact_page(request, contact, role, report_form=form, status=400)


@login_required
@require_POST
def contact_unblock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact, role = queries.get_contact_for_user(request.user, pk)
    if role != "recipient":
        raise Http404
    services.unblock_sender(contact)
    messages.success(
        request,
        _("%(firm)s può di nuovo scrivere alla vostra organizzazione.")
        % {"firm": contact.need.organisation.name},
    )
    return redirect(contact)


@staff_required
@require_GET
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """City staff: messages their recipients reported as abuse, newest first."""
    return render(request, "matching/reports.html", {"reports": queries.contact_reports()[:200]})
