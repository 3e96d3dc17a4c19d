"""Staff pages: bulk imports, and the moderation of self-created profiles
and of organisations left without owners."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.errors import show_error

from .. import queries, services, tasks
from ..exceptions import DirectoryError
from ..forms import (
    ImportForm,
    ModerationForm,
)
from ..models import ImportJob, Organisation


@staff_required
@require_http_methods(["GET", "POST"])
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            job = ImportJob.objects.create(
                format=form.cleaned_data["format"],
                filename=form.cleaned_data["file"].name[:200],
                content=form.cleaned_data["text"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                created_by=request.user,
            )
            transaction.on_commit(lambda: tasks.run_import_job.enqueue(job_id=job.pk))
        return redirect("directory:import_job", pk=job.pk)
    return render(
        request,
        "directory/import_start.html",
        {"form": form, "jobs": ImportJob.objects.select_related("created_by")[:10]},
    )


IMPORT_REPORT_ROWS = 1000


@staff_required
@require_GET
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The import's page: its progress while the task runs, then the report."""
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    return render(
        request,
        "directory/import_job.html",
        {"job": job, "problems": job.report[:IMPORT_REPORT_ROWS]},
    )


@staff_required
@require_GET
def import_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress fragment that the import page polls with htmx."""
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    response = render(
        request,
        "directory/_import_progress.html",
        {"job": job, "problems": job.report[:IMPORT_REPORT_ROWS]},
    )
    patch_cache_control(response, no_store=True)
    return response


@staff_required
@require_GET
def moderation_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/moderation_queue.html",
        {
            "queue": [
                (organisation, ModerationForm(organisation=organisation))
                for organisation in queries.moderation_queue()
            ],
            "without_owners": queries.organisations_without_owners(),
        },
    )


@staff_required
@require_POST
def moderation_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = ModerationForm(request.POST, organisation=organisation)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{organisation.name}: {error}")
        return redirect("directory:moderation_queue")
    try:
        if form.cleaned_data["decision"] == ModerationForm.APPROVE:
            services.approve_organisation(organisation, by=request.user)
            done = _("«%(name)s»: pubblicata.")
        else:
            services.reject_organisation(
                organisation, by=request.user, reason=form.cleaned_data["reason"]
            )
            done = _("«%(name)s»: non pubblicata; i membri leggono il motivo.")
    except DirectoryError as error:
        show_error(request, error)
    else:
        messages.success(request, done % {"name": organisation.name})
    return redirect("directory:moderation_queue")
