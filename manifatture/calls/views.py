import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrOrPromise

from manifatture.accounts.decorators import (
    AuthenticatedHttpRequest,
    reviewer_required,
    staff_required,
)
from manifatture.directory.queries import get_organisation_for_member
from manifatture.errors import show_error
from manifatture.ratelimit import by_user, rate_limit
from manifatture.reviewing.views import staff_conflict_override_view

from . import queries, services
from .eligibility import check_eligibility
from .exceptions import (
    ApplicationExists,
    ApplicationIncomplete,
    CallsError,
    NotEligible,
    RankingNotReady,
)
from .forms import (
    AdmissibilityForm,
    ApplicationForm,
    AttachmentForm,
    CallForm,
    CommitteeForm,
    CriterionFormSet,
    DeclarationForm,
    ReopenReviewForm,
    RequirementFormSet,
    ScoreForm,
)
from .models import Application, Call, CommitteeMember
from .ranking import tie_break_order

State = Application.State


# Public pages -------------------------------------------------------------------


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/list.html", {"groups": queries.calls_by_phase()})


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = queries.get_public_call(request.user, slug)
    criteria = list(queries.criteria_of(call))
    return render(
        request,
        "calls/detail.html",
        {
            "call": call,
            "criteria": criteria,
            "tie_criteria": tie_break_order(criteria) if criteria else [],
            "requirements": queries.requirements_of(call),
            "spaces": queries.spaces_of(call),
            "rows": queries.organisations_for_call(request.user, call),
            "now": timezone.now(),
        },
    )


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    """The published ranking: organisation, score, position and outcome only."""
    call = queries.get_public_call(request.user, slug)
    published = call.status == Call.Status.RESULTS_PUBLISHED
    return render(
        request,
        "calls/results.html",
        {
            "call": call,
            "published": published,
            "entries": queries.ranking_of(call) if published else [],
            "summary": queries.results_summary(call) if published else {},
        },
    )


# Applicants ---------------------------------------------------------------------


@login_required
@require_POST
@rate_limit("applications", key=by_user)
def apply(request: AuthenticatedHttpRequest, slug: str, org_slug: str) -> HttpResponse:
    call = queries.get_public_call(request.user, slug)
    organisation = get_organisation_for_member(request.user, org_slug)
    try:
        application = services.start_application(call, organisation=organisation, by=request.user)
    except ApplicationExists:
        existing = call.applications.get(organisation=organisation)
        return redirect("calls:edit" if existing.is_draft else "calls:application", pk=existing.pk)
    except NotEligible as error:
        for reason in error.reasons:
            messages.error(request, reason)
        return redirect(call)
    except CallsError as error:
        show_error(request, error)
        return redirect(call)
    messages.success(request, _("Bozza creata: potete salvarla e riprenderla quando volete."))
    return redirect("calls:edit", pk=application.pk)


@login_required
def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "calls/mine.html", {"applications": queries.applications_of(request.user)}
    )


@login_required
def application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The application and its receipt, for its members, staff and the committee."""
    application = queries.get_application_for_user(request.user, pk)
    is_member = queries.is_member(request.user, application.organisation_id)
    return render(
        request,
        "calls/application.html",
        {
            "application": application,
            "call": application.call,
            "answers": _answers(application),
            "attachments": queries.attachments_of(application),
            "history": queries.application_history(application, full=request.user.is_city_staff),
            "is_member": is_member,
            "entry": getattr(application, "ranking_entry", None)
            if application.call.status == Call.Status.RESULTS_PUBLISHED
            else None,
        },
    )


def _answers(application: Application) -> list[tuple]:
    return [
        (criterion, application.answers.get(str(criterion.pk), ""))
        for criterion in queries.criteria_of(application.call)
    ]


def _edit_context(application: Application, form: ApplicationForm, upload_forms=None) -> dict:
    call = application.call
    attachments = {a.requirement_id: a for a in queries.attachments_of(application)}
    upload_forms = upload_forms or {}
    requirements = [
        (
            requirement,
            attachments.get(requirement.pk),
            upload_forms.get(requirement.pk) or AttachmentForm(requirement=requirement),
        )
        for requirement in queries.requirements_of(call)
    ]
    employees = application.employees
    if form.is_bound and "employees" in form.fields and form.is_valid():
        employees = form.cleaned_data["employees"]
    return {
        "application": application,
        "call": call,
        "form": form,
        "requirements": requirements,
        "eligibility": check_eligibility(call, application.organisation, employees=employees),
        "missing": services.missing_for_submission(application),
    }


def _application_form(request: HttpRequest, application: Application) -> ApplicationForm:
    return ApplicationForm(
        request.POST if request.method == "POST" else None,
        instance=application,
        call=application.call,
        criteria=queries.criteria_of(application.call),
    )


@login_required
@rate_limit("applications", key=by_user)
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk, manage=True)
    if not application.is_draft:
        messages.info(request, _("La domanda è già stata inviata: ecco la ricevuta."))
        return redirect(application)
    form = _application_form(request, application)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_application(application, by=request.user, **form.application_fields())
        except CallsError as error:
            show_error(form, error)
        else:
            if request.POST.get("action") != "submit":
                messages.success(request, _("Bozza salvata."))
                return redirect("calls:edit", pk=application.pk)
            try:
                services.submit_application(application, by=request.user)
            except NotEligible as error:
                for reason in error.reasons:
                    form.add_error(None, reason)
            except ApplicationIncomplete as error:
                form.add_error(None, _("La bozza è salvata, ma per inviarla manca ancora:"))
                for item in error.missing:
                    form.add_error(None, item)
            except CallsError as error:
                show_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Domanda inviata con protocollo %(protocol)s. Vi abbiamo scritto la ricevuta."
                    )
                    % {"protocol": application.protocol},
                )
                return redirect(application)
    status = 400 if form.errors else 200
    return render(request, "calls/edit.html", _edit_context(application, form), status=status)


@login_required
@require_POST
def autosave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """HTMX: save the draft as the person types; answers with a short status line."""
    application = queries.get_application_for_user(request.user, pk, manage=True)
    form = _application_form(request, application)
    saved_at = None
    error: StrOrPromise = ""
    if form.is_valid():
        try:
            services.save_application(application, by=request.user, **form.application_fields())
        except CallsError as exc:
            error = exc.message
        else:
            saved_at = timezone.now()
    else:
        error = _("Bozza non salvata: correggete i campi segnalati e salvate con il pulsante.")
    return render(
        request,
        "calls/_autosave_status.html",
        {"saved_at": saved_at, "error": error},
        status=200,
    )


@login_required
@require_POST
@rate_limit("applications", key=by_user)
def upload(request: AuthenticatedHttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk, manage=True)
    requirement = get_object_or_404(application.call.document_requirements, pk=requirement_pk)
    form = AttachmentForm(request.POST, request.FILES, requirement=requirement)
    if form.is_valid():
        try:
            services.add_attachment(
                application,
                requirement=requirement,
                upload=form.cleaned_data["file"],
                checked=form.checked,
                by=request.user,
            )
        except CallsError as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request, _("Documento «%(name)s» caricato.") % {"name": requirement.name}
            )
            return redirect("calls:edit", pk=application.pk)
    if not application.is_draft:
        return redirect(application)
    answers_form = ApplicationForm(
        instance=application, call=application.call, criteria=queries.criteria_of(application.call)
    )
    context = _edit_context(application, answers_form, {requirement.pk: form})
    return render(request, "calls/edit.html", context, status=400)


@login_required
@require_POST
def remove_attachment(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk, manage=True)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    try:
        services.remove_attachment(attachment, by=request.user)
    except CallsError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Allegato eliminato."))
    return redirect("calls:edit", pk=application.pk)


@login_required
@require_GET
def attachment(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Hand out an attachment to who may see its application: always as a download,
    with the type the platform detected, never rendered by the browser."""
    attachment = queries.get_attachment_for_user(request.user, pk, attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Committee ----------------------------------------------------------------------


@reviewer_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "calls/review/queue.html", {"applications": queries.review_queue(request.user)}
    )


@reviewer_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Declare first; with no conflict, read the application and score it."""
    application, review = queries.get_application_for_reviewer(request.user, pk)
    criteria = list(queries.criteria_of(application.call))
    declaration_form = DeclarationForm()
    initial: dict[str, int | str] = {}
    if review is not None and not review.has_conflict:
        initial = {f"criterion_{s.criterion_id}": s.points for s in review.scores.all()}
        initial["comment"] = review.comment
    score_form = ScoreForm(criteria=criteria, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "declare":
                declaration_form = DeclarationForm(request.POST)
                if declaration_form.is_valid():
                    review = services.declare_conflict(
                        application,
                        reviewer=request.user,
                        has_conflict=declaration_form.cleaned_data["has_conflict"],
                        note=declaration_form.cleaned_data["note"],
                    )
                    messages.success(request, _("Dichiarazione registrata."))
                    return redirect("calls:review", pk=application.pk)
            elif action == "score":
                score_form = ScoreForm(request.POST, criteria=criteria)
                if score_form.is_valid():
                    services.score_application(
                        application,
                        reviewer=request.user,
                        points=score_form.points(),
                        comment=score_form.cleaned_data["comment"],
                    )
                    messages.success(request, _("Valutazione salvata."))
                    return redirect("calls:review_queue")
        except CallsError as error:
            target = declaration_form if action == "declare" else score_form
            show_error(target, error)
    may_read = review is not None and not review.has_conflict
    return render(
        request,
        "calls/review/review.html",
        {
            "application": application,
            "call": application.call,
            "review": review,
            "may_read": may_read,
            "declaration_form": declaration_form,
            "score_form": score_form,
            "review_open": queries.review_is_open(application.call),
            "review_closes_at": queries.review_closes_at(application.call),
            "answers": _answers(application) if may_read else [],
            "attachments": queries.attachments_of(application) if may_read else [],
        },
        status=400 if declaration_form.errors or score_form.errors else 200,
    )


# Staff --------------------------------------------------------------------------


@staff_required
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "calls/staff/list.html", {"calls": queries.staff_calls()})


@staff_required
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(
                by=request.user, spaces=form.cleaned_data["spaces"], **form.call_fields()
            )
        except CallsError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Bando creato. Aggiungete criteri e documenti, poi pubblicatelo.")
            )
            return redirect("calls:staff_call", pk=call.pk)
    return render(request, "calls/staff/form.html", {"form": form, "call": None})


@staff_required
def staff_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    if call.status != Call.Status.DRAFT:
        messages.info(request, _("Un bando pubblicato non si modifica."))
        return redirect("calls:staff_call", pk=call.pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(
                call, by=request.user, spaces=form.cleaned_data["spaces"], **form.call_fields()
            )
        except CallsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Bando aggiornato."))
            return redirect("calls:staff_call", pk=call.pk)
    return render(request, "calls/staff/form.html", {"form": form, "call": call})


def _parts(
    request: AuthenticatedHttpRequest, pk: int, formset_class, template: str
) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    formset = formset_class(request.POST or None, instance=call)
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_call_parts(call, by=request.user, formset=formset)
        except CallsError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Modifiche salvate."))
        return redirect(request.path)
    return render(
        request,
        template,
        {"call": call, "formset": formset, "editable": call.status == Call.Status.DRAFT},
        status=400 if formset.is_bound else 200,
    )


@staff_required
def staff_criteria(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _parts(request, pk, CriterionFormSet, "calls/staff/criteria.html")


@staff_required
def staff_documents(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _parts(request, pk, RequirementFormSet, "calls/staff/documents.html")


@staff_required
def staff_call(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    return render(
        request,
        "calls/staff/call.html",
        {
            "call": call,
            "criteria": queries.criteria_of(call),
            "requirements": queries.requirements_of(call),
            "spaces": queries.spaces_of(call),
            "applications": queries.applications_for_staff(call),
            "committee": queries.committee_of(call),
            "committee_form": CommitteeForm(reviewers=queries.available_reviewers(call)),
            "history": queries.call_history(call),
            "review_open": queries.review_is_open(call),
            "review_closes_at": queries.review_closes_at(call),
            "reopen_form": ReopenReviewForm(),
        },
    )


@staff_required
@require_POST
def staff_reopen_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """City staff reopen the committee's review, on purpose (audited)."""
    call = get_object_or_404(Call, pk=pk)
    form = ReopenReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("calls:staff_call", pk=call.pk)
    try:
        services.reopen_review(
            call,
            by=request.user,
            until=timezone.now() + datetime.timedelta(days=form.cleaned_data["days"]),
            reason=form.cleaned_data["reason"],
        )
    except CallsError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Valutazione riaperta fino al %(date)s.")
            % {"date": date_format(timezone.localtime(call.review_reopened_until), "j F Y, H:i")},
        )
    return redirect("calls:staff_call", pk=call.pk)


@staff_required
@require_POST
def staff_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    try:
        services.publish_call(call, by=request.user)
    except CallsError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Bando pubblicato."))
    return redirect("calls:staff_call", pk=call.pk)


@staff_required
@require_POST
def staff_committee_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    form = CommitteeForm(request.POST, reviewers=queries.available_reviewers(call))
    if form.is_valid():
        try:
            services.add_committee_member(
                call, reviewer=form.cleaned_data["reviewer"], by=request.user
            )
        except CallsError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Valutatore aggiunto alla commissione."))
    else:
        messages.error(request, _("Scegliete un valutatore dall'elenco."))
    return redirect("calls:staff_call", pk=call.pk)


@staff_required
@require_POST
def staff_committee_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(CommitteeMember.objects.select_related("call", "reviewer"), pk=pk)
    try:
        services.remove_committee_member(member, by=request.user)
    except CallsError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Valutatore tolto dalla commissione."))
    return redirect("calls:staff_call", pk=member.call_id)


@staff_required
def staff_application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk)
    form = AdmissibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_admissibility(
                application,
                admissible=form.cleaned_data["admissible"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except CallsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Verifica di ammissibilità registrata."))
            return redirect("calls:staff_application", pk=application.pk)
    return render(
        request,
        "calls/staff/application.html",
        {
            "application": application,
            "call": application.call,
            "answers": _answers(application),
            "attachments": queries.attachments_of(application),
            "reviews": queries.reviews_of(application),
            "conflicts": queries.conflicts_on(application),
            "history": queries.application_history(application, full=True),
            "form": form,
            "eligibility": check_eligibility(
                application.call, application.organisation, employees=application.employees
            ),
        },
        status=400 if form.errors else 200,
    )


staff_conflict_override = staff_conflict_override_view(
    get_application=queries.get_application_for_user,
    override_conflict=services.override_conflict,
    errors=CallsError,
    staff_page="calls:staff_application",
    done=gettext_lazy("Il conflitto di %(person)s è escluso: ora può valutare la domanda."),
)


@staff_required
def staff_ranking(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    pending: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        actions = {
            "compute": (services.compute_ranking, _("Graduatoria calcolata.")),
            "approve": (services.approve_ranking, _("Graduatoria approvata.")),
            "publish": (
                services.publish_results,
                _("Risultati pubblicati: abbiamo scritto a tutte le organizzazioni."),
            ),
        }
        if action in actions:
            service, done = actions[action]
            try:
                service(call, by=request.user)
            except RankingNotReady as error:
                show_error(request, error)
                pending = error.pending
            except CallsError as error:
                show_error(request, error)
            else:
                messages.success(request, done)
                return redirect("calls:staff_ranking", pk=call.pk)
    criteria = list(queries.criteria_of(call))
    return render(
        request,
        "calls/staff/ranking.html",
        {
            "call": call,
            "entries": queries.ranking_of(call),
            "criteria": {c.pk: c for c in criteria},
            "pending": pending,
        },
    )
