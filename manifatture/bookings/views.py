from collections.abc import Callable
from functools import wraps
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from manifatture.accounts import privacy
from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.accounts.models import Consent
from manifatture.activities.forms import access_needs_script
from manifatture.activities.models import Activity, ReleaseWave, TimeSlot
from manifatture.activities.queries import get_activity_for_user, get_slot_for_user, next_release
from manifatture.editions.queries import booking_notice, current_edition_or_none
from manifatture.errors import show_error
from manifatture.ratelimit import by_user, rate_limit

from . import queries, reconfirmation, services, waves
from .exceptions import (
    ActivityAlreadyBooked,
    AllBookingsUsed,
    BookingClosed,
    BookingError,
    SlotFull,
)
from .forms import (
    AcceptOfferForm,
    AccessNeedsFilterForm,
    AccessNeedsProfileForm,
    AttendeeNamesForm,
    BookingForm,
    GroupBookingForm,
    GroupWaitingListForm,
    HostCancelForm,
    ReleaseWavesForm,
    VisitorProfileForm,
    WaitingListForm,
)
from .models import Booking, WaitingListEntry

PARTY_PARAMETER = "persone"


def _login_to_book(
    view: Callable[[AuthenticatedHttpRequest, int], HttpResponse],
) -> Callable[[HttpRequest, int], HttpResponse]:
    """Booking needs an account: an anonymous visitor goes to the login page,
    told why, and comes back (through sign-up and the verification link too)
    to the booking page of the same slot with the party size they chose."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        if request.user.is_authenticated:
            return view(cast(AuthenticatedHttpRequest, request), pk)
        target = request.path
        party = request.POST.get("party_size", "").strip()
        if party.isdigit() and 0 < int(party) < 1000:
            target += "?" + urlencode({PARTY_PARAMETER: int(party)})
        messages.info(request, _("Accedete o registratevi per prenotare."))
        return redirect_to_login(target)

    return wrapper


def _slot_to_book(pk: int):
    """The slot of a booking page: a draft activity's slots are not public."""
    slot = queries.get_slot_to_book(pk)
    if slot.activity.is_draft:
        raise Http404
    return slot


def _chosen_party(request: HttpRequest, activity) -> dict:
    """The party size chosen before logging in (?persone=), if it is one the
    activity takes; nothing otherwise, so the form starts empty."""
    party = request.GET.get(PARTY_PARAMETER, "")
    if party.isdigit() and 1 <= int(party) <= activity.max_party_size:
        return {"party_size": int(party)}
    return {}


# A visitor's bookings ----------------------------------------------------------------

JUST_BOOKED = "prenotata"


def _to_new_booking(booking: Booking) -> HttpResponse:
    """After a booking: to my bookings, which says which one was made and where
    its ticket is (?prenotata=: the page tells it from the booking itself, so
    the booking request writes no message, and a reload still tells the truth)."""
    return HttpResponseRedirect(
        f"{reverse('bookings:mine')}?{urlencode({JUST_BOOKED: booking.pk})}"
    )


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    bookings = list(queries.bookings_of(request.user))
    entries = list(queries.waiting_entries_of(request.user))
    now = timezone.now()
    # Visits still to come (or under way) apart from those already over,
    # which can only be looked back on.
    live = [b for b in bookings if b.is_confirmed and b.slot.ends_at > now]
    # The booking just made (?prenotata=, see _to_new_booking) is confirmed at
    # the top and comes first, marked, so a phone shows it under the confirmation
    # instead of somewhere down the list; only one's own live booking is.
    just_booked = next((b for b in live if str(b.pk) == request.GET.get(JUST_BOOKED)), None)
    if just_booked:
        live.remove(just_booked)
        live.insert(0, just_booked)
    context = {
        "live_bookings": live,
        "just_booked": just_booked,
        "past_bookings": [b for b in bookings if b.is_confirmed and b.slot.ends_at <= now],
        "to_reconfirm": [
            b for b in bookings if b.awaits_reconfirmation and b.slot.starts_at > timezone.now()
        ],
        "cancelled_bookings": [b for b in bookings if not b.is_confirmed],
        "offers": [e for e in entries if e.status == WaitingListEntry.Status.OFFERED],
        "waiting": [e for e in entries if e.status == WaitingListEntry.Status.WAITING],
    }
    return render(request, "bookings/mine.html", context)


def _booking_page(
    request: AuthenticatedHttpRequest,
    slot,
    *,
    form,
    group_form,
    waiting_form,
    group_waiting_form=None,
    status=200,
):
    # The page shows more of the slot than booking reads.
    slot = queries.get_slot_for_booking(slot.pk)
    activity = slot.activity
    if (
        group_waiting_form is None
        and activity.max_group_size
        and slot.group_places_left < activity.max_group_size
    ):
        # Some class may not fit: it can wait, whole, for seats.
        group_waiting_form = GroupWaitingListForm(activity=activity)
    # The visitor's live bookings in the edition, read once: their own booking
    # of this slot, and what the rules would refuse whatever the form says.
    bookings = services.visitor_bookings(request.user, activity.edition)
    context = {
        "slot": slot,
        "activity": slot.activity,
        # Outside the booking window no form is offered (and a POST is refused
        # by book_slot with the same words, however close to opening).
        **booking_notice(slot.activity.edition),
        "form": form,
        "group_form": group_form,
        "waiting_form": waiting_form,
        "group_waiting_form": group_waiting_form,
        "shares_contact": privacy.has_consent(request.user, Consent.Purpose.HOST_CONTACT),
        "existing": next((b for b in bookings if b.slot_id == slot.pk), None),
        # Past the slot's cut-off, with another slot of the activity booked or
        # all the visitor's bookings used, no form is offered: the page says why
        # (the rules' own refusals).
        "booking_closed": services.cutoff_refusal(slot, timezone.now()),
        "standing_refusal": services.standing_refusal(slot, bookings),
        "places_left": slot.places_left,
        "next_release": next_release(slot.activity),
    }
    return render(request, "bookings/book.html", context, status=status)


def _only_party_entered(form: BookingForm) -> bool:
    """The visitor entered only the party's size: no names, no ticked box."""
    return not any(
        form.cleaned_data.get(name)
        for name in ("attendee_names", "acknowledge_rules", "share_contact")
    )


def _refused(
    request: HttpRequest, slot: TimeSlot, error: BookingError, *, party_size: int
) -> HttpResponse:
    """A refused booking (full, over the visitor's limits, closed…) is answered
    with a redirect to the booking page, which tells why at its top and keeps
    the party's size for the form and the waiting list (?persone=). The answer
    in the rush is one redirect, not a page; the page is a GET, as after a
    booking made, so reloading it books nothing. Only a form with nothing but
    the party's size entered is answered so: one with names or ticked boxes is
    shown again as it was sent, with the error (views.book), and so is an error
    about one of the form's fields. The page says itself why a slot past its
    cut-off, of an activity already booked, or beyond the visitor's bookings,
    takes no booking (`services.standing_refusal`): not twice."""
    if not isinstance(error, BookingClosed | ActivityAlreadyBooked | AllBookingsUsed):
        show_error(request, error)
    url = reverse("bookings:book", args=[slot.pk])
    return HttpResponseRedirect(f"{url}?{urlencode({PARTY_PARAMETER: party_size})}")


def _share_contact_if_asked(request: AuthenticatedHttpRequest, form) -> None:
    """The visitor ticked "hosts may see my e-mail" while booking."""
    if form.cleaned_data.get("share_contact"):
        privacy.set_consent(
            request.user,
            purpose=Consent.Purpose.HOST_CONTACT,
            given=True,
            source=Consent.Source.BOOKING,
        )


@_login_to_book
@rate_limit("booking", key=by_user)
def book(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Book seats on a slot for one's own party (the activity page posts here)."""
    slot = _slot_to_book(pk)
    activity = slot.activity
    form = BookingForm(
        request.POST or None, activity=activity, initial=_chosen_party(request, activity)
    )
    waiting_form = None
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book_slot(
                slot,
                visitor=request.user,
                party_size=form.cleaned_data["party_size"],
                **form.site_rule_arguments(),
            )
        except BookingError as error:
            if _only_party_entered(form) and error.field not in form.fields:
                return _refused(request, slot, error, party_size=form.cleaned_data["party_size"])
            show_error(form, error)
            if isinstance(error, SlotFull):
                waiting_form = WaitingListForm(
                    initial={"party_size": form.cleaned_data["party_size"]}, activity=activity
                )
        else:
            _share_contact_if_asked(request, form)
            return _to_new_booking(booking)
    chosen = _chosen_party(request, activity)
    if waiting_form is None and slot.places_left < chosen.get("party_size", 1):
        # Full, or too full for the party chosen (a refusal sends it back here).
        waiting_form = WaitingListForm(activity=activity, initial=chosen)
    group_form = GroupBookingForm(activity=activity) if activity.max_group_size else None
    return _booking_page(request, slot, form=form, group_form=group_form, waiting_form=waiting_form)


@_login_to_book
@rate_limit("booking", key=by_user)
def book_group(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A group leader (a teacher, a guide) books seats for a group."""
    slot = _slot_to_book(pk)
    activity = slot.activity
    group_form = GroupBookingForm(request.POST or None, activity=activity)
    if request.method == "POST" and group_form.is_valid():
        try:
            booking = services.book_slot(
                slot,
                visitor=request.user,
                party_size=group_form.cleaned_data["party_size"],
                kind=Booking.Kind.GROUP,
                group_name=group_form.cleaned_data["group_name"],
                **group_form.site_rule_arguments(),
            )
        except BookingError as error:
            show_error(group_form, error)
        else:
            _share_contact_if_asked(request, group_form)
            return _to_new_booking(booking)
    return _booking_page(
        request,
        slot,
        form=BookingForm(activity=activity),
        group_form=group_form,
        waiting_form=None,
    )


@_login_to_book
@rate_limit("waiting-list", key=by_user)
def join_waiting_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A household, or (the group form) a group or class, joins the waiting list whole."""
    slot = _slot_to_book(pk)
    activity = slot.activity
    as_group = bool(activity.max_group_size) and "group_waiting-group_name" in request.POST
    waiting_form, group_waiting_form = None, None
    form: WaitingListForm | GroupWaitingListForm
    if as_group:
        form = group_waiting_form = GroupWaitingListForm(request.POST, activity=activity)
    else:
        form = waiting_form = WaitingListForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_waiting_list(
                slot,
                visitor=request.user,
                party_size=form.cleaned_data["party_size"],
                kind=Booking.Kind.GROUP if as_group else Booking.Kind.INDIVIDUAL,
                group_name=form.cleaned_data.get("group_name", ""),
            )
        except BookingError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Siete in lista d'attesa: se si liberano posti ve li offriremo per e-mail."),
            )
            return redirect("bookings:mine")
    group_form = GroupBookingForm(activity=activity) if activity.max_group_size else None
    return _booking_page(
        request,
        slot,
        form=BookingForm(activity=activity),
        group_form=group_form,
        waiting_form=waiting_form
        or (WaitingListForm(activity=activity) if slot.places_left < 1 else None),
        group_waiting_form=group_waiting_form,
    )


@login_required
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for_visitor(request.user, pk)
    error = None
    now = timezone.now()
    started = booking.slot.starts_at <= now
    if request.method == "POST" and booking.visitor_may_cancel(now):
        try:
            services.cancel_booking(booking, by=request.user)
        except BookingError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Prenotazione annullata: grazie per aver liberato il posto.")
            )
            return redirect("bookings:mine")
    return render(
        request,
        "bookings/cancel.html",
        {
            "booking": booking,
            "error": error,
            "started": started,
            "may_cancel": booking.visitor_may_cancel(now),
        },
    )


@login_required
@require_POST
def reconfirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The visitor confirms from their area that they will come."""
    booking = queries.get_booking_for_visitor(request.user, pk)
    try:
        reconfirmation.reconfirm_booking(booking, by=request.user)
    except BookingError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Grazie: la visita «%(title)s» è confermata.")
            % {"title": booking.slot.activity.title},
        )
    return redirect("bookings:mine")


@require_http_methods(["GET", "POST"])
def reconfirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mail's confirm link. No login needed: the signed link is the
    proof. GET shows the visit and one button; POST confirms (mail scanners
    open links, and a scanner must not confirm for someone who will not come).
    Confirming twice says the same thing twice."""
    try:
        booking = reconfirmation.booking_for_reconfirm_token(token)
    except BookingError as error:
        response = render(
            request, "bookings/reconfirm_invalid.html", {"message": error.message}, status=400
        )
    else:
        error_message = None
        if request.method == "POST":
            try:
                booking = reconfirmation.reconfirm_booking(booking, by=None)
            except BookingError as error:
                error_message = error.message
        booking.refresh_from_db(fields=["status", "reconfirmed_at", "released"])
        context = {
            "booking": booking,
            "slot": booking.slot,
            "activity": booking.slot.activity,
            "error_message": error_message,
            "token": token,
        }
        response = render(
            request, "bookings/reconfirm.html", context, status=400 if error_message else 200
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def leave_waiting_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_entry_for_visitor(request.user, pk)
    try:
        services.leave_waiting_list(entry, by=request.user)
    except BookingError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Siete usciti dalla lista d'attesa."))
    return redirect("bookings:mine")


@login_required
@rate_limit("booking", key=by_user)
def accept_offer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_entry_for_visitor(request.user, pk)
    error = None
    # Bound on any POST: an offer without rules posts no field at all.
    data = request.POST if request.method == "POST" else None
    form = AcceptOfferForm(data, activity=entry.slot.activity)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.accept_offer(entry, by=request.user, **form.site_rule_arguments())
        except BookingError as exc:
            if exc.field in form.fields:
                show_error(form, exc)
            else:
                error = exc.message
        else:
            return _to_new_booking(booking)
    context = {"entry": entry, "error": error, "form": form, "activity": entry.slot.activity}
    return render(request, "bookings/accept_offer.html", context)


# Visitor profile ---------------------------------------------------------------------


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = queries.profile_of(request.user)
    form = VisitorProfileForm(request.POST or None, initial=VisitorProfileForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_visitor_profile(
            request.user,
            comune=data["comune"],
            lives_elsewhere=data["lives_elsewhere"],
            municipio=data["municipio"],
            age_band=data["age_band"],
            consent=data["consent"],
        )
        messages.success(request, _("Profilo salvato."))
        return redirect("bookings:profile")
    return render(request, "bookings/profile.html", {"form": form, "profile": current})


@login_required
@require_POST
def profile_erase(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.erase_visitor_profile(request.user)
    messages.success(
        request, _("Abbiamo cancellato il comune, il Municipio, la fascia d'età e il consenso.")
    )
    return redirect("bookings:profile")


# Hosts and staff: cancelling booked slots and activities -----------------------------------


@login_required
def manage_cancel_slot(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot = get_slot_for_user(request.user, pk)
    form = HostCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.cancel_slot(slot, by=request.user, reason=form.cleaned_data["reason"])
        except BookingError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Turno annullato; prenotazioni annullate e avvisate: %(n)s.") % {"n": count},
            )
            return redirect("activities:activity_edit", pk=slot.activity_id)
    booked = slot.bookings.filter(status=Booking.Status.CONFIRMED).count()
    context = {"slot": slot, "activity": slot.activity, "form": form, "booked": booked}
    return render(request, "bookings/manage/cancel_slot.html", context)


@login_required
def manage_cancel_activity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    form = HostCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.cancel_activity_bookings(
                activity, by=request.user, reason=form.cleaned_data["reason"]
            )
        except BookingError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Attività annullata; prenotazioni annullate e avvisate: %(n)s.") % {"n": count},
            )
            return redirect("activities:activity_edit", pk=activity.pk)
    booked = Booking.objects.filter(
        slot__activity=activity, status=Booking.Status.CONFIRMED
    ).count()
    context = {"activity": activity, "form": form, "booked": booked}
    return render(request, "bookings/manage/cancel_activity.html", context)


@login_required
@require_POST
def attendees(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The names on a named-ticket booking (the ticket page's form posts here)."""
    booking = queries.get_booking_for_visitor(request.user, pk)
    form = AttendeeNamesForm(request.POST, activity=booking.slot.activity)
    if form.is_valid():
        given = form.site_rule_arguments()
        try:
            services.name_attendees(
                booking,
                by=request.user,
                names=given["attendee_names"],
                rules_acknowledged=given["rules_acknowledged"],
            )
        except BookingError as error:
            show_error(request, error)
        else:
            messages.success(
                request, _("Nomi salvati: sono sul biglietto e sulla lista dell'host.")
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect("tickets:ticket", pk=booking.pk)


# Access needs ------------------------------------------------------------------------


def access_needs(request: HttpRequest) -> HttpResponse:
    """The visitor's access needs: by default kept only in their browser
    (static/js/access-needs.js) and used to flag and filter the programme; for
    a logged-in visitor, kept in the profile only with their explicit consent."""
    kept = queries.access_needs_of(request.user)
    profile_form = None
    if request.user.is_authenticated:
        initial = {"needs": kept.needs, "consent": True} if kept else {}
        profile_form = AccessNeedsProfileForm(
            request.POST if request.method == "POST" else None, initial=initial
        )
        if request.method == "POST" and profile_form.is_valid():
            try:
                services.save_access_needs(
                    request.user,
                    needs=profile_form.cleaned_data["needs"],
                    consent=profile_form.cleaned_data["consent"],
                )
            except BookingError as error:
                show_error(profile_form, error)
            else:
                messages.success(request, _("Esigenze di accesso conservate nel vostro profilo."))
                return redirect("bookings:access_needs")
    elif request.method == "POST":
        return redirect_to_login(request.path)
    context = {
        "filter_form": AccessNeedsFilterForm(initial={"access": kept.needs if kept else []}),
        "profile_form": profile_form,
        "kept": kept,
        "min_bookings": queries.access_counts_min_bookings(),
        "access_script": access_needs_script(),
    }
    return render(request, "bookings/access_needs.html", context)


@login_required
@require_POST
def access_needs_forget(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Withdraw the consent: the needs kept in the profile are deleted."""
    privacy.set_consent(
        request.user,
        purpose=Consent.Purpose.ACCESS_NEEDS,
        given=False,
        source=Consent.Source.PROFILE,
    )
    messages.success(
        request,
        _("Consenso ritirato: le esigenze di accesso sono state cancellate dal vostro profilo."),
    )
    return redirect("bookings:access_needs")


# City staff: waves of places ---------------------------------------------------------


@staff_required
def staff_waves(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The waves that release the current edition's places: the edition's and
    those of single activities, and a form to set them."""
    edition = current_edition_or_none()
    if edition is None:
        raise Http404(_("Non c'è un'edizione in corso."))
    form = ReleaseWavesForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            waves.define_release_waves(
                edition,
                activity=form.cleaned_data["activity"],
                waves=form.cleaned_data["waves"],
                by=request.user,
            )
        except BookingError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Ondate di posti salvate."))
            return redirect("bookings:staff_waves")
    defined = list(
        ReleaseWave.objects.filter(edition=edition)
        .select_related("activity")
        .order_by("activity__title_it", "opens_at", "pk")
    )
    # What each target's released waves already opened: new waves add the rest.
    released: dict[int | None, tuple[Activity | None, int]] = {}
    for wave in defined:
        if wave.is_released:
            _activity, share = released.get(wave.activity_id, (wave.activity, 0))
            released[wave.activity_id] = (wave.activity, share + wave.share_percent)
    context = {
        "edition": edition,
        "form": form,
        "waves": defined,
        "released": [
            {"activity": activity, "share": share, "left": 100 - share}
            for activity, share in released.values()
        ],
    }
    return render(request, "bookings/staff_waves.html", context)
