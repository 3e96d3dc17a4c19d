import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from manifatture.accounts.decorators import AuthenticatedHttpRequest
from manifatture.activities.exceptions import ProgrammeError
from manifatture.activities.forms import ACCESS_FEATURES
from manifatture.activities.models import TimeSlot
from manifatture.activities.queries import get_slot_for_user
from manifatture.bookings import ical
from manifatture.bookings.exceptions import BookingError
from manifatture.bookings.forms import AttendeeNamesForm
from manifatture.bookings.models import Booking
from manifatture.bookings.queries import access_counts_min_bookings, access_needs_counts
from manifatture.bookings.tasks import booking_event
from manifatture.bookings.tickets import ticket_qr_svg
from manifatture.directory.queries import get_organisation_for_member
from manifatture.editions.queries import current_edition_or_none
from manifatture.errors import show_error
from manifatture.plans.queries import place_of

from . import attendance, calendars, codes, links, queries, services
from . import door as door_services
from .exceptions import CheckInError, CheckInRefused, DoorDeviceError, TicketError
from .forms import (
    BookingAllowanceForm,
    CheckInBookingForm,
    CheckInForm,
    DoorDeviceForm,
    DoorEventForm,
    DoorSyncForm,
    WalkInForm,
)
from .models import DoorDevice

HOST_SLOTS_PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# Check-in at the door ----------------------------------------------------------------


@login_required
@require_GET
def host_slots(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The slots this person receives visitors for, with links to check-in and lists."""
    edition = current_edition_or_none()
    if edition is None:
        raise Http404(_("Non c'è un'edizione in corso."))
    slots = queries.slots_for_host(request.user, edition)
    page_obj = Paginator(slots, HOST_SLOTS_PAGE_SIZE).get_page(request.GET.get("page"))
    model = attendance.no_show_model(edition)
    rows = [
        # `booked`: one of the door's counters (queries.with_door_counts), named in a loop.
        (slot, attendance.estimate(model, slot, booked=slot.booked))  # type: ignore[attr-defined]
        for slot in page_obj
    ]
    context = {"edition": edition, "page_obj": page_obj, "rows": rows, "no_show_model": model}
    return render(request, "tickets/host_slots.html", context)


@login_required
@require_POST
def booking_allowance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept the allowance suggested from past no-shows (or none: 0)."""
    slot = get_slot_for_user(request.user, pk, change=True)
    form = BookingAllowanceForm(request.POST)
    if form.is_valid():
        try:
            slot = services.apply_booking_allowance(
                slot, booking_allowance=form.cleaned_data["booking_allowance"], by=request.user
            )
        except ProgrammeError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _(
                    "Turno «%(slot)s»: accettate fino a %(total)s prenotazioni per %(capacity)s posti."
                )
                % {
                    "slot": slot,
                    "total": slot.capacity + slot.booking_allowance,
                    "capacity": slot.capacity,
                },
            )
    else:
        messages.error(request, _("Indicate un numero di prenotazioni oltre i posti valido."))
    return redirect(reverse("tickets:host_slots") + f"#slot-{slot.pk}")


def _door_context(user, slot: TimeSlot, **extra) -> dict:
    opens, closes = services.checkin_window(slot)
    release_from = slot.activity.edition.door_release_at(slot.starts_at)
    return {
        "release_from": release_from,
        "release_open": release_from <= timezone.now() < slot.ends_at,
        "slot": slot,
        "activity": slot.activity,
        "door_role": queries.door_role(user, slot.activity.organisation),
        "bookings": queries.expected_bookings(slot),
        "waiting_list": queries.door_waiting_list(slot),
        "counts": queries.door_counts(slot),
        "window_opens": opens,
        "window_closes": closes,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
    context = _door_context(request.user, slot, form=form, admitted=admitted, refusal=refusal)
    template = "tickets/_checkin_update.html" if _is_htmx(request) else "tickets/checkin.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def no_shows(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot = get_slot_for_user(request.user, pk)
    try:
        marked = services.mark_no_shows(slot)
    except CheckInError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Prenotazioni segnate come assenti: %(count)s.") % {"count": marked},
        )
    return redirect(reverse("tickets:checkin", kwargs={"pk": slot.pk}) + "#no-shows")


@login_required
@require_POST
def release_absent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Seats of bookers not yet arrived go to people waiting at the door: an act
    that cannot be undone (tickets stop being valid, people are e-mailed), so the
    host ticks a confirmation first."""
    slot = get_slot_for_user(request.user, pk)
    if not request.POST.get("confirm"):
        messages.error(
            request,
            _("Spuntate la conferma per liberare i posti: chi non è arrivato perde il biglietto."),
        )
        return redirect(reverse("tickets:checkin", kwargs={"pk": slot.pk}) + "#release")
    try:
        freed = services.release_absent(slot, by=request.user)
    except BookingError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s posto liberato: contate chi entra al suo posto tra gli ingressi "
                "senza prenotazione.",
                "%(count)s posti liberati: contate chi entra al loro posto tra gli ingressi "
                "senza prenotazione.",
                freed,
            )
            % {"count": freed},
        )
    return redirect(reverse("tickets:checkin", kwargs={"pk": slot.pk}) + "#walk-ins")


@login_required
@require_POST
def walk_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def slot_bookings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who booked the slot ("chi ha prenotato"), for its host and city staff."""
    slot = get_slot_for_user(request.user, pk)
    access = access_needs_counts(slot)
    context = {
        "slot": slot,
        "activity": slot.activity,
        "bookings": queries.bookings_for_host(slot),
        "counts": queries.door_counts(slot),
        "access_counts": access,
        "access_rows": [(label, access.counts[feature]) for feature, label in ACCESS_FEATURES]
        if access.shown
        else [],
        "access_min": access_counts_min_bookings(),
    }
    return render(request, "tickets/slot_bookings.html", context)


# Visitors: the ticket, calendar files, the cancel link ---------------------------


@login_required
@require_GET
def ticket(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
        "short_code": codes.grouped(codes.short_code(booking.ticket_code)),
        "names_form": _names_form(request, booking),
    }
    response = render(request, "tickets/ticket.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _names_form(request: HttpRequest, booking: Booking) -> AttendeeNamesForm | None:
    """For the visitor's own live named-ticket booking of a visit to come: give or
    correct the names (a booking won in the ballot has none yet)."""
    activity = booking.slot.activity
    if (
        not activity.named_tickets
        or booking.visitor_id != request.user.pk
        or not booking.is_confirmed
        or booking.slot.starts_at <= timezone.now()
    ):
        return None
    return AttendeeNamesForm(
        activity=activity,
        initial={
            "attendee_names": "\n".join(booking.attendee_names),
            "acknowledge_rules": booking.rules_acknowledged_at is not None,
        },
    )


def _calendar_response(text: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def ticket_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for_ticket(request.user, pk)
    text = ical.calendar([booking_event(booking)], method="PUBLISH")
    return _calendar_response(text, f"manifatture-aperte-{booking.pk}.ics")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
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


# The door app: installable, admits offline, syncs (tickets.door) -------------------


def _json_error(message: StrOrPromise, *, status: int, wipe: bool = False) -> JsonResponse:
    response = JsonResponse({"error": str(message), "wipe": wipe}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _door_strings() -> dict[str, str]:
    """What static/js/door.js says, in the page's language ({n}, {time}, ... filled in there)."""
    return {
        "online": _("In linea"),
        "offline": _("Senza rete"),
        "pending": _("Da sincronizzare: {n}"),
        "lastSync": _("Ultima sincronizzazione: {time}"),
        "neverSynced": _("Non ancora sincronizzato"),
        "syncFailed": _("Sincronizzazione non riuscita: riproveremo appena c'è rete."),
        "csrfStale": _(
            "La pagina è scaduta: ricaricatela con la rete per sincronizzare. Gli ingressi "
            "restano salvati su questo dispositivo."
        ),
        "loginNeeded": _(
            "Sessione scaduta: accedete di nuovo per sincronizzare. Gli ingressi restano "
            "salvati su questo dispositivo."
        ),
        "device": _("Dispositivo «{name}»: elenco di {n} biglietti per {day}."),
        "noDevice": _(
            "Questo dispositivo non ha ancora l'elenco di oggi: scaricatelo prima di aprire "
            "le porte, finché c'è rete."
        ),
        "registerFailed": _("Non è stato possibile scaricare l'elenco: controllate la rete."),
        "noSlots": _("Oggi non ci sono turni di questa organizzazione."),
        "valid": _("Valido: entrata registrata"),
        "people": _("{n} persone"),
        "person": _("1 persona"),
        "names": _("Nomi sul biglietto: {names}"),
        "namesMissing": _("Biglietto nominativo senza nomi: chiedete i nomi delle persone."),
        "idCheck": _("Controllate un documento d'identità."),
        "unknownTitle": _("Codice sconosciuto"),
        "unknown": _("Codice sconosciuto: controllate di averlo scritto bene."),
        "usedTitle": _("Già usato"),
        "used": _("Biglietto già usato alle {time}."),
        "wrongSlotTitle": _("Turno sbagliato"),
        "wrongSlot": _("Il biglietto è per «{activity}», turno delle {time}."),
        "cancelledTitle": _("Prenotazione annullata"),
        "cancelled": _("La prenotazione di questo biglietto è stata annullata."),
        "windowTitle": _("Fuori orario"),
        "tooEarly": _("Troppo presto: gli ingressi per questo turno si aprono alle {time}."),
        "tooLate": _("Il turno è finito alle {time}: il biglietto non vale più."),
        "emptyTitle": _("Manca il codice"),
        "empty": _("Scrivete il codice del biglietto o inquadrate il codice QR."),
        "walkIn": _("Ingressi senza prenotazione: {n}."),
        "walkInTitle": _("Ingressi senza prenotazione"),
        "walkInZero": _("Il conteggio degli ingressi è già a zero."),
        "wiped": _("Dati dell'accoglienza cancellati da questo dispositivo."),
        "confirmWipe": _(
            "{n} ingressi non sono ancora sincronizzati e andrebbero persi. "
            "Cancellare comunque i dati?"
        ),
    }


@login_required
@require_GET
def door_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The door app's start page (the manifest's start_url): straight to the
    organisation's door when the person has one, else a choice."""
    organisations = list(queries.door_organisations(request.user))
    if len(organisations) == 1:
        return redirect("tickets:door", slug=organisations[0].slug)
    return render(request, "tickets/door_home.html", {"organisations": organisations})


@login_required
@require_GET
def door(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The door app of an organisation for today: the page the service worker
    keeps for offline use (static/js/door.js does the work), with the
    double admissions to look at and the devices, to revoke a lost one."""
    organisation = get_organisation_for_member(request.user, slug)
    today = timezone.localdate()
    context = {
        "organisation": organisation,
        "today": today,
        "slots": queries.door_slots(organisation, today),
        "reports": [
            (event, door_services.event_message(event))
            for event in queries.door_reports(organisation, today)
        ],
        "devices": queries.door_devices_of(organisation)[:50],
        "device_form": DoorDeviceForm(initial={"name": _("Porta principale")}),
        "now": timezone.now(),
        "door_strings": _door_strings(),
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }
    response = render(request, "tickets/door.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def door_register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Register this browser as a door device for today (JSON: its id and key)."""
    organisation = get_organisation_for_member(request.user, slug)
    form = DoorDeviceForm(request.POST)
    if not form.is_valid():
        return _json_error(_("Date un nome al dispositivo."), status=400)
    device = door_services.register_door_device(
        organisation, name=form.cleaned_data["name"], by=request.user
    )
    response = JsonResponse(
        {
            "device": str(device.pk),
            "name": device.name,
            "key": device.key,
            "day": device.day.isoformat(),
            "expires_at": device.expires_at.isoformat(),
            "sync_url": reverse("tickets:door_sync", kwargs={"pk": device.pk}),
        },
        status=201,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _form_data(values: dict) -> dict[str, str]:
    """JSON values as a form would send them: text, or "" for null. Lists,
    objects and booleans become a value no field accepts (a clear error, not
    a crash in a field's parsing)."""
    data = {}
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            data[name] = str(value)
        else:
            data[name] = "?"
    return data


@login_required
@require_POST
def door_sync(request: AuthenticatedHttpRequest, pk) -> HttpResponse:
    """A device sends its events and gets the results, what changed and a
    fresh door list (JSON in, JSON out). 410 tells it to wipe what it holds."""
    try:
        device = queries.get_door_device_for_member(request.user, pk)
    except Http404:
        return _json_error(_("Dispositivo sconosciuto."), status=404, wipe=True)
    except PermissionDenied:
        # No longer a member of the organisation: the device must not keep its list.
        return _json_error(
            _("Non potete più registrare ingressi per questa organizzazione."),
            status=403,
            wipe=True,
        )
    body = None
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            body = None
    if not isinstance(body, dict) or not isinstance(body.get("events", []), list):
        return _json_error(_("Richiesta non valida."), status=400)
    sync_form = DoorSyncForm(_form_data({"since": body.get("since")}))
    if not sync_form.is_valid():
        return _json_error(_("Richiesta non valida."), status=400)
    events = []
    for item in body.get("events", [])[: door_services.MAX_EVENTS]:
        form = DoorEventForm(_form_data(item if isinstance(item, dict) else {}))
        if not form.is_valid():
            return _json_error(
                _("Un evento non è valido: %(errors)s")
                % {
                    "errors": "; ".join(
                        f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()
                    )
                },
                status=400,
            )
        events.append(form.cleaned_data)
    try:
        answer = door_services.sync_door(
            device, events=events, since=sync_form.cleaned_data["since"]
        )
    except DoorDeviceError as error:
        return _json_error(error.message, status=410, wipe=True)
    response = JsonResponse(answer)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def door_revoke(request: AuthenticatedHttpRequest, slug: str, pk) -> HttpResponse:
    """Revoke a lost device, from the organisation's door page."""
    organisation = get_organisation_for_member(request.user, slug)
    device = get_object_or_404(DoorDevice, pk=pk, organisation=organisation)
    door_services.revoke_door_device(device, by=request.user)
    messages.success(
        request,
        _("Dispositivo «%(name)s» revocato: non può più scaricare l'elenco né registrare ingressi.")
        % {"name": device.name},
    )
    return redirect(reverse("tickets:door", kwargs={"slug": organisation.slug}) + "#devices")


@require_GET
def door_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest of the door app (its name in the visitor's language,
    its URLs as this site serves them)."""
    icons = [
        {"src": static("img/door/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/door/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("img/door/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    manifest = {
        "id": reverse("tickets:door_home"),
        "name": _("Manifatture Aperte – Accoglienza"),
        "short_name": _("Accoglienza"),
        "description": _("Registra gli ingressi alla porta, anche senza rete."),
        "lang": translation.get_language(),
        "start_url": reverse("tickets:door_home"),
        "scope": reverse("tickets:door_home"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0066cc",
        "icons": icons,
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def door_service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from a URL inside the door app's scope (the static
    file's own URL would only cover /static/). It learns the static assets to
    keep for offline use from the list prepended here."""
    path = finders.find("js/door-sw.js")
    if path is None:
        raise Http404
    with open(path, encoding="utf-8") as source:
        code = source.read()
    assets = [
        static(name)
        for name in (
            "js/door.js",
            "js/qr-scan.js",
            "css/tickets.css",
            "css/door.css",
            "vendor/jsqr/jsQR.js",
            "img/door/icon-192.png",
        )
    ]
    prologue = (
        f"self.DOOR_ASSETS = {json.dumps(assets)};\n"
        f"self.DOOR_STATIC = {json.dumps(settings.STATIC_URL)};\n"
    )
    response = HttpResponse(prologue + code, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("tickets:door_home")
    return response
