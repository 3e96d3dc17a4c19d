from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.queries import get_slot_for_user
from manifatture.bookings import ical
from manifatture.bookings.exceptions import BookingError
from manifatture.bookings.models import Booking
from manifatture.bookings.tasks import booking_event
from manifatture.bookings.tickets import ticket_qr_svg
from manifatture.editions.queries import current_edition_or_none
from manifatture.plans.queries import place_of

from . import calendars, links, queries, services
from .exceptions import CheckInError, CheckInRefused, TicketError
from .forms import CheckInBookingForm, CheckInForm, WalkInForm

HOST_SLOTS_PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# Check-in at the door ----------------------------------------------------------------


@login_required
@require_GET
def host_slots(request: HttpRequest) -> HttpResponse:
    """The slots this person receives visitors for, with links to check-in and lists."""
    edition = current_edition_or_none()
    if edition is None:
        raise Http404(_("Non c'è un'edizione in corso."))
    slots = queries.slots_for_host(request.user, edition)
    page_obj = Paginator(slots, HOST_SLOTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tickets/host_slots.html", {"edition": edition, "page_obj": page_obj})


def _door_context(slot: TimeSlot, **extra) -> dict:
    opens, closes = services.checkin_window(slot)
    return {
        "slot": slot,
        "activity": slot.activity,
        "is_drop_in": slot.activity.booking_mode == Activity.BookingMode.DROP_IN,
        "bookings": queries.expected_bookings(slot),
        "counts": queries.door_counts(slot),
        "window_opens": opens,
        "window_closes": closes,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The door: type or scan a ticket code, see the result and who is expected.
    Works as a plain form; with htmx only the result and the lists change."""
    slot = get_slot_for_user(request.user, pk)
    form = CheckInForm()
    admitted = refusal = None
    if request.method == "POST":
        by_booking = CheckInBookingForm(request.POST) if "booking" in request.POST else None
        if by_booking is not None:
            if by_booking.is_valid():
                booking_id = by_booking.cleaned_data["booking"]
                try:
                    admitted = services.check_in_booking(slot, booking_id=booking_id)
                except CheckInRefused as error:
                    refusal = error
        else:
            form = CheckInForm(request.POST)
            if form.is_valid():
                try:
                    admitted = services.check_in_ticket(slot, code=form.cleaned_data["code"])
                except CheckInRefused as error:
                    refusal = error
                else:
                    form = CheckInForm()  # an empty field for the next visitor
    context = _door_context(slot, form=form, admitted=admitted, refusal=refusal)
    template = "tickets/_checkin_update.html" if _is_htmx(request) else "tickets/checkin.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def no_shows(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_slot_for_user(request.user, pk)
    try:
        marked = services.mark_no_shows(slot)
    except CheckInError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Prenotazioni segnate come assenti: %(count)s.") % {"count": marked},
        )
    return redirect(reverse("tickets:checkin", kwargs={"pk": slot.pk}) + "#no-shows")


@login_required
@require_POST
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_slot_for_user(request.user, pk)
    form = WalkInForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.count_walk_in(slot, delta=form.cleaned_data["delta"])
        except CheckInError as refused:
            error = refused.message
    else:
        error = _("Scegliete se aggiungere o togliere un ingresso.")
    if _is_htmx(request):
        context = {"slot": slot, "counts": queries.door_counts(slot), "walk_in_error": error}
        return render(request, "tickets/_walk_ins.html", context)
    if error:
        messages.error(request, str(error))
    return redirect(reverse("tickets:checkin", kwargs={"pk": slot.pk}) + "#walk-ins")


@login_required
@require_GET
def slot_bookings(request: HttpRequest, pk: int) -> HttpResponse:
    """Who booked the slot ("chi ha prenotato"), for its host and city staff."""
    slot = get_slot_for_user(request.user, pk)
    context = {
        "slot": slot,
        "activity": slot.activity,
        "bookings": queries.bookings_for_host(slot),
        "counts": queries.door_counts(slot),
    }
    return render(request, "tickets/slot_bookings.html", context)


# Visitors: the ticket, calendar files, the cancel link ---------------------------


@login_required
@require_GET
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for_ticket(request.user, pk)
    activity = booking.slot.activity
    context = {
        "booking": booking,
        "slot": booking.slot,
        "activity": activity,
        "place": place_of(activity),
        "qr_svg": ticket_qr_svg(booking, scale=5) if booking.is_confirmed else "",
        "code_groups": [
            booking.ticket_code[i : i + 4] for i in range(0, len(booking.ticket_code), 4)
        ],
    }
    response = render(request, "tickets/ticket.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _calendar_response(text: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def ticket_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for_ticket(request.user, pk)
    text = ical.calendar([booking_event(booking)], method="PUBLISH")
    return _calendar_response(text, f"manifatture-aperte-{booking.pk}.ics")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The visitor's private calendar feed: its address, and a new one on request."""
    if request.method == "POST":
        services.regenerate_calendar_feed(request.user)
        messages.success(
            request,
            _("Nuovo indirizzo del calendario creato: quello di prima non funziona più."),
        )
        return redirect("tickets:calendar")
    feed = services.get_or_create_calendar_feed(request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url())
    context = {
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
    }
    return render(request, "tickets/calendar.html", context)


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCal feed: no login (calendar apps can't), the token is the key."""
    calendar_feed = queries.get_feed_by_token(token)
    with translation.override(calendar_feed.user.language or "it"):
        text = calendars.feed_calendar(calendar_feed.user)
    return _calendar_response(text)


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The reminder's one-click cancel link: GET asks to confirm (mail scanners
    follow links), POST cancels. No login needed: the signed link is the proof."""
    try:
        booking = links.booking_for_cancel_token(token)
    except TicketError as error:
        return render(
            request, "tickets/cancel_invalid.html", {"message": error.message}, status=400
        )
    cancelled = booking.status == Booking.Status.CANCELLED
    error_message = None
    if request.method == "POST" and not cancelled:
        try:
            booking = services.cancel_by_link(token)
        except (TicketError, BookingError) as error:
            error_message = error.message
        else:
            cancelled = True
            messages.success(
                request, _("Prenotazione annullata: grazie di aver liberato il posto.")
            )
    context = {
        "booking": booking,
        "slot": booking.slot,
        "activity": booking.slot.activity,
        "place": place_of(booking.slot.activity),
        "cancelled": cancelled,
        "error_message": error_message,
        "token": token,
    }
    response = render(request, "tickets/cancel.html", context, status=400 if error_message else 200)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
