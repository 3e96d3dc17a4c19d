import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.directory.queries import get_organisation_for_member, organisations_of
from manifatture.editions.models import Edition
from manifatture.editions.queries import booking_notice, current_edition_or_none
from manifatture.errors import show_error
from manifatture.participations.queries import organisation_can_manage_programme

from . import extra_slots, queries, services
from .exceptions import ActivityHasBookings, HostNotAccepted, ProgrammeError, SlotHasBookings
from .forms import (
    ActivityForm,
    HubRoomForm,
    HubVenueForm,
    ProgrammeFilterForm,
    RouteForm,
    RouteStopForm,
    SlotForm,
    access_needs_script,
)
from .models import Activity, HubRoom, HubVenue, Route, RouteStop

PROGRAMME_PAGE_SIZE = 24


def _current_edition() -> Edition:
    edition = current_edition_or_none()
    if edition is None:
        raise Http404(_("Non c'è un'edizione in corso."))
    return edition


def _wants_partial(request: HttpRequest) -> bool:
    # htmx restoring history after "back" wants the whole page.
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _map_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def _point(latitude, longitude, label: str, url: str | None = None) -> dict:
    return {"lat": float(latitude), "lon": float(longitude), "label": label, "url": url}


def directions_to(latitude, longitude) -> str:
    """OpenStreetMap's directions to a point: the person picks the start and the
    means of transport there."""
    return (
        f"https://www.openstreetmap.org/directions?to={float(latitude):.6f},{float(longitude):.6f}"
    )


# Public pages ---------------------------------------------------------------------


@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    # The filters, the count and the cards are the same for everyone who asks for
    # the same address in the same language: the template keeps them in the cache
    # under the programme's version, which any booking or change of a slot or an
    # activity renews (queries.current_programme). The page's results are read only
    # when the cache does not have them (a lazy page).
    edition, version = queries.current_programme()
    if edition is None:
        return render(request, "activities/no_edition.html")
    partial = _wants_partial(request)
    notice = booking_notice(edition)
    window = notice["booking_window"]
    programme_key = ":".join(
        [
            str(edition.pk),
            version,
            # The cards show places only while bookings are open or ahead.
            f"{window.is_ahead:d}{window.is_open:d}{window.is_over:d}",
            get_language() or "",
            hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32],
        ]
    )
    # A visitor with no session and no message waiting gets the page everyone in
    # that situation gets: the whole page is kept under the same key, as the bytes
    # around the one thing that is each visitor's own, the CSRF token of the
    # language switch, joined again with theirs at each answer (the page is not
    # decoded, searched and encoded again: that cost more than the rest of the view).
    shared = (
        not partial
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )
    page_key = (
        "programme-page:"
        + hashlib.sha256(f"{programme_key}\n{request.get_full_path()}".encode()).hexdigest()
    )
    if shared and (pieces := cache.get(page_key)) is not None:
        response = HttpResponse(get_token(request).encode().join(pieces))
        patch_vary_headers(response, ["HX-Request"])
        return response

    form = ProgrammeFilterForm(request.GET, edition=edition)
    form.is_valid()  # the filters' summary reads them, cached or not

    def page():
        activities = queries.with_programme_details(queries.filter_programme(edition, form))
        page_obj = Paginator(activities, PROGRAMME_PAGE_SIZE).get_page(request.GET.get("page"))
        # What each card offers, for static/js/access-needs.js to flag against needs
        # kept on the device (they never come here).
        venue = queries.hub_venue_of(edition)
        for activity in page_obj:
            # Read by the card's template only; not a field of Activity.
            activity.access_offered = queries.access_offered(activity, venue)  # type: ignore[attr-defined]
        return page_obj

    context = {
        "edition": edition,
        "form": form,
        "page_obj": SimpleLazyObject(page),
        "programme_key": programme_key,
        "programme_cache_seconds": queries.PROGRAMME_CACHE_SECONDS,
        "partial": partial,
        "few_places_left": queries.FEW_PLACES_LEFT,
        "access_script": access_needs_script(),
        "kept_access_needs": _kept_access_needs(request),
        **notice,
    }
    template = "activities/_programme_results.html" if partial else "activities/programme.html"
    response = render(request, template, context)
    if shared and response.status_code == 200:
        pieces = _CSRF_VALUE.split(response.content)
        if len(pieces) > 1:
            cache.set(page_key, tuple(pieces), queries.PROGRAMME_CACHE_SECONDS)
    patch_vary_headers(response, ["HX-Request"])
    return response


# The value of the language switch's hidden CSRF field, as {% csrf_token %} writes it.
_CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[^"]+(?=")')


def _kept_access_needs(request: HttpRequest) -> list[str]:
    """The access needs the visitor keeps in their profile, with consent (read
    through the reverse relation: bookings, which owns them, sits to the right)."""
    if not request.user.is_authenticated:
        return []
    needs = getattr(request.user, "access_needs", None)
    return needs.needs if needs is not None else []


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_public_activity(pk)
    venue = queries.hub_venue_of(activity.edition) if activity.at_hub else None
    place = activity.site or venue
    points = []
    directions_url = None
    outlines = None
    if place is not None:
        label = activity.site.name if activity.site else activity.edition.hub_name
        points = [_point(place.latitude, place.longitude, label or activity.title)]
        directions_url = directions_to(place.latitude, place.longitude)
        outlines = queries.outlines_around(place)
    context = {
        "activity": activity,
        "venue": venue,
        "place": place,
        "points": points,
        "outlines": outlines,
        "directions_url": directions_url,
        "routes": queries.routes_including(activity),
        "next_release": queries.next_release(activity),
        # A slot past its cut-off (TimeSlot.bookings_close_at) offers no form.
        "now": timezone.now(),
        **booking_notice(activity.edition),
        **_map_settings(),
    }
    return render(request, "activities/detail.html", context)


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    edition = current_edition_or_none()
    if edition is None:
        return render(request, "activities/no_edition.html")
    form = ProgrammeFilterForm(request.GET, edition=edition)
    places = queries.map_places(edition, form)
    data_url = reverse("activities:map_data")
    if request.GET:
        data_url += "?" + request.GET.urlencode()
    context = {
        "edition": edition,
        "form": form,
        "places": places,
        "data_url": data_url,
        **_map_settings(),
    }
    return render(request, "activities/map.html", context)


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    edition = current_edition_or_none()
    places = queries.map_places(edition, request.GET) if edition else []
    return JsonResponse(queries.map_geojson(places), content_type="application/geo+json")


@require_GET
def municipi_data(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(queries.municipi_geojson(), content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=queries.MUNICIPI_CACHE_SECONDS)
    return response


@require_GET
def routes(request: HttpRequest) -> HttpResponse:
    edition = current_edition_or_none()
    if edition is None:
        return render(request, "activities/no_edition.html")
    return render(
        request,
        "activities/routes.html",
        {"edition": edition, "routes": queries.routes_of(edition)},
    )


@require_GET
def route(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    route = queries.get_public_route(year, slug)
    stops = list(queries.stops_of(route))
    venue = None
    if any(stop.activity.at_hub for stop in stops):
        venue = queries.hub_venue_of(route.edition)
    points = []
    for number, stop in enumerate(stops, start=1):
        place = stop.activity.site or venue
        if place is not None:
            label = f"{number}. {stop.activity.title}"
            points.append(
                _point(place.latitude, place.longitude, label, stop.activity.get_absolute_url())
            )
    context = {"route": route, "stops": stops, "venue": venue, "points": points, **_map_settings()}
    return render(request, "activities/route.html", context)


# Hosts: activities and slots ---------------------------------------------------------


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = current_edition_or_none()
    hosts = []
    if edition is not None:
        for organisation in organisations_of(request.user):
            hosts.append(
                {
                    "organisation": organisation,
                    "can_manage": organisation_can_manage_programme(organisation, edition),
                    "activities": queries.activities_of(organisation, edition),
                }
            )
    all_activities = None
    if edition is not None and request.user.is_city_staff:
        all_activities = queries.edition_activities(edition)
    context = {"edition": edition, "hosts": hosts, "all_activities": all_activities}
    return render(request, "activities/manage/dashboard.html", context)


@login_required
def activity_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_member(request.user, slug)
    edition = _current_edition()
    if not organisation_can_manage_programme(organisation, edition):
        messages.error(request, HostNotAccepted.default_message)
        return redirect("activities:manage")
    form = ActivityForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(
                organisation, edition=edition, by=request.user, **form.cleaned_data
            )
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Attività creata: ora aggiungete i turni in cui si svolge.")
            )
            return redirect("activities:activity_edit", pk=activity.pk)
    context = {"organisation": organisation, "edition": edition, "form": form}
    return render(request, "activities/manage/activity_create.html", context)


def _activity_page(
    request: HttpRequest,
    activity: Activity,
    *,
    form: ActivityForm | None = None,
    slot_form: SlotForm | None = None,
    status: int = 200,
) -> HttpResponse:
    initial: dict[str, object] | None = None
    if activity.is_draft and activity.proposed:
        # A draft's slots start from the people per slot planned in the application.
        initial = {"capacity": activity.proposed.capacity}
    like = request.GET.get("turno_in_piu", "")
    if slot_form is None and like.isdigit():
        # From a demand nudge: one more slot like a full one, at the next free time.
        full = activity.slots.filter(pk=int(like)).first()
        proposal = extra_slots.next_free_slot(full) if full is not None else None
        if proposal is not None:
            initial = {
                "starts_at": proposal.starts_at,
                "ends_at": proposal.ends_at,
                "capacity": proposal.capacity,
                "group_seats": proposal.group_seats,
                "room": proposal.room,
            }
    context = {
        "activity": activity,
        "form": form or ActivityForm(organisation=activity.organisation, activity=activity),
        "slot_form": slot_form or SlotForm(activity=activity, initial=initial),
        "slots": queries.slots_of(activity),
    }
    return render(request, "activities/manage/activity_edit.html", context, status=status)


@login_required
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_activity_for_user(request.user, pk, change=request.method == "POST")
    if request.method != "POST":
        return _activity_page(request, activity)
    form = ActivityForm(request.POST, organisation=activity.organisation, activity=activity)
    if form.is_valid():
        try:
            services.update_activity(activity, **form.cleaned_data)
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Attività salvata."))
            return redirect("activities:activity_edit", pk=activity.pk)
    return _activity_page(request, activity, form=form)


@login_required
@require_POST
def activity_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A draft (drafted from the application) goes into the public programme."""
    activity = queries.get_activity_for_user(request.user, pk, change=True)
    try:
        services.publish_activity(activity, by=request.user)
    except ProgrammeError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Attività pubblicata: ora è nel programma."))
    return redirect("activities:activity_edit", pk=activity.pk)


@login_required
def activity_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_activity_for_user(request.user, pk)
    if not activity.is_cancelled and activity.slots.filter(seats_taken__gt=0).exists():
        # Visitors booked: the bookings app cancels their bookings and tells them.
        return redirect("bookings:manage_cancel_activity", pk=activity.pk)
    if request.method == "POST":
        try:
            services.cancel_activity(activity, by=request.user)
        except ActivityHasBookings:  # a booking arrived since the check above
            return redirect("bookings:manage_cancel_activity", pk=activity.pk)
        messages.success(request, _("L'attività è stata annullata."))
        return redirect("activities:activity_edit", pk=activity.pk)
    return render(request, "activities/manage/activity_cancel.html", {"activity": activity})


@login_required
@require_POST
def slot_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_activity_for_user(request.user, pk, change=True)
    slot_form = SlotForm(request.POST, activity=activity)
    if slot_form.is_valid():
        try:
            services.add_slot(activity, **slot_form.cleaned_data)
        except ProgrammeError as error:
            show_error(slot_form, error)
        else:
            messages.success(request, _("Turno aggiunto."))
            return redirect("activities:activity_edit", pk=activity.pk)
    return _activity_page(request, activity, slot_form=slot_form)


@login_required
def slot_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot = queries.get_slot_for_user(request.user, pk, change=request.method == "POST")
    activity = slot.activity
    initial = {
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "capacity": slot.capacity,
        "group_seats": slot.group_seats,
        "safety_limit": slot.safety_limit,
        "booking_allowance": slot.booking_allowance,
        "room": slot.room,
    }
    form = SlotForm(request.POST or None, activity=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_slot(slot, **form.cleaned_data)
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Turno aggiornato."))
            return redirect("activities:activity_edit", pk=activity.pk)
    context = {"slot": slot, "activity": activity, "form": form}
    return render(request, "activities/manage/slot_edit.html", context)


@login_required
@require_POST
def slot_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot = queries.get_slot_for_user(request.user, pk)
    try:
        services.remove_slot(slot)
    except SlotHasBookings as error:
        # A booked slot is cancelled instead, by the bookings app, which tells the visitors.
        messages.info(request, error.message)
        return redirect("bookings:manage_cancel_slot", pk=slot.pk)
    messages.success(request, _("Turno eliminato."))
    return redirect("activities:activity_edit", pk=slot.activity_id)


# Staff: the hub and its rooms ------------------------------------------------------------


def _rooms_page(
    request: HttpRequest,
    edition: Edition,
    *,
    room_form: HubRoomForm | None = None,
    venue_form: HubVenueForm | None = None,
) -> HttpResponse:
    venue = queries.hub_venue_of(edition)
    context = {
        "edition": edition,
        "rooms": HubRoom.objects.filter(edition=edition).order_by("name"),
        "room_form": room_form or HubRoomForm(),
        "venue": venue,
        "venue_form": venue_form or HubVenueForm(instance=venue),
    }
    return render(request, "activities/manage/rooms.html", context)


@staff_required
def staff_rooms(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = _current_edition()
    if request.method != "POST":
        return _rooms_page(request, edition)
    form = HubRoomForm(request.POST)
    if form.is_valid():
        try:
            room = services.create_hub_room(edition, **form.cleaned_data)
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Sala «%(name)s» aggiunta.") % {"name": room.name})
            return redirect("activities:staff_rooms")
    return _rooms_page(request, edition, room_form=form)


@staff_required
def staff_room_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    room = get_object_or_404(HubRoom.objects.select_related("edition"), pk=pk)
    form = HubRoomForm(request.POST or None, initial={"name": room.name, "seats": room.seats})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_hub_room(room, **form.cleaned_data)
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Sala aggiornata."))
            return redirect("activities:staff_rooms")
    return render(request, "activities/manage/room_edit.html", {"room": room, "form": form})


@staff_required
@require_POST
def staff_hub(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = _current_edition()
    form = HubVenueForm(request.POST, instance=HubVenue(edition=edition))
    if form.is_valid():
        services.locate_hub(edition, **form.cleaned_data)
        messages.success(request, _("Posizione dell'hub salvata."))
        return redirect("activities:staff_rooms")
    return _rooms_page(request, edition, venue_form=form)


# Staff: routes ---------------------------------------------------------------------------


@staff_required
def staff_routes(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = _current_edition()
    form = RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            route = services.create_route(edition, **form.cleaned_data)
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Percorso creato: ora aggiungete le tappe."))
            return redirect("activities:staff_route_edit", pk=route.pk)
    context = {"edition": edition, "routes": queries.routes_of(edition), "form": form}
    return render(request, "activities/manage/routes.html", context)


def _route_page(
    request: HttpRequest,
    route: Route,
    *,
    form: RouteForm | None = None,
    stop_form: RouteStopForm | None = None,
) -> HttpResponse:
    context = {
        "route": route,
        "form": form or RouteForm(instance=route),
        "stop_form": stop_form or RouteStopForm(route=route),
        "stops": queries.stops_of(route, public=False),
    }
    return render(request, "activities/manage/route_edit.html", context)


@staff_required
def staff_route_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    route = get_object_or_404(Route.objects.select_related("edition"), pk=pk)
    if request.method != "POST":
        return _route_page(request, route)
    # The form edits a copy, so the page keeps showing the saved route on errors.
    form = RouteForm(request.POST, instance=Route.objects.get(pk=route.pk))
    if form.is_valid():
        try:
            services.update_route(route, **form.cleaned_data)
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Percorso salvato."))
            return redirect("activities:staff_route_edit", pk=route.pk)
    return _route_page(request, route, form=form)


@staff_required
@require_POST
def staff_route_stop_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    route = get_object_or_404(Route.objects.select_related("edition"), pk=pk)
    form = RouteStopForm(request.POST, route=route)
    if form.is_valid():
        try:
            services.add_route_stop(route, activity=form.cleaned_data["activity"])
        except ProgrammeError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Tappa aggiunta."))
            return redirect("activities:staff_route_edit", pk=route.pk)
    return _route_page(request, route, stop_form=form)


@staff_required
@require_POST
def staff_route_stop_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    stop = get_object_or_404(RouteStop, pk=pk)
    services.remove_route_stop(stop)
    messages.success(request, _("Tappa rimossa."))
    return redirect("activities:staff_route_edit", pk=stop.route_id)


@staff_required
@require_POST
def staff_route_stop_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    stop = get_object_or_404(RouteStop, pk=pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is not None:
        services.move_route_stop(stop, offset=offset)
    return redirect("activities:staff_route_edit", pk=stop.route_id)
