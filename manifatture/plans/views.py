from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest
from manifatture.activities.models import Activity
from manifatture.editions.queries import booking_notice, current_edition_or_none
from manifatture.errors import show_error

from . import queries, services
from .exceptions import InvalidDay, PlanError, SlotRequired
from .forms import AddToPlanForm, DayForm


def _map_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "travel_speed": queries.travel_speed_kmh(),
    }


def _day_url(day) -> str:
    return reverse("plans:my_day") + "?" + urlencode({"giorno": day.isoformat()})


@login_required
@require_GET
def my_day(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = current_edition_or_none()
    if edition is None:
        return render(request, "plans/no_edition.html")
    days = edition.event_days
    plans = queries.plans_for(request.user, days)
    form = DayForm(request.GET, days=days)
    chosen = form.cleaned_data.get("giorno") if form.is_valid() else None
    if chosen is None:
        # The first day with something planned, else the first day.
        chosen = next((plan.day for plan in plans if len(plan)), days[0])
    plan = next(plan for plan in plans if plan.day == chosen)
    context = {
        "edition": edition,
        "plans": plans,
        "plan": plan,
        "share": services.get_or_create_share(request.user),
        **booking_notice(edition),
        **_map_settings(),
    }
    return render(request, "plans/my_day.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add(request: AuthenticatedHttpRequest, activity_pk: int) -> HttpResponse:
    """Add an activity to "my day": straight from the activity page's button,
    or through this page when a slot (or a day) must be chosen first."""
    activity = get_object_or_404(
        Activity.objects.exclude(status=Activity.Status.DRAFT).select_related(
            "edition", "organisation", "site__comune"
        ),
        pk=activity_pk,
    )
    notice = booking_notice(activity.edition)
    form = AddToPlanForm(request.POST if request.method == "POST" else None, activity=activity)
    # Once the edition's bookings are over there is no day left to plan.
    plannable = notice["booking_window"].is_ahead
    if request.method == "POST" and plannable and form.is_valid():
        try:
            item = services.add_to_plan(
                request.user,
                activity=activity,
                slot=form.cleaned_data["slot"],
                day=form.cleaned_data["day"],
            )
        except (SlotRequired, InvalidDay) as error:
            if request.POST.get("quick"):
                # The activity page's one-click button: the visitor has not
                # chosen yet, so the choice is asked for, not reported as an error.
                form = AddToPlanForm(activity=activity)
            else:
                show_error(form, error)
        except PlanError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("«%(title)s» è nella vostra giornata di %(day)s.")
                % {"title": activity.title, "day": date_format(item.day, "l j F")},
            )
            return redirect(_day_url(item.day))
    has_slots = form.slots.exists()
    return render(
        request,
        "plans/add.html",
        {
            "activity": activity,
            "form": form,
            "has_slots": has_slots,
            "plannable": plannable,
            **notice,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_own_plan_item(request.user, pk)
    day = item.day
    title = item.activity.title
    services.remove_from_plan(item)
    messages.success(request, _("«%(title)s» è stata tolta dalla giornata.") % {"title": title})
    return redirect(_day_url(day))


@login_required
@require_POST
def share_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.regenerate_share(request.user)
    messages.success(
        request, _("Nuovo link di condivisione creato: quello di prima non funziona più.")
    )
    return redirect(reverse("plans:my_day") + "#share")


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """Someone's plan, read-only, for whoever has the secret link."""
    share = queries.get_share_by_token(token)
    edition = current_edition_or_none()
    plans = queries.plans_for(share.user, edition.event_days) if edition else []
    context = {
        "edition": edition,
        "owner": share.user,
        "plans": [plan for plan in plans if len(plan)],
        **(booking_notice(edition) if edition else {}),
        **_map_settings(),
    }
    response = render(request, "plans/shared.html", context)
    # A private link: keep it out of search engines and shared caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
