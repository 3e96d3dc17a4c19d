from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.directory.models import localized
from manifatture.errors import show_error

from . import queries, services
from .exceptions import EditionError
from .forms import EditionForm
from .models import Edition


def home(request: HttpRequest) -> HttpResponse:
    """The current edition: where it stands, what to do now, its numbers and routes."""
    edition = queries.current_edition_with_counts()
    context: dict[str, object] = {"edition": edition}
    if edition is not None:
        context.update(
            tagline=localized(edition, "tagline"),
            phase=edition.phase,
            next_step=queries.next_step(edition),
            routes=queries.routes_of(edition),
            **queries.booking_notice(edition),
        )
    return render(request, "editions/home.html", context)


def archive(request: HttpRequest) -> HttpResponse:
    return render(request, "editions/archive.html", {"editions": queries.editions_with_counts()})


def detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = queries.editions_with_counts().filter(year=year).first()
    if edition is None:
        raise Http404
    return render(
        request,
        "editions/detail.html",
        {
            "edition": edition,
            "tagline": localized(edition, "tagline"),
            "phase": edition.phase,
            "next_step": queries.next_step(edition),
            "timeline": queries.timeline(edition),
            "hosts": queries.accepted_hosts(edition),
            **queries.booking_notice(edition),
        },
    )


@staff_required
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "editions/staff_list.html", {"editions": Edition.objects.order_by("-year")}
    )


def _edition_form(request: AuthenticatedHttpRequest, edition: Edition | None) -> HttpResponse:
    form = EditionForm(request.POST if request.method == "POST" else None, instance=edition)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_edition(form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except EditionError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Edizione %(year)s salvata.") % {"year": saved.year})
            return redirect("editions:staff_list")
    return render(request, "editions/staff_form.html", {"form": form, "edition": edition})


@staff_required
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _edition_form(request, None)


@staff_required
def staff_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _edition_form(request, get_object_or_404(Edition, pk=pk))


@staff_required
@require_POST
def staff_make_current(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    edition = services.make_current(get_object_or_404(Edition, pk=pk), by=request.user)
    messages.success(
        request, _("«%(title)s» è ora l'edizione corrente.") % {"title": edition.title}
    )
    return redirect("editions:staff_list")
