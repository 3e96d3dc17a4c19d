from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from manifatture.accounts.decorators import (
    AuthenticatedHttpRequest,
    staff_required,
    verified_required,
)
from manifatture.activities.models import Activity
from manifatture.editions.queries import current_edition_or_none
from manifatture.errors import show_error

from . import queries, services
from .exceptions import BallotError
from .forms import BallotActivityForm, BallotWindowForm, ChoicesForm, DrawForm
from .models import MAX_CHOICES, Ballot

# Visitors --------------------------------------------------------------------------


def _ballot_page(request: HttpRequest, ballot: Ballot | None) -> HttpResponse:
    context: dict[str, object] = {"ballot": ballot, "max_choices": MAX_CHOICES}
    if ballot is not None:
        context["activities"] = queries.ballot_activities(ballot)
        context["accepting"] = services.ballot_is_accepting(ballot)
        context["closed"] = timezone.now() >= ballot.closes_at
        if request.user.is_authenticated:
            context["entries"] = queries.entries_of(request.user, ballot)
    return render(request, "ballots/detail.html", context)


@require_GET
def current(request: HttpRequest) -> HttpResponse:
    """The current edition's ballot: how it works, its activities, your choices."""
    return _ballot_page(request, queries.ballot_of(current_edition_or_none()))


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _ballot_page(request, queries.get_ballot(pk))


@verified_required
def enter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Enter or change your ranked choices while the ballot is open."""
    ballot = queries.get_ballot(pk)
    if not services.ballot_is_accepting(ballot):
        messages.error(request, _("Le iscrizioni a questo sorteggio non sono aperte."))
        return redirect("ballots:detail", pk=ballot.pk)
    slots = list(queries.ballot_slots(ballot))
    entries = list(queries.entries_of(request.user, ballot))
    form = ChoicesForm(request.POST or None, slots=slots, initial=ChoicesForm.initial_from(entries))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_choices(
                ballot,
                visitor=request.user,
                choices=form.choices(),
                group_name=form.group_name(),
            )
        except BallotError as error:
            form.show_error(error)
        else:
            if saved:
                messages.success(
                    request,
                    _("Scelte salvate: potete cambiarle fino alla chiusura delle iscrizioni."),
                )
            else:
                messages.success(request, _("Non partecipate più a questo sorteggio."))
            return redirect("ballots:mine")
    context = {"ballot": ballot, "form": form, "entries": entries, "max_choices": MAX_CHOICES}
    return render(request, "ballots/enter.html", context)


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your choices in every ballot, with their results once drawn."""
    entries = list(queries.entries_of(request.user))
    ballots: list[dict[str, Any]] = []
    for entry in entries:
        if not ballots or ballots[-1]["ballot"].pk != entry.ballot_id:
            ballots.append(
                {
                    "ballot": entry.ballot,
                    "accepting": services.ballot_is_accepting(entry.ballot),
                    "entries": [],
                }
            )
        ballots[-1]["entries"].append(entry)
    context = {"ballots": ballots, "current": queries.ballot_of(current_edition_or_none())}
    return render(request, "ballots/mine.html", context)


# City staff ------------------------------------------------------------------------


@staff_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every ballot; the current edition's ballot is created here."""
    edition = current_edition_or_none()
    ballot = queries.ballot_of(edition)
    form = None
    if edition is not None and ballot is None:
        form = BallotWindowForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                ballot = services.create_ballot(edition, by=request.user, **form.cleaned_data)
            except BallotError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Sorteggio creato: ora scegliete le attività."))
                return redirect("ballots:manage_ballot", pk=ballot.pk)
    elif request.method == "POST":
        return redirect("ballots:manage")
    context = {"edition": edition, "form": form, "ballots": queries.all_ballots()}
    return render(request, "ballots/manage/list.html", context)


def _manage_page(
    request: HttpRequest,
    ballot: Ballot,
    *,
    window_form: BallotWindowForm | None = None,
    activity_form: BallotActivityForm | None = None,
    draw_form: DrawForm | None = None,
) -> HttpResponse:
    context = {
        "ballot": ballot,
        "accepting": services.ballot_is_accepting(ballot),
        "closed": timezone.now() >= ballot.closes_at,
        "window_form": window_form
        or BallotWindowForm(initial={"opens_at": ballot.opens_at, "closes_at": ballot.closes_at}),
        "activity_form": activity_form
        or BallotActivityForm(activities=queries.activities_to_add(ballot)),
        "draw_form": draw_form or DrawForm(),
        "activities": queries.ballot_activities(ballot),
        "slots": queries.slot_demand(ballot),
        "totals": queries.ballot_totals(ballot),
    }
    return render(request, "ballots/manage/ballot.html", context)


@staff_required
@require_GET
def manage_ballot(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The ballot's window, activities, demand per slot and, after the draw, its outcome."""
    return _manage_page(request, queries.get_ballot(pk))


@staff_required
@require_POST
def window(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    ballot = queries.get_ballot(pk)
    form = BallotWindowForm(request.POST)
    if form.is_valid():
        try:
            services.update_ballot_window(ballot, by=request.user, **form.cleaned_data)
        except BallotError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Date del sorteggio salvate."))
            return redirect("ballots:manage_ballot", pk=ballot.pk)
    return _manage_page(request, ballot, window_form=form)


@staff_required
@require_POST
def activity_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    ballot = queries.get_ballot(pk)
    form = BallotActivityForm(request.POST, activities=queries.activities_to_add(ballot))
    if form.is_valid():
        try:
            services.add_ballot_activity(
                ballot, by=request.user, activity=form.cleaned_data["activity"]
            )
        except BallotError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Attività messa a sorteggio."))
            return redirect("ballots:manage_ballot", pk=ballot.pk)
    return _manage_page(request, ballot, activity_form=form)


@staff_required
@require_POST
def activity_remove(request: AuthenticatedHttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    ballot = queries.get_ballot(pk)
    activity = get_object_or_404(Activity, pk=activity_pk, ballot_activity__ballot=ballot)
    try:
        services.remove_ballot_activity(ballot, by=request.user, activity=activity)
    except BallotError as error:
        show_error(request, error)
    else:
        messages.success(request, _("L'attività non è più a sorteggio: si prenota di nuovo."))
    return redirect("ballots:manage_ballot", pk=ballot.pk)


@staff_required
@require_POST
def run_draw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    ballot = queries.get_ballot(pk)
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            ballot = services.run_draw(ballot, by=request.user, seed=form.cleaned_data["seed"])
        except BallotError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Sorteggio fatto con il seme %(seed)s: i visitatori ricevono l'esito per e-mail.")
                % {"seed": ballot.seed},
            )
            return redirect("ballots:manage_ballot", pk=ballot.pk)
    return _manage_page(request, ballot, draw_form=form)
