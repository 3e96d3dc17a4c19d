"""Pages of surveys: answering one (from the e-mail's link or the visitor's
area), the visitor's open surveys, and each host's report cards (page and PDF)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from manifatture.accounts.decorators import AuthenticatedHttpRequest
from manifatture.directory.queries import get_organisation_for_member

from . import pdf, queries, services
from .exceptions import (
    InvalidSurveyLink,
    SurveyAlreadyAnswered,
    SurveyClosed,
    SurveyError,
    SurveyNotAvailable,
)
from .forms import SurveyForm

# Each reason a link opens no survey, with its status.
REFUSALS: dict[type[SurveyError], int] = {
    InvalidSurveyLink: 404,
    SurveyNotAvailable: 403,
    SurveyClosed: 410,
    SurveyAlreadyAnswered: 410,
}


def _refused(request: HttpRequest, error: SurveyError) -> HttpResponse:
    return render(
        request,
        "surveys/unavailable.html",
        {"message": error.message},
        status=REFUSALS.get(type(error), 400),
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The survey of one visit. The token is the key (no login needed from the
    e-mail); it opens the survey only for a visitor admitted at the door, once."""
    try:
        booking = services.booking_for_survey_token(token)
    except SurveyError as error:
        return _refused(request, error)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(token, **form.cleaned_data)
        except SurveyError as error:
            return _refused(request, error)
        return redirect("surveys:thanks")
    return render(
        request,
        "surveys/answer.html",
        {
            "form": form,
            "booking": booking,
            "activity": booking.slot.activity,
            "slot": booking.slot,
            "token": token,
        },
    )


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html")


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The visitor's open surveys, each with its link."""
    pending = [
        (booking, services.survey_url(booking)) for booking in queries.pending_for(request.user)
    ]
    return render(
        request,
        "surveys/mine.html",
        {"pending": pending, "answered": queries.answered_count(request.user)},
    )


# Report cards ---------------------------------------------------------------------------


@login_required
@require_GET
def report_cards(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_member(request.user, slug)
    editions = queries.editions_with_report_cards(organisation)
    return render(
        request,
        "surveys/report_cards.html",
        {"organisation": organisation, "editions": editions},
    )


def _report_card(request: AuthenticatedHttpRequest, slug: str, year: int) -> queries.ReportCard:
    organisation = get_organisation_for_member(request.user, slug)
    edition = next(
        (e for e in queries.editions_with_report_cards(organisation) if e.year == year), None
    )
    if edition is None:
        raise Http404(_("In questa edizione l'organizzazione non aveva attività pubblicate."))
    return queries.report_card(organisation, edition)


@login_required
@require_GET
def report_card(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    card = _report_card(request, slug, year)
    return render(request, "surveys/report_card.html", {"card": card})


@login_required
@require_GET
def report_card_pdf(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    card = _report_card(request, slug, year)
    response = HttpResponse(pdf.report_card_pdf(card), content_type="application/pdf")
    filename = f"pagella-{card.organisation.slug}-{card.edition.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
