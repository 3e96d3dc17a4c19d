"""The framework floor: a view that does only the conditional-update booking
through the ORM, behind the same middleware (session, login, CSRF) as the app.
It checks no rule (registration window, limits, overlaps) and sends no e-mail:
no real booking can be cheaper."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from manifatture.activities.models import TimeSlot
from manifatture.bookings.models import Booking


@login_required
@require_POST
def floor_book(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        taken = TimeSlot.objects.filter(
            pk=pk,
            seats_taken__lte=F("capacity") - F("group_seats") + F("group_seats_taken") - 1,
        ).update(seats_taken=F("seats_taken") + 1)
        if taken:
            Booking.objects.create(slot_id=pk, visitor_id=request.user.pk, party_size=1)
    return HttpResponse("ok" if taken else "full", status=200 if taken else 409)
