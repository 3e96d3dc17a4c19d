"""A member's organisations: theirs listed, a new one created, its profile
edited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from manifatture.accounts.decorators import AuthenticatedHttpRequest, verified_required

from .. import queries, services
from ..forms import (
    OrganisationForm,
)


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's organisations, and the invitations waiting for their answer."""
    return render(
        request,
        "directory/mine.html",
        {
            "memberships": queries.memberships_of(request.user),
            "invitations": queries.open_invitations_for(request.user),
        },
    )


@verified_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(owner=request.user, **form.cleaned_data)
        messages.success(
            request,
            _(
                "L'organizzazione «%(name)s» è stata creata. Ora aggiungete la sede dove "
                "accogliete i visitatori."
            )
            % {"name": organisation.name},
        )
        if not organisation.is_public:
            messages.info(
                request,
                _(
                    "Il profilo sarà pubblico dopo la verifica dello staff del Comune: "
                    "nel frattempo lo vedete solo voi e gli altri membri."
                ),
            )
        return redirect("directory:site_create", slug=organisation.slug)
    return render(request, "directory/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation_for_member(request.user, slug)
    # A proposed name or description still to verify is what the members edit.
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        initial=organisation.pending_changes,
    )
    if request.method == "POST" and form.is_valid():
        saved = services.update_organisation(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Il profilo è stato aggiornato."))
        if saved.pending_changes:
            messages.info(
                request,
                _(
                    "Il nuovo nome o la nuova descrizione saranno pubblici dopo la verifica "
                    "dello staff del Comune."
                ),
            )
        return redirect("directory:edit", slug=organisation.slug)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "organisation": organisation, "tab": "profile"},
    )
