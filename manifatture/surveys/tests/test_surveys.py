import datetime
import re

import pytest
from django.core import mail, signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.activities.models import TimeSlot
from manifatture.bookings.models import Booking
from manifatture.surveys import rules, services
from manifatture.surveys.exceptions import (
    InvalidSurveyLink,
    SurveyAlreadyAnswered,
    SurveyClosed,
    SurveyNotAvailable,
)
from manifatture.surveys.models import SurveyInvitation, SurveyResponse
from manifatture.surveys.tasks import send_survey_invitations_task
from manifatture.tickets.tests.factories import BookingFactory

from .conftest import admitted

pytestmark = pytest.mark.django_db

ANSWERS = {"overall": "5", "would_recommend": "yes", "first_time": "yes", "comment": "Bellissimo"}


def morning_after(edition) -> datetime.datetime:
    day = edition.event_end + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())


# Only admitted visitors, only once ---------------------------------------------------------


def test_an_admitted_visitor_answers_once(client, booking):
    url = services.survey_url(booking)
    assert client.get(url).status_code == 200
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks")
    saved = SurveyResponse.objects.get()
    assert (saved.activity_id, saved.overall, saved.would_recommend, saved.first_time) == (
        booking.slot.activity_id,
        5,
        True,
        "yes",
    )
    assert saved.comment == "Bellissimo"
    assert SurveyInvitation.objects.get(booking=booking).answered is True

    again = client.post(url, {**ANSWERS, "overall": "1"})
    assert again.status_code == 410
    assert "Avete già risposto" in again.content.decode()
    assert client.get(url).status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_the_service_refuses_a_second_answer(booking):
    token = services.survey_token(booking)
    services.answer_survey(token, overall=4, would_recommend=True, first_time="no")
    with pytest.raises(SurveyAlreadyAnswered):
        services.answer_survey(token, overall=1, would_recommend=False, first_time="no")
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("what", ["not_admitted", "no_show", "cancelled"])
def test_a_visitor_not_admitted_has_no_survey(client, slot, visitor, what):
    extra = {
        "not_admitted": {},
        "no_show": {"no_show": True},
        "cancelled": {"status": Booking.Status.CANCELLED, "cancelled_at": timezone.now()},
    }[what]
    booking = BookingFactory(slot=slot, visitor=visitor, **extra)
    token = services.survey_token(booking)
    with pytest.raises(SurveyNotAvailable):
        services.answer_survey(token, overall=5, would_recommend=True, first_time="yes")
    response = client.post(services.survey_url(booking), ANSWERS)
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()
    assert not SurveyInvitation.objects.filter(answered=True).exists()


def test_the_survey_opens_when_the_visit_is_over(client, edition, activity, visitor):
    start = timezone.now() - datetime.timedelta(minutes=20)
    running = TimeSlot.objects.create(
        activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=1), capacity=9
    )
    booking = admitted(running, visitor=visitor)
    with pytest.raises(SurveyNotAvailable):
        services.booking_for_survey_token(services.survey_token(booking))
    later = running.ends_at + datetime.timedelta(minutes=1)
    assert services.booking_for_survey_token(services.survey_token(booking), now=later) == booking


def test_the_survey_closes_after_its_days(booking, settings):
    settings.SURVEY_DAYS = 30
    edition = booking.slot.activity.edition
    last_open = morning_after(edition) + datetime.timedelta(days=29)
    token = services.survey_token(booking)
    assert services.booking_for_survey_token(token, now=last_open) == booking
    with pytest.raises(SurveyClosed):
        services.answer_survey(
            token,
            overall=5,
            would_recommend=True,
            first_time="yes",
            now=last_open + datetime.timedelta(days=2),
        )
    assert not SurveyResponse.objects.exists()


def test_a_forged_or_moved_link_opens_nothing(client, booking):
    forged = signing.Signer(salt="another-salt").sign_object(
        {"b": booking.pk, "v": booking.visitor_id}
    )
    with pytest.raises(InvalidSurveyLink):
        services.booking_for_survey_token(forged)
    assert client.get(reverse("surveys:answer", args=[forged])).status_code == 404
    token = services.survey_token(booking)
    Booking.objects.filter(pk=booking.pk).update(visitor=User.objects.create(email="x@y.example"))
    with pytest.raises(InvalidSurveyLink):
        services.booking_for_survey_token(token)


def test_a_wrong_answer_gets_clear_errors(client, booking):
    response = client.post(services.survey_url(booking), {"overall": "9"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Scegliete un giudizio da 1 a 5." in content
    assert "Rispondete sì o no." in content
    assert not SurveyResponse.objects.exists()


# Answers not linked to the person ----------------------------------------------------------


def test_an_answer_has_no_link_to_the_person_nor_a_moment():
    linked = {User, Booking, TimeSlot, SurveyInvitation}
    for field in SurveyResponse._meta.get_fields():
        assert getattr(field, "related_model", None) not in linked, field.name
        assert not isinstance(field, models.DateField | models.DateTimeField), field.name
    # The invitation knows whose visit it was, but not when it was answered.
    invitation_fields = {field.name for field in SurveyInvitation._meta.get_fields()}
    assert invitation_fields == {"booking", "emailed_at", "answered"}


def test_the_answer_row_holds_nothing_of_the_visitor(booking, visitor):
    services.answer_survey(
        services.survey_token(booking),
        overall=3,
        would_recommend=False,
        first_time="no",
        comment="  Utile  ",
    )
    row = SurveyResponse.objects.values().get()
    assert set(row) == {
        "id",
        "edition_id",
        "activity_id",
        "overall",
        "would_recommend",
        "first_time",
        "comment",
    }
    assert row["comment"] == "Utile"


# The invitations --------------------------------------------------------------------------


def test_invitations_go_once_and_only_to_admitted_visitors(
    slot, visitor, django_capture_on_commit_callbacks
):
    admitted_one = admitted(slot, visitor=visitor)
    admitted(slot)
    BookingFactory(slot=slot, no_show=True)
    BookingFactory(slot=slot)
    now = morning_after(slot.activity.edition)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_survey_invitations(now=now) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_survey_invitations(now=now) == 0
    assert SurveyInvitation.objects.filter(emailed_at__isnull=False).count() == 2
    message = next(m for m in mail.outbox if visitor.email in m.to)
    assert "Visita alla fonderia" in message.subject
    url = re.search(r"http://\S+/questionari/rispondi/\S+/", message.body).group(0)
    path = url.split("127.0.0.1:8000", 1)[-1]
    assert path == services.survey_url(admitted_one)


def test_no_invitation_before_the_morning_nor_after_closing(slot, settings):
    admitted(slot)
    edition = slot.activity.edition
    early = morning_after(edition).replace(hour=6)
    assert services.send_survey_invitations(now=early) == 0
    late = morning_after(edition) + datetime.timedelta(days=settings.SURVEY_DAYS + 2)
    assert services.send_survey_invitations(now=late) == 0
    assert not SurveyInvitation.objects.exists()


def test_an_answered_survey_is_not_emailed(booking, django_capture_on_commit_callbacks):
    services.answer_survey(
        services.survey_token(booking), overall=5, would_recommend=True, first_time="yes"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.send_survey_invitations(now=morning_after(booking.slot.activity.edition)) == 0
        )
    assert mail.outbox == []


def test_the_task_sends_the_invitations(booking, django_capture_on_commit_callbacks, settings):
    settings.REMINDER_FROM_HOUR = 0
    with django_capture_on_commit_callbacks(execute=True):
        send_survey_invitations_task.call()
    assert SurveyInvitation.objects.get(booking=booking).emailed_at is not None


# The visitor's area ------------------------------------------------------------------------


def test_the_visitor_area_prompts_for_open_surveys(client, booking, visitor):
    other = admitted(booking.slot)  # someone else's visit
    client.force_login(visitor)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Avete 1 visita di cui dirci com'è andata" in dashboard
    page = client.get(reverse("surveys:mine")).content.decode()
    assert services.survey_url(booking) in page
    assert services.survey_url(other) not in page
    services.answer_survey(
        services.survey_token(booking), overall=5, would_recommend=True, first_time="yes"
    )
    assert (
        "di cui dirci com'è andata"
        not in client.get(reverse("accounts:dashboard")).content.decode()
    )
    assert (
        "Avete già risposto a 1 questionario"
        in client.get(reverse("surveys:mine")).content.decode()
    )


def test_suppression_rule():
    assert rules.shown(0) == 0
    assert rules.shown(None) is None
    assert all(rules.shown(n) is rules.SUPPRESSED for n in range(1, rules.SMALL_COUNT))
    assert rules.shown(rules.SMALL_COUNT) == rules.SMALL_COUNT
    assert str(rules.SUPPRESSED) == "meno di 5"
    assert rules.shown_rate(2, 4) is rules.SUPPRESSED
    assert str(rules.shown_rate(2, 5)) == "40.0"
    assert rules.shown_mean(12, 3) is rules.SUPPRESSED
    assert str(rules.shown_mean(21, 5)) == "4.2"
