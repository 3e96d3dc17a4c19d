"""Writes of surveys: the invitation e-mailed once after each admitted visit,
and the answer, saved once and apart from the person."""

import datetime
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from manifatture.bookings.models import Booking
from manifatture.mail import send_templated_email

from . import rules
from .exceptions import InvalidSurveyLink, SurveyAlreadyAnswered, SurveyClosed, SurveyNotAvailable
from .models import SurveyInvitation, SurveyResponse

SURVEY_SALT = "manifatture.surveys.link"


# The link -----------------------------------------------------------------------------


def survey_token(booking: Booking) -> str:
    """The signed key of a booking's survey, in its e-mail and in the visitor's
    area. It names the booking and its visitor; what it opens is decided when it
    is used (admitted, survey open, not yet answered)."""
    # Without a timestamp: the same booking always has the same link.
    return signing.Signer(salt=SURVEY_SALT).sign_object({"b": booking.pk, "v": booking.visitor_id})


def survey_url(booking: Booking) -> str:
    return reverse("surveys:answer", kwargs={"token": survey_token(booking)})


def booking_for_survey_token(token: str, *, now: datetime.datetime | None = None) -> Booking:
    """The booking whose survey the token opens, or the reason it opens none:
    InvalidSurveyLink (forged, or not this visitor's any more), SurveyNotAvailable
    (never admitted at the door), SurveyClosed, SurveyAlreadyAnswered."""
    try:
        payload = signing.Signer(salt=SURVEY_SALT).unsign_object(token)
        booking_id, visitor_id = int(payload["b"]), int(payload["v"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidSurveyLink from error
    booking = (
        Booking.objects.select_related(
            "slot__activity__organisation", "slot__activity__edition", "survey_invitation"
        )
        .filter(pk=booking_id, visitor_id=visitor_id)
        .first()
    )
    if booking is None:
        raise InvalidSurveyLink
    now = now or timezone.now()
    invitation = getattr(booking, "survey_invitation", None)
    if invitation is not None and invitation.answered:
        raise SurveyAlreadyAnswered
    if booking.checked_in_at is None or booking.status != Booking.Status.CONFIRMED:
        raise SurveyNotAvailable
    if not rules.is_surveyable(booking, now):
        if booking.slot.ends_at > now:
            raise SurveyNotAvailable
        raise SurveyClosed
    return booking


# The answer ---------------------------------------------------------------------------


def answer_survey(
    token: str,
    *,
    overall: int,
    would_recommend: bool,
    first_time: str,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Save the answers of the survey the token opens, once. The invitation
    records only that it was used; the response has no link to the booking or
    the person (nor a time that could match them)."""
    booking = booking_for_survey_token(token, now=now)
    with transaction.atomic():
        SurveyInvitation.objects.get_or_create(booking=booking)
        # Only once, even from two tabs at the same moment: the row changes only
        # if nobody has used it yet.
        if not SurveyInvitation.objects.filter(pk=booking.pk, answered=False).update(answered=True):
            raise SurveyAlreadyAnswered
        activity = booking.slot.activity
        return SurveyResponse.objects.create(
            edition_id=activity.edition_id,
            activity=activity,
            overall=overall,
            would_recommend=would_recommend,
            first_time=first_time,
            comment=comment.strip(),
        )


# The invitations ----------------------------------------------------------------------


def invitation_from_hour() -> int:
    """Local hour from which invitations go out (the reminders' hour)."""
    return settings.REMINDER_FROM_HOUR


def bookings_due_an_invitation(now: datetime.datetime) -> QuerySet[Booking]:
    """Admitted visits whose survey is open and has not been e-mailed nor answered."""
    return (
        Booking.objects.filter(rules.surveyable(now))
        .filter(Q(survey_invitation__isnull=True) | Q(survey_invitation__emailed_at__isnull=True))
        .exclude(survey_invitation__answered=True)
        .select_related("visitor", "slot__activity__organisation", "slot__activity__edition")
        .order_by("slot__ends_at", "pk")
    )


def _email_invitation(booking: Booking) -> None:
    site_url = settings.SITE_URL.rstrip("/")
    activity = booking.slot.activity
    send_templated_email(
        [booking.visitor.email],
        "surveys/email/invitation",
        {
            "booking": booking,
            "activity": activity,
            "slot": booking.slot,
            "survey_url": site_url + survey_url(booking),
            "closes_at": rules.survey_closes_at(activity.edition),
        },
        booking.visitor.language,
    )


def send_survey_invitations(*, now: datetime.datetime | None = None) -> int:
    """E-mail the survey link to every admitted visitor whose visit is over and
    who has not had it; returns how many. Safe to run again and from two places
    at once: each invitation is marked sent by one conditional update, and the
    e-mail goes after that transaction commits."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < invitation_from_hour():
        return 0
    sent = 0
    for booking in bookings_due_an_invitation(now).iterator(chunk_size=500):
        with transaction.atomic():
            SurveyInvitation.objects.get_or_create(booking=booking)
            marked = SurveyInvitation.objects.filter(
                pk=booking.pk, emailed_at__isnull=True, answered=False
            ).update(emailed_at=now)
            if not marked:
                continue
            transaction.on_commit(partial(_email_invitation, booking))
        sent += 1
    return sent
