"""Admissibility, the committee with conflicts of interest, the ranking, approval
and the published results."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.calls import services
from manifatture.calls.exceptions import (
    ConflictOfInterest,
    DeclarationRequired,
    EvaluationClosed,
    InvalidScores,
    NotAllowed,
    NoteRequired,
    NotOnCommittee,
    RankingNotReady,
    WrongState,
)
from manifatture.calls.models import Application, Call, CallEvent, RankingEntry, Review, Score
from manifatture.calls.tests.conftest import make_applicant
from manifatture.calls.tests.factories import (
    AdmissibleApplicationFactory,
    CallFactory,
    CommitteeMemberFactory,
    CriterionFactory,
    SubmittedApplicationFactory,
)
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.spaces.models import Space
from manifatture.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db
State = Application.State
Outcome = RankingEntry.Outcome


def text(response) -> str:
    return html.unescape(response.content.decode())


def closed_call(**fields) -> Call:
    now = timezone.now()
    defaults = {
        "opens_at": now - datetime.timedelta(days=30),
        "closes_at": now - datetime.timedelta(days=1),
        "results_at": now + datetime.timedelta(days=10),
    }
    return CallFactory(**{**defaults, **fields})


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def call():
    call = closed_call()
    CriterionFactory(call=call, name_it="Qualità", weight=3, max_points=10)
    CriterionFactory(call=call, name_it="Impatto", weight=1, max_points=5)
    return call


def points(call, quality, impact) -> dict[int, int]:
    first, second = call.criteria.order_by("position")
    return {first.pk: quality, second.pk: impact}


def reviewer_on(call):
    return CommitteeMemberFactory(call=call).reviewer


def review(application, reviewer, quality, impact):
    services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    return services.score_application(
        application, reviewer=reviewer, points=points(application.call, quality, impact)
    )


# Admissibility -----------------------------------------------------------------------------


def test_staff_find_an_application_admissible_or_not_with_a_reason(client, call, staff):
    application = SubmittedApplicationFactory(call=call)
    client.force_login(staff)
    url = reverse("calls:staff_application", kwargs={"pk": application.pk})
    response = client.post(url, {"admissible": "0", "note": ""})
    assert response.status_code == 400
    assert "Spiegate perché la domanda non è ammissibile." in text(response)
    response = client.post(url, {"admissible": "0", "note": "Manca la firma digitale."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.INADMISSIBLE
    assert application.admissibility_note == "Manca la firma digitale."
    assert application.checked_by == staff
    event = application.events.get()
    assert (event.action, event.actor, event.note) == (
        CallEvent.Action.INADMISSIBLE,
        staff,
        "Manca la firma digitale.",
    )
    with pytest.raises(NoteRequired):
        services.check_admissibility(application, admissible=False, by=staff)


def test_an_inadmissible_application_needs_a_reason_in_the_database(call):
    application = SubmittedApplicationFactory(call=call)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(state=State.INADMISSIBLE)


def test_only_staff_check_admissibility(client, call):
    application = SubmittedApplicationFactory(call=call)
    with pytest.raises(NotAllowed):
        services.check_admissibility(application, admissible=True, by=ReviewerFactory())
    client.force_login(ReviewerFactory())
    url = reverse("calls:staff_application", kwargs={"pk": application.pk})
    assert client.post(url, {"admissible": "1"}).status_code == 403


def test_a_draft_is_not_checked(call, staff):
    draft = AdmissibleApplicationFactory(call=call)
    Application.objects.filter(pk=draft.pk).update(state=State.DRAFT)
    draft.refresh_from_db()
    with pytest.raises(WrongState):
        services.check_admissibility(draft, admissible=True, by=staff)


# Conflicts of interest ----------------------------------------------------------------------


def test_only_the_calls_committee_reviews(call):
    application = AdmissibleApplicationFactory(call=call)
    with pytest.raises(NotOnCommittee):
        services.declare_conflict(application, reviewer=ReviewerFactory(), has_conflict=False)
    other_call_reviewer = CommitteeMemberFactory().reviewer
    with pytest.raises(NotOnCommittee):
        services.declare_conflict(application, reviewer=other_call_reviewer, has_conflict=False)


def test_scoring_needs_a_declaration_first(call):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = reviewer_on(call)
    with pytest.raises(DeclarationRequired):
        services.score_application(application, reviewer=reviewer, points=points(call, 5, 5))
    assert not Score.objects.exists()


def test_a_declared_conflict_excludes_the_reviewer_for_good(call):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = reviewer_on(call)
    services.declare_conflict(application, reviewer=reviewer, has_conflict=True, note="Socio")
    with pytest.raises(ConflictOfInterest):
        services.score_application(application, reviewer=reviewer, points=points(call, 5, 5))
    with pytest.raises(ConflictOfInterest):
        services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    assert not Score.objects.exists()
    assert Review.objects.get().has_conflict


def test_a_member_of_the_applicant_cannot_declare_no_conflict(call):
    reviewer = reviewer_on(call)
    membership = MembershipFactory(user=reviewer)  # joined before the application was sent
    application = AdmissibleApplicationFactory(call=call, organisation=membership.organisation)
    with pytest.raises(ConflictOfInterest):
        services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    assert not Review.objects.exists()


def test_a_conflict_found_later_removes_the_scores(call):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = reviewer_on(call)
    review(application, reviewer, 8, 4)
    assert Score.objects.count() == 2
    services.declare_conflict(application, reviewer=reviewer, has_conflict=True)
    declaration = Review.objects.get()
    assert declaration.has_conflict
    assert declaration.completed_at is None
    assert not Score.objects.exists()


def test_a_conflicted_review_can_never_be_completed_in_the_database(call):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = reviewer_on(call)
    services.declare_conflict(application, reviewer=reviewer, has_conflict=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(reviewer=reviewer).update(completed_at=timezone.now())


def test_conflicted_reviews_never_count_in_the_ranking(call, staff):
    application = AdmissibleApplicationFactory(call=call)
    honest, conflicted = reviewer_on(call), reviewer_on(call)
    review(application, honest, 4, 2)
    # A score row forced in next to a conflict (e.g. by a data fix) is ignored.
    declaration = services.declare_conflict(application, reviewer=conflicted, has_conflict=True)
    Score.objects.create(review=declaration, criterion=call.criteria.first(), points=10)
    (entry,) = services.compute_ranking(call, by=staff)
    assert entry.reviews_count == 1
    # quality 4/10 -> 0.4 * 3, impact 2/5 -> 0.4: 40.00
    assert entry.score == Decimal("40.00")


def test_the_review_page_hides_the_application_until_the_declaration(client, call):
    application = AdmissibleApplicationFactory(
        call=call, project_summary="Progetto riservato ai valutatori"
    )
    reviewer = reviewer_on(call)
    client.force_login(reviewer)
    url = reverse("calls:review", kwargs={"pk": application.pk})
    content = text(client.get(url))
    assert "Registra la dichiarazione" in content
    assert "Progetto riservato ai valutatori" not in content
    response = client.post(url, {"action": "declare", "has_conflict": "0"})
    assert response.status_code == 302
    content = text(client.get(url))
    assert "Progetto riservato ai valutatori" in content
    response = client.post(
        url,
        {"action": "score", **{f"criterion_{k}": v for k, v in points(call, 7, 3).items()}},
    )
    assert response.status_code == 302
    assert Review.objects.get().completed_at is not None


def test_the_review_page_refuses_points_out_of_range(client, call):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = reviewer_on(call)
    services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
    client.force_login(reviewer)
    url = reverse("calls:review", kwargs={"pk": application.pk})
    response = client.post(
        url,
        {"action": "score", **{f"criterion_{k}": v for k, v in points(call, 11, 3).items()}},
    )
    assert response.status_code == 400
    assert "Assicurati che questo valore sia minore o uguale a 10." in text(response)
    with pytest.raises(InvalidScores):
        services.score_application(application, reviewer=reviewer, points=points(call, 11, 3))
    with pytest.raises(InvalidScores):
        services.score_application(
            application, reviewer=reviewer, points={call.criteria.first().pk: 5}
        )
    assert not Score.objects.exists()


def test_reviewers_not_on_the_committee_cannot_open_the_review_page(client, call):
    application = AdmissibleApplicationFactory(call=call)
    client.force_login(ReviewerFactory())
    assert client.get(reverse("calls:review", kwargs={"pk": application.pk})).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("calls:review", kwargs={"pk": application.pk})).status_code == 403


# Ranking -------------------------------------------------------------------------------------


def test_no_ranking_before_the_deadline(staff):
    call = CallFactory()
    CriterionFactory(call=call)
    with pytest.raises(RankingNotReady) as error:
        services.compute_ranking(call, by=staff)
    assert "Le domande sono aperte fino al" in error.value.message


def test_no_ranking_with_unchecked_or_unscored_applications(call, staff):
    unchecked = SubmittedApplicationFactory(call=call)
    with pytest.raises(RankingNotReady) as error:
        services.compute_ranking(call, by=staff)
    assert error.value.pending == [unchecked.protocol]
    services.check_admissibility(unchecked, admissible=True, by=staff)
    with pytest.raises(RankingNotReady) as error:
        services.compute_ranking(call, by=staff)
    assert error.value.pending == [unchecked.protocol]
    review(unchecked, reviewer_on(call), 5, 5)
    assert len(services.compute_ranking(call, by=staff)) == 1


def test_ranking_with_a_tie_broken_on_the_heaviest_criterion(client, call, staff):
    a = AdmissibleApplicationFactory(call=call, organisation__name="Alfa")
    b = AdmissibleApplicationFactory(call=call, organisation__name="Beta")
    first, second = reviewer_on(call), reviewer_on(call)
    # Alfa: quality 6, impact 5 -> (0.6*3 + 1)/4 = 70.00
    review(a, first, 6, 5)
    review(a, second, 6, 5)
    # Beta: quality 7, impact 3 and 4 -> (0.7*3 + 0.7)/4 = 70.00
    review(b, first, 7, 3)
    review(b, second, 7, 4)
    entries = services.compute_ranking(call, by=staff)
    assert [(e.application, e.position, e.score) for e in entries] == [
        (b, 1, Decimal("70.00")),
        (a, 2, Decimal("70.00")),
    ]
    assert entries[1].decided_by == f"criterion:{call.criteria.get(name_it='Qualità').pk}"
    client.force_login(staff)
    content = text(client.get(reverse("calls:staff_ranking", kwargs={"pk": call.pk})))
    assert "meno punti su «Qualità»" in content


def test_investment_winners_within_the_budget(call, staff):
    Call.objects.filter(pk=call.pk).update(budget=25000, min_score=50)
    call.refresh_from_db()
    top = AdmissibleApplicationFactory(call=call, amount_requested=20000)
    second = AdmissibleApplicationFactory(call=call, amount_requested=10000)
    third = AdmissibleApplicationFactory(call=call, amount_requested=5000)
    low = AdmissibleApplicationFactory(call=call, amount_requested=1000)
    reviewer = reviewer_on(call)
    review(top, reviewer, 10, 5)
    review(second, reviewer, 9, 5)
    review(third, reviewer, 8, 5)
    review(low, reviewer, 1, 1)
    outcomes = {
        e.application_id: (e.position, e.outcome, e.awarded_amount)
        for e in services.compute_ranking(call, by=staff)
    }
    assert outcomes == {
        top.pk: (1, Outcome.AWARDED, Decimal("20000")),
        second.pk: (2, Outcome.ELIGIBLE, None),  # 10,000 no longer fits in what is left
        third.pk: (3, Outcome.AWARDED, Decimal("5000")),
        low.pk: (4, Outcome.BELOW_THRESHOLD, None),
    }


def test_spaces_go_down_the_ranking_by_requested_space(staff):
    first_space, second_space = SpaceFactory(name="Uno"), SpaceFactory(name="Due")
    call = closed_call(kind=Call.Kind.SPACES, budget=None, max_grant=None)
    call.spaces.set([first_space, second_space])
    CriterionFactory(call=call, weight=1, max_points=10)
    best = AdmissibleApplicationFactory(call=call, requested_space=first_space)
    same_space = AdmissibleApplicationFactory(call=call, requested_space=first_space)
    other_space = AdmissibleApplicationFactory(call=call, requested_space=second_space)
    reviewer = reviewer_on(call)
    criterion = call.criteria.get()
    for application, value in [(best, 9), (same_space, 8), (other_space, 7)]:
        services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
        services.score_application(application, reviewer=reviewer, points={criterion.pk: value})
    outcomes = {
        e.application_id: (e.outcome, e.awarded_space)
        for e in services.compute_ranking(call, by=staff)
    }
    assert outcomes == {
        best.pk: (Outcome.AWARDED, first_space),
        same_space.pk: (Outcome.ELIGIBLE, None),
        other_space.pk: (Outcome.AWARDED, second_space),
    }


def test_a_score_change_discards_a_computed_ranking(call, staff):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = reviewer_on(call)
    review(application, reviewer, 5, 5)
    services.compute_ranking(call, by=staff)
    review(application, reviewer, 6, 5)
    call.refresh_from_db()
    assert call.ranking_computed_at is None
    assert not RankingEntry.objects.exists()


def test_approval_closes_the_evaluation(call, staff):
    application = AdmissibleApplicationFactory(call=call)
    reviewer = reviewer_on(call)
    review(application, reviewer, 5, 5)
    with pytest.raises(RankingNotReady):
        services.approve_ranking(call, by=staff)
    with pytest.raises(RankingNotReady):
        services.publish_results(call, by=staff)
    services.compute_ranking(call, by=staff)
    services.approve_ranking(call, by=staff)
    with pytest.raises(EvaluationClosed):
        services.score_application(application, reviewer=reviewer, points=points(call, 1, 1))
    with pytest.raises(EvaluationClosed):
        services.check_admissibility(application, admissible=False, note="x", by=staff)
    with pytest.raises(EvaluationClosed):
        services.compute_ranking(call, by=staff)


# Results ---------------------------------------------------------------------------------------


def test_publishing_results_notifies_everyone_and_shows_only_public_data(
    client, staff, django_capture_on_commit_callbacks
):
    space = SpaceFactory(name="Ex mercato", status=Space.Status.UNDER_CALL)
    spare = SpaceFactory(name="Ex deposito", status=Space.Status.UNDER_CALL)
    call = closed_call(kind=Call.Kind.SPACES, budget=None, max_grant=None)
    call.spaces.set([space, spare])
    criterion = CriterionFactory(call=call, max_points=10)
    winner = make_applicant(name="Vincitrice Srl")
    loser = make_applicant(name="Seconda Snc")
    refused = make_applicant(name="Fuori Tempo Srl")
    won = AdmissibleApplicationFactory(
        call=call, organisation=winner.organisation, requested_space=space
    )
    lost = AdmissibleApplicationFactory(
        call=call, organisation=loser.organisation, requested_space=space
    )
    inadmissible = SubmittedApplicationFactory(call=call, organisation=refused.organisation)
    services.check_admissibility(inadmissible, admissible=False, note="Firma mancante", by=staff)
    reviewer = reviewer_on(call)
    for application, value in [(won, 9), (lost, 6)]:
        services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
        services.score_application(
            application, reviewer=reviewer, points={criterion.pk: value}, comment="Riservato"
        )
    services.compute_ranking(call, by=staff)
    services.approve_ranking(call, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(call, by=staff)

    won.refresh_from_db()
    lost.refresh_from_db()
    inadmissible.refresh_from_db()
    assert (won.state, lost.state, inadmissible.state) == (
        State.AWARDED,
        State.NOT_AWARDED,
        State.INADMISSIBLE,
    )
    space.refresh_from_db()
    spare.refresh_from_db()
    assert space.status == Space.Status.ASSIGNED
    assert spare.status == Space.Status.AVAILABLE
    change = space.status_changes.order_by("-pk").first()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "under_call",
        "assigned",
        staff,
    )
    assert won.protocol in change.note

    recipients = {message.to[0]: message for message in mail.outbox}
    assert set(recipients) == {winner.user.email, loser.user.email, refused.user.email}
    assert "è tra le vincitrici" in recipients[winner.user.email].body
    assert "Ex mercato" in recipients[winner.user.email].body
    assert "non è tra le vincitrici" in recipients[loser.user.email].body
    assert "Firma mancante" in recipients[refused.user.email].body

    content = text(client.get(reverse("calls:results", kwargs={"slug": call.slug})))
    assert "Vincitrice Srl" in content
    assert "Seconda Snc" in content
    assert "90,00" in content
    assert "Fuori Tempo Srl" not in content  # inadmissible ones are only counted
    assert "1 non ammissibile" in content
    for private in [
        winner.user.email,
        winner.user.full_name,
        "Riservato",
        won.project_summary,
        won.protocol,
        "Firma mancante",
    ]:
        assert private not in content
    actions = list(call.events.values_list("action", flat=True))
    assert actions.count(CallEvent.Action.NOTIFIED) == 3
    assert CallEvent.Action.RESULTS_PUBLISHED in actions
    assert CallEvent.Action.RANKING_APPROVED in actions


def test_results_page_before_publication_shows_nothing(client, call):
    AdmissibleApplicationFactory(call=call, organisation__name="Non Ancora Srl")
    content = text(client.get(reverse("calls:results", kwargs={"slug": call.slug})))
    assert "La graduatoria non è ancora pubblicata." in content
    assert "Non Ancora Srl" not in content


# Query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_public_results_queries_do_not_grow(client, django_assert_num_queries, staff, count):
    call = closed_call()
    criterion = CriterionFactory(call=call)
    reviewer = reviewer_on(call)
    for _ in range(count):
        application = AdmissibleApplicationFactory(call=call)
        services.declare_conflict(application, reviewer=reviewer, has_conflict=False)
        services.score_application(application, reviewer=reviewer, points={criterion.pk: 5})
    services.compute_ranking(call, by=staff)
    services.approve_ranking(call, by=staff)
    services.publish_results(call, by=staff)
    with django_assert_num_queries(3):  # call, ranking with organisations, counts
        response = client.get(reverse("calls:results", kwargs={"slug": call.slug}))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_staff_call_page_queries_do_not_grow(client, django_assert_max_num_queries, call, count):
    staff = StaffFactory()
    reviewer = reviewer_on(call)
    for _ in range(count):
        application = AdmissibleApplicationFactory(call=call)
        review(application, reviewer, 5, 5)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("calls:staff_call", kwargs={"pk": call.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_review_queue_queries_do_not_grow(client, django_assert_max_num_queries, call, count):
    reviewer = reviewer_on(call)
    AdmissibleApplicationFactory.create_batch(count, call=call)
    client.force_login(reviewer)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("calls:review_queue"))
    assert response.status_code == 200
    assert text(response).count("Da dichiarare") == count


@pytest.mark.parametrize("count", [1, 3])
def test_staff_ranking_page_queries_do_not_grow(client, django_assert_max_num_queries, call, count):
    staff = StaffFactory()
    reviewer = reviewer_on(call)
    for _ in range(count):
        application = AdmissibleApplicationFactory(call=call)
        review(application, reviewer, 5, 5)
    services.compute_ranking(call, by=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("calls:staff_ranking", kwargs={"pk": call.pk}))
    assert response.status_code == 200
