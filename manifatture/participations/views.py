import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from manifatture.accounts.decorators import (
    AuthenticatedHttpRequest,
    reviewer_required,
    staff_required,
)
from manifatture.directory.queries import get_organisation_for_member
from manifatture.editions.models import Edition
from manifatture.editions.queries import current_edition_or_none
from manifatture.errors import show_error
from manifatture.ratelimit import by_user, rate_limit
from manifatture.reviewing.views import staff_conflict_override_view

from . import queries, services
from .exceptions import ApplicationExists, ParticipationError
from .forms import (
    ApplicationFilterForm,
    ApplicationForm,
    DecisionForm,
    ProposedActivityFormSet,
    ReopenReviewForm,
    ReviewCriterionForm,
    ReviewForm,
)
from .models import Application, ReviewCriterion

State = Application.State


def start(request: HttpRequest) -> HttpResponse:
    """The call for hosts of the current edition, and the person's organisations."""
    edition = current_edition_or_none()
    rows = (
        queries.organisations_with_application(request.user, edition)
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "participations/start.html",
        {
            "edition": edition,
            "host_call_open": edition is not None and edition.host_call_is_open,
            "rows": rows,
        },
    )


@login_required
@require_POST
@rate_limit("applications", key=by_user)
def apply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_member(request.user, slug)
    edition = current_edition_or_none()
    if edition is None:
        raise Http404
    try:
        application = services.start_application(organisation, edition=edition, by=request.user)
    except ApplicationExists:
        existing = queries.application_for(organisation, edition)
        assert existing is not None  # the one that made this application a duplicate
        return redirect("participations:application", pk=existing.pk)
    except ParticipationError as error:
        show_error(request, error)
        return redirect("participations:start")
    previous = queries.previous_application(organisation, edition)
    if previous:
        messages.info(
            request,
            _(
                "Abbiamo ripreso motivazione, visitatori attesi e attività proposte dalla "
                "vostra candidatura per l'edizione %(year)s: rivedeteli prima di inviare."
            )
            % {"year": previous.edition.year},
        )
    return redirect("participations:edit", pk=application.pk)


@login_required
def application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The application as its organisation sees it: never the reviewers' scores."""
    application = queries.get_application_for_user(request.user, pk)
    is_member = queries.is_member(request.user, application.organisation_id)
    return render(
        request,
        "participations/application.html",
        {
            "application": application,
            "activities": queries.proposed_activities(application),
            "history": queries.application_history(application),
            "is_member": is_member,
            "can_withdraw": is_member
            and State.WITHDRAWN in services.TRANSITIONS[application.state],
        },
    )


@login_required
@rate_limit("applications", key=by_user)
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk, manage=True)
    if not application.is_editable:
        messages.info(request, _("La candidatura non è più modificabile."))
        return redirect(application)
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, instance=application)
    activities = ProposedActivityFormSet(data, instance=application, prefix="activities")
    if data is not None and form.is_valid() and activities.is_valid():
        try:
            services.save_application(
                form.save(commit=False), by=request.user, activities=activities
            )
        except ParticipationError as error:
            show_error(form, error)
        else:
            if request.POST.get("action") != "submit":
                messages.success(request, _("Bozza salvata."))
                return redirect("participations:edit", pk=application.pk)
            try:
                services.submit_application(application, by=request.user)
            except ParticipationError as error:
                # The draft is saved: show why it could not be sent.
                show_error(request, error)
                return redirect("participations:edit", pk=application.pk)
            messages.success(request, _("Candidatura inviata. Vi scriveremo quando sarà valutata."))
            return redirect(application)
    return render(
        request,
        "participations/edit.html",
        {
            "application": application,
            "form": form,
            "activities": activities,
            "previous": queries.previous_application(application.organisation, application.edition)
            if application.state == State.DRAFT
            else None,
        },
    )


@login_required
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk, manage=True)
    if request.method == "POST":
        try:
            services.withdraw_application(
                application, by=request.user, note=request.POST.get("note", "")[:1000]
            )
        except ParticipationError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Candidatura ritirata."))
        return redirect(application)
    return render(request, "participations/withdraw.html", {"application": application})


@reviewer_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = current_edition_or_none()
    queue = list(queries.review_queue(edition, request.user)) if edition else []
    to_review = [item for item in queue if not item.has_conflict]
    return render(
        request,
        "participations/review_queue.html",
        {
            "edition": edition,
            "queue": queue,
            "to_review": len(to_review),
            "reviewed": sum(1 for item in to_review if item.reviewed_by_me),
        },
    )


@reviewer_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk)
    conflict = queries.has_conflict(request.user, application)
    criteria = list(queries.criteria_of(application.edition))
    existing = queries.review_by(application, request.user)
    initial: dict[str, int | str] = {}
    if existing:
        initial = {
            f"criterion_{score.criterion_id}": score.value for score in existing.scores.all()
        }
        initial["comment"] = existing.comment
    form = ReviewForm(
        request.POST if request.method == "POST" else None, criteria=criteria, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_application(
                application,
                reviewer=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ParticipationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Valutazione salvata."))
            return redirect("participations:review_queue")
    return render(
        request,
        "participations/review.html",
        {
            "application": application,
            "organisation": application.organisation,
            "sites": application.organisation.sites.select_related("comune"),
            "activities": queries.proposed_activities(application),
            "form": form,
            "conflict": conflict,
            "under_review": application.state == State.SUBMITTED,
            "review_open": queries.review_is_open(application),
            "review_closes_at": queries.review_closes_at(application),
            "existing": existing,
        },
    )


@reviewer_required
@require_POST
def review_conflict(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The reviewer declares a conflict of interest on the application."""
    application = queries.get_application_for_user(request.user, pk)
    try:
        services.declare_conflict(
            application, reviewer=request.user, note=request.POST.get("note", "")[:1000]
        )
    except ParticipationError as error:
        show_error(request, error)
        return redirect("participations:review", pk=application.pk)
    messages.success(
        request,
        _("Conflitto di interessi registrato: non valuterete «%(name)s».")
        % {"name": application.organisation.name},
    )
    return redirect("participations:review_queue")


staff_conflict_override = staff_conflict_override_view(
    get_application=queries.get_application_for_user,
    override_conflict=services.override_conflict,
    errors=ParticipationError,
    staff_page="participations:staff_application",
    done=gettext_lazy("Il conflitto di %(person)s è escluso: ora può valutare la candidatura."),
)


def _edition_from(form: ApplicationFilterForm) -> Edition | None:
    if form.is_valid() and form.cleaned_data["edition"]:
        return form.cleaned_data["edition"]
    return current_edition_or_none() or Edition.objects.order_by("-year").first()


@staff_required
def staff_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApplicationFilterForm(request.GET or None)
    edition = _edition_from(form)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    if not form.is_bound and edition:
        form = ApplicationFilterForm(initial={"edition": edition})
    applications = queries.applications_for_staff(edition, state=state) if edition else []
    return render(
        request,
        "participations/staff_applications.html",
        {"form": form, "edition": edition, "applications": applications, "state": state},
    )


@staff_required
def staff_application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_application(
                application,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ParticipationError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Decisione registrata: «%(state)s». Abbiamo scritto ai membri dell'organizzazione."
                )
                % {"state": application.get_state_display()},
            )
            return redirect("participations:staff_application", pk=application.pk)
    decidable = any(
        state in services.TRANSITIONS[application.state] for state in services.DECISION_STATES
    )
    return render(
        request,
        "participations/staff_application.html",
        {
            "application": application,
            "organisation": application.organisation,
            "activities": queries.proposed_activities(application),
            "history": queries.application_history(application),
            "reviews": queries.reviews_of(application),
            "conflicts": queries.conflicts_on(application),
            "form": form,
            "decidable": decidable,
            "review_open": queries.review_is_open(application),
            "review_closes_at": queries.review_closes_at(application),
            "reopen_form": ReopenReviewForm(),
        },
    )


@staff_required
@require_POST
def staff_reopen_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """City staff reopen the review of one application, on purpose (audited)."""
    application = queries.get_application_for_user(request.user, pk)
    form = ReopenReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("participations:staff_application", pk=application.pk)
    try:
        services.reopen_review(
            application,
            by=request.user,
            until=timezone.now() + datetime.timedelta(days=form.cleaned_data["days"]),
            reason=form.cleaned_data["reason"],
        )
    except ParticipationError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Valutazione riaperta fino al %(date)s.")
            % {
                "date": date_format(
                    timezone.localtime(application.review_reopened_until), "j F Y, H:i"
                )
            },
        )
    return redirect("participations:staff_application", pk=application.pk)


@staff_required
def staff_criteria(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    return render(
        request,
        "participations/staff_criteria.html",
        {"edition": edition, "criteria": queries.criteria_of(edition)},
    )


def _criterion_form(
    request: AuthenticatedHttpRequest, edition: Edition, criterion: ReviewCriterion | None
) -> HttpResponse:
    form = ReviewCriterionForm(
        request.POST if request.method == "POST" else None, instance=criterion, edition=edition
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_review_criterion(form.save(commit=False), by=request.user)
        except ParticipationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Criterio salvato."))
            return redirect("participations:staff_criteria", year=edition.year)
    return render(
        request,
        "participations/staff_criterion_form.html",
        {"form": form, "edition": edition, "criterion": criterion},
    )


@staff_required
def staff_criterion_create(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    return _criterion_form(request, get_object_or_404(Edition, year=year), None)


@staff_required
def staff_criterion_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(ReviewCriterion.objects.select_related("edition"), pk=pk)
    return _criterion_form(request, criterion.edition, criterion)
