"""Review on time (issue 13, journey 7) for calls: the committee scores until
the expected publication of the results; staff may reopen the review on
purpose, recorded in the call's history and the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import StaffFactory
from manifatture.calls import services
from manifatture.calls.exceptions import CallsError, EvaluationClosed
from manifatture.calls.models import CallEvent, Review
from manifatture.calls.tests.factories import (
    AdmissibleApplicationFactory,
    CallFactory,
    CommitteeMemberFactory,
    CriterionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """A call whose results were due yesterday, still without a ranking."""
    now = timezone.now()
    call = CallFactory(
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=20),
        results_at=now - datetime.timedelta(days=1),
    )
    criterion = CriterionFactory(call=call, max_points=10)
    application = AdmissibleApplicationFactory(call=call)
    reviewer = CommitteeMemberFactory(call=call).reviewer
    services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    return call, criterion, application, reviewer


def test_a_score_after_the_review_closed_is_refused(scene):
    call, criterion, application, reviewer = scene
    with pytest.raises(EvaluationClosed) as refused:
        services.score_application(application, reviewer=reviewer, points={criterion.pk: 7})
    assert "La valutazione si è chiusa il" in str(refused.value.message)
    assert not Review.objects.filter(completed_at__isnull=False).exists()


def test_the_review_page_offers_no_form_once_closed(client, scene):
    call, criterion, application, reviewer = scene
    client.force_login(reviewer)
    html = client.get(reverse("calls:review", kwargs={"pk": application.pk})).content.decode()
    assert "La valutazione si è chiusa il" in html
    assert 'value="score"' not in html


def test_staff_reopen_the_review_on_purpose_and_it_is_recorded(client, scene):
    call, criterion, application, reviewer = scene
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get(reverse("calls:staff_call", kwargs={"pk": call.pk})).content.decode()
    assert "Riapri la valutazione" in page
    url = reverse("calls:staff_reopen_review", kwargs={"pk": call.pk})

    client.post(url, {"days": "0", "reason": "Troppo presto."})
    call.refresh_from_db()
    assert call.review_reopened_until is None

    client.post(url, {"days": "2", "reason": "Un commissario non ha potuto votare."})
    call.refresh_from_db()
    assert call.review_reopened_until > timezone.now() + datetime.timedelta(days=1)
    event = call.events.get(action=CallEvent.Action.REVIEW_REOPENED)
    assert (event.actor, event.note) == (staff, "Un commissario non ha potuto votare.")
    audit = AuditEvent.objects.get(action="calls.review_reopened")
    assert audit.actor == staff

    review = services.score_application(application, reviewer=reviewer, points={criterion.pk: 7})
    assert review.completed_at is not None


def test_an_open_review_is_not_reopened_and_only_staff_may(scene):
    call, _criterion, _application, reviewer = scene
    until = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(CallsError):
        services.reopen_review(call, by=reviewer, until=until, reason="Vorrei votare.")
    call.results_at = timezone.now() + datetime.timedelta(days=1)
    call.save()
    with pytest.raises(CallsError) as refused:
        services.reopen_review(call, by=StaffFactory(), until=until, reason="Per sicurezza.")
    assert "ancora aperta" in str(refused.value.message)
    call.refresh_from_db()
    assert call.review_reopened_until is None
