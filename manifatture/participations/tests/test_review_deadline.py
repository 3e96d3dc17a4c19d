"""Review on time (issue 13, journey 7): a reviewer cannot score once the
edition's review phase has closed; city staff may reopen the review of one
application on purpose, with a reason, recorded in the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations import exceptions, services
from manifatture.participations.models import Review
from manifatture.participations.tests.factories import (
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    """An application still 'submitted' in an edition whose review closed yesterday."""
    now = timezone.now()
    edition = EditionFactory(
        host_call_opens=now - datetime.timedelta(days=40),
        host_call_closes=now - datetime.timedelta(days=20),
        review_closes=now - datetime.timedelta(days=1),
    )
    criterion = ReviewCriterionFactory(edition=edition)
    return SubmittedApplicationFactory(edition=edition), criterion


def test_a_score_after_the_review_phase_is_refused(closed):
    application, criterion = closed
    with pytest.raises(exceptions.ReviewClosed) as refused:
        services.score_application(
            application, reviewer=ReviewerFactory(), scores={criterion.pk: 4}
        )
    assert "La valutazione si è chiusa il" in str(refused.value.message)
    assert not Review.objects.exists()


def test_the_review_page_says_it_closed_and_offers_no_form(client, closed):
    application, criterion = closed
    client.force_login(ReviewerFactory())
    url = reverse("participations:review", kwargs={"pk": application.pk})

    html = client.get(url).content.decode()
    assert "La valutazione si è chiusa il" in html
    assert "Salva la valutazione" not in html

    response = client.post(url, {f"criterion_{criterion.pk}": "4", "comment": ""})
    assert "La valutazione si è chiusa il" in response.content.decode()
    assert not Review.objects.exists()


def test_staff_reopen_a_review_on_purpose_and_it_is_audited(client, closed):
    application, criterion = closed
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("participations:staff_reopen_review", kwargs={"pk": application.pk})

    # Without a reason: refused, nothing written.
    client.post(url, {"days": "3", "reason": ""})
    application.refresh_from_db()
    assert application.review_reopened_until is None
    assert not AuditEvent.objects.filter(action="participations.review_reopened").exists()

    before = timezone.now()
    response = client.post(url, {"days": "3", "reason": "Un valutatore era malato."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (
        before + datetime.timedelta(days=3)
        <= application.review_reopened_until
        <= timezone.now() + datetime.timedelta(days=3)
    )
    event = AuditEvent.objects.get(action="participations.review_reopened")
    assert (event.actor, event.summary) == (staff, "Un valutatore era malato.")

    # Now a reviewer may score again, until the new moment.
    review = services.score_application(
        application, reviewer=ReviewerFactory(), scores={criterion.pk: 4}
    )
    assert review.scores.get().value == 4


def test_a_review_still_open_is_not_reopened(closed):
    application, _criterion = closed
    application.edition.review_closes = timezone.now() + datetime.timedelta(days=2)
    application.edition.save()
    with pytest.raises(exceptions.InvalidReopening):
        services.reopen_review(
            application,
            by=StaffFactory(),
            until=timezone.now() + datetime.timedelta(days=5),
            reason="Per sicurezza.",
        )


def test_only_staff_reopen_a_review(closed):
    application, _criterion = closed
    with pytest.raises(exceptions.NotAllowed):
        services.reopen_review(
            application,
            by=ReviewerFactory(),
            until=timezone.now() + datetime.timedelta(days=5),
            reason="Ci serve.",
        )
    application.refresh_from_db()
    assert application.review_reopened_until is None


def test_a_reopened_review_closes_again_at_its_moment(closed):
    application, criterion = closed
    services.reopen_review(
        application,
        by=StaffFactory(),
        until=timezone.now() + datetime.timedelta(days=1),
        reason="Correzione di un punteggio.",
    )
    application.review_reopened_until = timezone.now() - datetime.timedelta(minutes=1)
    application.save(update_fields=["review_reopened_until"])
    with pytest.raises(exceptions.ReviewClosed):
        services.score_application(
            application, reviewer=ReviewerFactory(), scores={criterion.pk: 4}
        )
