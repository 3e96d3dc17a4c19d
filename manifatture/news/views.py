import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from manifatture import outreach
from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.calls.queries import open_calls
from manifatture.directory.models import Organisation
from manifatture.errors import show_error
from manifatture.ratelimit import by_address

from . import queries, services, tokens
from .exceptions import InvalidNewsletterLink, NewsError
from .forms import (
    ArticleForm,
    CaseStudyForm,
    ImageUploadForm,
    IssueForm,
    OpportunityForm,
    SubscribeForm,
)
from .models import Article, CaseStudy, NewsletterIssue, Opportunity, Subscriber
from .rendering import render_markdown

PAGE_SIZE = 10


# Public pages


def portal(request: HttpRequest) -> HttpResponse:
    """The portal's home: latest news, case studies and opportunities, newsletter."""
    return render(
        request,
        "news/portal.html",
        {
            "articles": queries.published_articles()[:3],
            "case_studies": queries.published_case_studies()[:3],
            "opportunities": queries.current_opportunities()[:4],
            "calls": open_calls()[:3],
            "subscribe_form": SubscribeForm(source=Subscriber.Source.PORTAL),
        },
    )


def article_list(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(queries.published_articles(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/article_list.html", {"page_obj": page_obj})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = queries.get_article_for_viewer(request.user, slug)
    return render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "body_html": render_markdown(article.body),
            "subscribe_form": SubscribeForm(source=Subscriber.Source.ARTICLE),
        },
    )


def case_study_list(request: HttpRequest) -> HttpResponse:
    case_studies = queries.published_case_studies()
    organisation = None
    if slug := request.GET.get("organizzazione"):
        organisation = get_object_or_404(Organisation, slug=slug)
        case_studies = case_studies.filter(organisation=organisation)
    page_obj = Paginator(case_studies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/case_study_list.html",
        {"page_obj": page_obj, "organisation": organisation},
    )


def case_study_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case_study = queries.get_case_study_for_viewer(request.user, slug)
    return render(
        request,
        "news/case_study_detail.html",
        {"case_study": case_study, "body_html": render_markdown(case_study.body)},
    )


def opportunity_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/opportunity_list.html",
        {"opportunities": queries.current_opportunities(), "calls": open_calls()},
    )


# Newsletter


@require_http_methods(["GET", "POST"])
def newsletter(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe(
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                source=form.cleaned_data["source"],
                sender_key=by_address(request),
            )
        except outreach.SenderLimitReached as error:
            show_error(form, error)
        else:
            # The same page whether or not the address was already subscribed.
            return redirect("news:newsletter_check_inbox")
    return render(request, "news/newsletter.html", {"form": form})


def newsletter_check_inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/newsletter_check_inbox.html",
        {"valid_days": tokens.CONFIRM_MAX_AGE // 86400},
    )


def _link_error(request: HttpRequest, error: NewsError) -> HttpResponse:
    return render(request, "news/newsletter_link_error.html", {"error": error}, status=400)


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links on their own), POST confirms."""
    try:
        if request.method == "POST":
            subscriber = services.confirm_subscription(token)
            return render(request, "news/newsletter_confirmed.html", {"subscriber": subscriber})
        subscriber = tokens.subscriber_to_confirm(token)
    except InvalidNewsletterLink as error:
        return _link_error(request, error)
    return render(request, "news/newsletter_confirm.html", {"subscriber": subscriber})


@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST unsubscribes: one click on the page, no login."""
    try:
        if request.method == "POST":
            subscriber = services.unsubscribe(token)
            return render(request, "news/newsletter_unsubscribed.html", {"subscriber": subscriber})
        subscriber = tokens.subscriber_to_unsubscribe(token)
    except InvalidNewsletterLink as error:
        return _link_error(request, error)
    return render(request, "news/newsletter_unsubscribe.html", {"subscriber": subscriber})


# Staff pages


@staff_required
def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "news/staff_home.html",
        {
            "articles": Article.objects.order_by("-published_at", "-pk"),
            "case_studies": CaseStudy.objects.select_related("organisation").order_by(
                "-published_at", "-pk"
            ),
            "opportunities": queries.all_opportunities(),
        },
    )


def _publishable_form(request: HttpRequest, form_class, instance, save, template_kind: str):
    # Validation writes what was typed onto the form's instance, valid or not (an
    # empty slug, say): the page shows the stored item, its title and its link.
    editing = copy.copy(instance)
    form = form_class(request.POST or None, request.FILES or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.save(commit=False), by=request.user)
        except NewsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("«%(title)s» salvato.") % {"title": saved.title_it})
            return redirect("news:staff_home")
    return render(
        request,
        "news/staff_publishable_form.html",
        {
            "form": form,
            "item": instance,
            "kind": template_kind,
            "images": queries.recent_images(),
        },
    )


@staff_required
def staff_article_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _publishable_form(request, ArticleForm, None, services.save_article, "article")


@staff_required
def staff_article_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return _publishable_form(request, ArticleForm, article, services.save_article, "article")


@staff_required
def staff_case_study_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _publishable_form(request, CaseStudyForm, None, services.save_case_study, "case_study")


@staff_required
def staff_case_study_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case_study = get_object_or_404(CaseStudy.objects.select_related("organisation"), pk=pk)
    return _publishable_form(
        request, CaseStudyForm, case_study, services.save_case_study, "case_study"
    )


@staff_required
def staff_images(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = services.upload_image(
            form.cleaned_data["file"],
            alt_it=form.cleaned_data["alt_it"],
            alt_en=form.cleaned_data["alt_en"],
            by=request.user,
        )
        messages.success(
            request,
            _("Immagine caricata: inseritela nel testo con %(code)s") % {"code": image.markdown},
        )
        return redirect("news:staff_images")
    return render(
        request, "news/staff_images.html", {"form": form, "images": queries.recent_images(60)}
    )


def _opportunity_form(
    request: AuthenticatedHttpRequest, opportunity: Opportunity | None
) -> HttpResponse:
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        saved = services.save_opportunity(form.save(commit=False), by=request.user)
        messages.success(request, _("«%(title)s» salvata.") % {"title": saved.title_it})
        return redirect("news:staff_home")
    return render(
        request, "news/staff_opportunity_form.html", {"form": form, "opportunity": opportunity}
    )


@staff_required
def staff_opportunity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _opportunity_form(request, None)


@staff_required
def staff_opportunity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _opportunity_form(request, get_object_or_404(Opportunity, pk=pk))


@staff_required
@require_POST
def staff_opportunity_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity, pk=pk)
    services.delete_opportunity(opportunity)
    messages.success(request, _("«%(title)s» eliminata.") % {"title": opportunity.title_it})
    return redirect("news:staff_home")


@staff_required
def staff_newsletter(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "news/staff_newsletter.html",
        {"issues": queries.newsletter_issues(), "counts": queries.active_subscriber_counts()},
    )


@staff_required
def staff_issue_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _issue_form(request, None)


@staff_required
def staff_issue_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _issue_form(request, get_object_or_404(NewsletterIssue, pk=pk))


def _issue_form(request: AuthenticatedHttpRequest, issue: NewsletterIssue | None) -> HttpResponse:
    if issue is not None and issue.sent_at is not None:
        messages.info(request, _("Questo numero è già stato inviato: non si può più modificare."))
        return redirect("news:staff_issue_send", pk=issue.pk)
    form = IssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_issue(form.save(commit=False), by=request.user)
        except NewsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Numero salvato: rileggetelo e inviatelo."))
            return redirect("news:staff_issue_send", pk=saved.pk)
    return render(
        request,
        "news/staff_issue_form.html",
        {"form": form, "issue": issue, "images": queries.recent_images()},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_issue_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The issue as subscribers will read it, and the button that sends it."""
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    if request.method == "POST":
        try:
            issue = services.send_issue(issue, by=request.user)
        except NewsError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("Newsletter in invio a %(n)s iscritti.") % {"n": issue.recipients},
            )
        return redirect("news:staff_newsletter")
    return render(
        request,
        "news/staff_issue_send.html",
        {
            "issue": issue,
            "body_it": render_markdown(issue.body_it),
            "body_en": render_markdown(issue.body_en) if issue.body_en else "",
            "counts": queries.active_subscriber_counts(),
        },
    )
