from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture import ratelimit
from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.errors import show_error

from . import queries, services
from .exceptions import FeedbackError
from .forms import AnswerForm, ProblemReportForm, RatingDetailsForm, RatingForm
from .models import ProblemReport


def _back_to(request: HttpRequest, path: str) -> str:
    if url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        return path
    return "/"


@require_POST
@ratelimit.rate_limit("feedback")
def rate(request: HttpRequest) -> HttpResponse:
    """The rating box of every page posts here; it works without JavaScript: below
    4 stars a page of its own asks what was hard, then the person goes back."""
    details = "reason" in request.POST or "comment" in request.POST or "step" in request.POST
    form = (RatingDetailsForm if details else RatingForm)(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if not details and data["score"] < 4:
            form = RatingDetailsForm(initial={"path": data["path"], "score": data["score"]})
            return render(request, "feedback/rate.html", {"form": form, "details": True})
        try:
            services.rate_page(
                path=data["path"],
                score=data["score"],
                reason=data.get("reason", ""),
                comment=data.get("comment", ""),
            )
        except FeedbackError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Grazie: la vostra valutazione ci aiuta a migliorare."))
            return redirect(_back_to(request, data["path"]))
    return render(request, "feedback/rate.html", {"form": form, "details": details}, status=400)


@require_http_methods(["GET", "POST"])
@ratelimit.rate_limit("feedback")
def report_problem(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page") or request.GET.get("pagina", "")
    category = request.GET.get("argomento", "")
    form = ProblemReportForm(
        request.POST or None,
        initial={"page": page, "category": category if category in ProblemReport.Category else ""},
    )
    if request.method == "POST" and form.is_valid():
        report = services.report_problem(
            category=form.cleaned_data["category"],
            description=form.cleaned_data["description"],
            page=form.cleaned_data["page"],
            reporter=request.user,
        )
        return redirect(report)
    return render(request, "feedback/report_problem.html", {"form": form, "page": page})


@require_GET
def report_status(request: HttpRequest, token: str) -> HttpResponse:
    report = get_object_or_404(ProblemReport, token=token)
    response = render(request, "feedback/report_status.html", {"report": report})
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/faq.html",
        {"groups": queries.published_faq(), "language": get_language()},
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/accessibility.html",
        {"statement": queries.current_statement(), "language": get_language()},
    )


@staff_required
@require_GET
def staff_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = ProblemReport.objects.select_related("reporter")
    return render(
        request,
        "feedback/staff_reports.html",
        {
            "open_reports": reports.filter(status=ProblemReport.Status.OPEN),
            "answered": reports.filter(status=ProblemReport.Status.ANSWERED)[:50],
            "ratings": queries.ratings_by_page(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ProblemReport, pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": report.answer})
    if request.method == "POST" and form.is_valid():
        services.answer_report(report, staff=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, _("Risposta salvata e inviata."))
        return redirect("feedback:staff_reports")
    return render(request, "feedback/staff_report.html", {"report": report, "form": form})


@staff_required
@require_GET
def staff_page_ratings(request: AuthenticatedHttpRequest) -> HttpResponse:
    path = request.GET.get("pagina", "")
    return render(
        request,
        "feedback/staff_page_ratings.html",
        {"path": path, "ratings": queries.low_ratings(path)[:200]},
    )
