"""Writes of the service-quality app: a page rated, a problem reported, answered."""

import fnmatch

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.mail import send_templated_email
from manifatture.web.views import PRIVATE_PREFIXES

from .exceptions import NotAPage
from .models import PageRating, ProblemReport

# URL arguments that are secrets: a page reached through one is never recorded.
SECRET_ARGUMENTS = frozenset({"token", "code", "uidb64"})


def is_public_page(path: str) -> bool:
    """A page anyone may see and search engines may list: not a personal or staff
    area (robots.txt's list, manifatture.web), and no secret in its address."""
    if any(fnmatch.fnmatchcase(path, f"{prefix}*") for prefix in PRIVATE_PREFIXES):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return not SECRET_ARGUMENTS & match.kwargs.keys()


def page_path(path: str) -> str:
    """The page a rating is about: a public path of this site (no query, no other
    host), or NotAPage. Keeps the table to real pages, not what a script posts,
    and never stores an address that holds a secret (a ticket, a shared plan)."""
    path = (path or "").split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//") or len(path) > 200:
        raise NotAPage
    if not is_public_page(path):
        raise NotAPage
    return path


def rate_page(*, path: str, score: int, reason: str = "", comment: str = "") -> PageRating:
    """One anonymous rating. The form has checked score and reason; the database
    checks them again (constraints on PageRating)."""
    return PageRating.objects.create(
        path=page_path(path), score=score, reason=reason, comment=comment.strip()
    )


def report_problem(
    *, category: str, description: str, page: str = "", reporter: User | AnonymousUser | None
) -> ProblemReport:
    try:
        page = page_path(page) if page else ""
    except NotAPage:
        page = ""
    return ProblemReport.objects.create(
        category=category,
        description=description.strip(),
        page=page,
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
    )


@transaction.atomic
def answer_report(report: ProblemReport, *, staff: User, answer: str) -> ProblemReport:
    """Staff answer; the answer shows on the report's private page and, when the
    person was logged in, reaches their own account's address."""
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    report.answer = answer.strip()
    report.status = ProblemReport.Status.ANSWERED
    report.answered_by = staff
    report.answered_at = timezone.now()
    report.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    record_audit_event(
        actor=staff,
        action="feedback.report_answered",
        target=report,
        summary=report.receipt,
    )
    reporter = report.reporter
    if reporter is not None and reporter.email_verified:
        transaction.on_commit(
            lambda: send_templated_email(
                [reporter.email],
                "feedback/email/answer",
                {"report": report, "user": reporter},
                language=reporter.language,
            )
        )
    return report
