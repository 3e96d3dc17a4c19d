import datetime

import pytest
from django.core import mail
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.directory.models import Membership
from manifatture.directory.tests.factories import MembershipFactory, OrganisationFactory
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations import exceptions, services
from manifatture.participations.forms import ApplicationForm, ProposedActivityFormSet
from manifatture.participations.models import (
    ActivityKind,
    Application,
    ApplicationEvent,
    Review,
    Score,
)
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    ProposedActivityFactory,
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db
State = Application.State


@pytest.fixture
def member():
    return MembershipFactory().user


def org_of(user):
    return user.memberships.get().organisation


def events(application):
    return list(
        ApplicationEvent.objects.filter(application=application).values_list(
            "from_state", "to_state"
        )
    )


def draft_with_activity(member, **kwargs):
    application = ApplicationFactory(organisation=org_of(member), **kwargs)
    ProposedActivityFactory(application=application)
    return application


# start_application


def test_start_application_creates_an_empty_draft_and_records_it(member):
    edition = EditionFactory()
    application = services.start_application(org_of(member), edition=edition, by=member)
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.edition == edition
    assert application.created_by == member
    assert application.motivation == ""
    assert application.proposed_activities.count() == 0
    assert events(application) == [("", State.DRAFT)]


def test_returning_host_starts_from_its_most_recent_application(member):
    organisation = org_of(member)
    older = ApplicationFactory(
        organisation=organisation,
        edition=PhasedEditionFactory(year=2020, past=True),
        motivation="Motivazione 2020",
        expected_visitors=10,
    )
    ProposedActivityFactory(application=older, title="Visita 2020")
    recent = ApplicationFactory(
        organisation=organisation,
        edition=PhasedEditionFactory(year=2021, past=True),
        motivation="Motivazione 2021",
        expected_visitors=80,
        notes_for_staff="Solo per il 2021",
    )
    ProposedActivityFactory(
        application=recent,
        kind=ActivityKind.WORKSHOP,
        title="Laboratorio di saldatura",
        description="Si salda insieme.",
        capacity=8,
        slots=3,
    )
    ProposedActivityFactory(application=recent, title="Visita al reparto")
    edition = EditionFactory(year=2030)

    application = services.start_application(organisation, edition=edition, by=member)

    assert application.motivation == "Motivazione 2021"
    assert application.expected_visitors == 80
    assert application.notes_for_staff == ""
    assert list(
        application.proposed_activities.values_list(
            "kind", "title", "description", "capacity", "slots"
        )
    ) == [
        (ActivityKind.WORKSHOP, "Laboratorio di saldatura", "Si salda insieme.", 8, 3),
        (ActivityKind.GUIDED_VISIT, "Visita al reparto", "", 15, 2),
    ]
    assert recent.proposed_activities.count() == 2  # copied, not moved
    assert application.events.get().note == "Bozza ripresa dalla candidatura per l'edizione 2021."


def test_start_application_refuses_a_second_application_to_the_same_edition(member):
    edition = EditionFactory()
    services.start_application(org_of(member), edition=edition, by=member)
    with pytest.raises(exceptions.ApplicationExists):
        services.start_application(org_of(member), edition=edition, by=member)
    assert Application.objects.count() == 1


@pytest.mark.parametrize("phase", ["upcoming", "in_review"])
def test_start_application_only_while_the_host_call_is_open(member, phase):
    edition = PhasedEditionFactory(**{phase: True})
    with pytest.raises(exceptions.HostCallClosed):
        services.start_application(org_of(member), edition=edition, by=member)
    assert Application.objects.count() == 0


def test_start_application_refuses_a_non_member():
    outsider = UserFactory()
    with pytest.raises(exceptions.NotAMember):
        services.start_application(OrganisationFactory(), edition=EditionFactory(), by=outsider)


# save_application


def bound_forms(application, data):
    form = ApplicationForm(data, instance=application)
    formset = ProposedActivityFormSet(data, instance=application, prefix="activities")
    assert form.is_valid(), form.errors
    assert formset.is_valid(), formset.errors
    return form, formset


def formset_data(**fields):
    return {
        "motivation": "Nuova motivazione",
        "expected_visitors": "40",
        "notes_for_staff": "",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "20",
        "activities-0-kind": "workshop",
        "activities-0-title": "Laboratorio",
        "activities-0-description": "",
        "activities-0-capacity": "10",
        "activities-0-slots": "2",
        **fields,
    }


@pytest.mark.parametrize("state", [State.DRAFT, State.CHANGES_REQUESTED])
def test_save_application_while_editable(member, state):
    application = ApplicationFactory(
        organisation=org_of(member),
        state=state,
        submitted_at=None if state == State.DRAFT else timezone.now(),
    )
    form, formset = bound_forms(application, formset_data())
    services.save_application(form.save(commit=False), by=member, activities=formset)
    application.refresh_from_db()
    assert application.motivation == "Nuova motivazione"
    assert application.expected_visitors == 40
    assert application.state == state
    assert list(application.proposed_activities.values_list("title", flat=True)) == ["Laboratorio"]


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED, State.REJECTED])
def test_save_application_refused_once_not_editable(member, state):
    application = ApplicationFactory(
        organisation=org_of(member),
        state=State.DRAFT,
    )
    form, formset = bound_forms(application, formset_data())
    # Someone else moved it on while the form was open.
    Application.objects.filter(pk=application.pk).update(
        state=state, submitted_at=timezone.now(), decided_at=timezone.now()
    )
    with pytest.raises(exceptions.ApplicationNotEditable):
        services.save_application(form.save(commit=False), by=member, activities=formset)
    application.refresh_from_db()
    assert application.motivation != "Nuova motivazione"
    assert application.proposed_activities.count() == 0


# submit_application


def test_submit_a_draft_while_the_call_is_open(member):
    application = draft_with_activity(member)
    services.submit_application(application, by=member)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.submitted_at is not None
    assert events(application) == [(State.DRAFT, State.SUBMITTED)]
    assert application.events.get().actor == member


def test_submit_a_draft_after_the_call_closed_is_refused(member):
    application = draft_with_activity(member, edition=PhasedEditionFactory(in_review=True))
    with pytest.raises(exceptions.DeadlinePassed):
        services.submit_application(application, by=member)
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert events(application) == []


def test_submit_a_draft_before_the_call_opens_is_refused(member):
    application = draft_with_activity(member, edition=PhasedEditionFactory(upcoming=True))
    with pytest.raises(exceptions.DeadlinePassed):
        services.submit_application(application, by=member)


def test_submit_requires_a_proposed_activity(member):
    application = ApplicationFactory(organisation=org_of(member))
    with pytest.raises(exceptions.ApplicationIncomplete) as error:
        services.submit_application(application, by=member)
    assert str(error.value.message) == (
        "Proponete almeno un'attività prima di inviare la candidatura."
    )
    assert Application.objects.get().state == State.DRAFT


def test_submit_requires_a_motivation(member):
    application = draft_with_activity(member, motivation="  ")
    with pytest.raises(exceptions.ApplicationIncomplete):
        services.submit_application(application, by=member)


def test_resubmit_after_changes_requested_during_review(member):
    application = draft_with_activity(
        member,
        edition=PhasedEditionFactory(in_review=True),
        state=State.CHANGES_REQUESTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )
    services.submit_application(application, by=member)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.submitted_at > timezone.now() - datetime.timedelta(minutes=1)
    assert events(application) == [(State.CHANGES_REQUESTED, State.SUBMITTED)]


def test_resubmit_after_review_closed_is_refused(member):
    application = draft_with_activity(
        member,
        edition=PhasedEditionFactory(programme=True),
        state=State.CHANGES_REQUESTED,
        submitted_at=timezone.now(),
    )
    with pytest.raises(exceptions.DeadlinePassed):
        services.submit_application(application, by=member)
    assert Application.objects.get().state == State.CHANGES_REQUESTED


@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.ACCEPTED, State.REJECTED, State.WITHDRAWN]
)
def test_submit_from_other_states_is_an_invalid_transition(member, state):
    application = draft_with_activity(
        member, state=state, submitted_at=timezone.now(), decided_at=timezone.now()
    )
    with pytest.raises(exceptions.InvalidTransition):
        services.submit_application(application, by=member)
    assert Application.objects.get().state == state


def test_submit_by_a_non_member_is_refused(member):
    application = draft_with_activity(member)
    with pytest.raises(exceptions.NotAMember):
        services.submit_application(application, by=UserFactory())
    assert Application.objects.get().state == State.DRAFT


# withdraw_application


@pytest.mark.parametrize(
    "state", [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ACCEPTED]
)
def test_withdraw_from_allowed_states(member, state):
    application = ApplicationFactory(
        organisation=org_of(member),
        state=state,
        submitted_at=None if state == State.DRAFT else timezone.now(),
        decided_at=timezone.now() if state == State.ACCEPTED else None,
    )
    services.withdraw_application(application, by=member, note="Non ci siamo più")
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert events(application) == [(state, State.WITHDRAWN)]
    assert application.events.get().note == "Non ci siamo più"


@pytest.mark.parametrize("state", [State.REJECTED, State.WITHDRAWN])
def test_withdraw_from_final_states_is_invalid(member, state):
    application = ApplicationFactory(
        organisation=org_of(member),
        state=state,
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
    )
    with pytest.raises(exceptions.InvalidTransition):
        services.withdraw_application(application, by=member)


def test_withdraw_an_accepted_application_once_the_event_started_is_refused(member):
    application = AcceptedApplicationFactory(
        organisation=org_of(member), edition=PhasedEditionFactory(event_on=True)
    )
    with pytest.raises(exceptions.DeadlinePassed):
        services.withdraw_application(application, by=member)
    assert Application.objects.get().state == State.ACCEPTED


def test_withdraw_by_a_non_member_is_refused(member):
    application = SubmittedApplicationFactory(organisation=org_of(member))
    with pytest.raises(exceptions.NotAMember):
        services.withdraw_application(application, by=UserFactory())


# decisions


@pytest.fixture
def staff():
    return StaffFactory()


def test_accept_records_sets_decided_at_and_mails_every_member(
    staff, django_capture_on_commit_callbacks
):
    application = SubmittedApplicationFactory()
    owner = MembershipFactory(organisation=application.organisation).user
    colleague = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.STAFF
    ).user
    MembershipFactory()  # a member of another organisation: must not be told
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_application(application, by=staff, note="Benvenuti")
    application.refresh_from_db()
    assert application.state == State.ACCEPTED
    assert application.decided_at is not None
    assert application.decision_note == "Benvenuti"
    assert events(application) == [(State.SUBMITTED, State.ACCEPTED)]
    assert application.events.get().actor == staff
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [owner.email, colleague.email]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    title = application.edition.title
    assert mail.outbox[0].subject == f"{title}: la vostra candidatura è stata accettata"
    assert "Benvenuti" in mail.outbox[0].body
    assert f"/candidature/{application.pk}/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


def test_reject_requires_a_note_and_mails_the_members(staff, django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory()
    owner = MembershipFactory(organisation=application.organisation).user
    with pytest.raises(exceptions.NoteRequired):
        services.reject_application(application, by=staff, note=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(application, by=staff, note="Troppe candidature simili")
    application.refresh_from_db()
    assert application.state == State.REJECTED
    assert application.decided_at is not None
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject == f"{application.edition.title}: esito della vostra candidatura"
    assert "Troppe candidature simili" in mail.outbox[0].body


def test_request_changes_mails_the_members_with_the_note(staff, django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory()
    owner = MembershipFactory(organisation=application.organisation).user
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(application, by=staff, note="Aggiungete gli orari")
    application.refresh_from_db()
    assert application.state == State.CHANGES_REQUESTED
    assert application.decided_at is None
    assert application.decision_note == "Aggiungete gli orari"
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject == (
        f"{application.edition.title}: modifiche richieste alla vostra candidatura"
    )
    assert "Aggiungete gli orari" in mail.outbox[0].body
    assert f"/candidature/{application.pk}/modifica/" in mail.outbox[0].body


def test_request_changes_after_review_closed_is_refused(staff):
    application = SubmittedApplicationFactory(edition=PhasedEditionFactory(programme=True))
    with pytest.raises(exceptions.DeadlinePassed):
        services.request_changes(application, by=staff, note="Troppo tardi")
    assert Application.objects.get().state == State.SUBMITTED


def test_reject_after_changes_requested_is_allowed(staff):
    application = SubmittedApplicationFactory(state=State.CHANGES_REQUESTED)
    services.reject_application(application, by=staff, note="Nessuna risposta")
    assert Application.objects.get().state == State.REJECTED


@pytest.mark.parametrize(
    ("state", "decision"),
    [
        (State.DRAFT, State.ACCEPTED),
        (State.DRAFT, State.REJECTED),
        (State.CHANGES_REQUESTED, State.ACCEPTED),
        (State.ACCEPTED, State.REJECTED),
        (State.REJECTED, State.ACCEPTED),
        (State.WITHDRAWN, State.ACCEPTED),
        (State.ACCEPTED, State.CHANGES_REQUESTED),
    ],
)
def test_invalid_decisions_raise_and_send_nothing(
    staff, state, decision, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        state=state,
        submitted_at=None if state == State.DRAFT else timezone.now(),
        decided_at=timezone.now() if state in (State.ACCEPTED, State.REJECTED) else None,
    )
    MembershipFactory(organisation=application.organisation)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(exceptions.InvalidTransition),
    ):
        services.decide_application(application, decision=decision, note="Nota", by=staff)
    assert Application.objects.get().state == state
    assert mail.outbox == []
    assert events(application) == []


def test_invalid_transition_message_is_translated_and_names_the_states(staff):
    application = AcceptedApplicationFactory()
    with pytest.raises(exceptions.InvalidTransition) as error:
        services.reject_application(application, by=staff, note="No")
    assert error.value.message == "Una candidatura «Accettata» non può diventare «Respinta»."


@pytest.mark.parametrize("user_factory", [UserFactory, ReviewerFactory])
def test_only_city_staff_decide(user_factory):
    application = SubmittedApplicationFactory()
    with pytest.raises(exceptions.NotAllowed):
        services.accept_application(application, by=user_factory())
    assert Application.objects.get().state == State.SUBMITTED


def test_decide_application_dispatches_to_the_state(staff):
    application = SubmittedApplicationFactory()
    services.decide_application(
        application, decision=State.CHANGES_REQUESTED, note="Orari?", by=staff
    )
    assert Application.objects.get().state == State.CHANGES_REQUESTED


def test_transitions_table_covers_every_state():
    assert set(services.TRANSITIONS) == set(State.values)


# score_application


@pytest.fixture
def criteria():
    edition = EditionFactory()
    return [
        ReviewCriterionFactory(edition=edition, weight=1),
        ReviewCriterionFactory(edition=edition, weight=3),
    ]


def test_score_creates_a_review_with_a_score_per_criterion(criteria):
    application = SubmittedApplicationFactory(edition=criteria[0].edition)
    reviewer = ReviewerFactory()
    review = services.score_application(
        application,
        reviewer=reviewer,
        scores={criteria[0].pk: 4, criteria[1].pk: 2},
        comment="Buona proposta",
    )
    assert review.comment == "Buona proposta"
    assert dict(review.scores.values_list("criterion_id", "value")) == {
        criteria[0].pk: 4,
        criteria[1].pk: 2,
    }


def test_scoring_again_updates_the_same_review(criteria):
    application = SubmittedApplicationFactory(edition=criteria[0].edition)
    reviewer = ReviewerFactory()
    scores = {criteria[0].pk: 4, criteria[1].pk: 2}
    services.score_application(application, reviewer=reviewer, scores=scores, comment="Prima")
    scores = {criteria[0].pk: 1, criteria[1].pk: 5}
    services.score_application(application, reviewer=reviewer, scores=scores, comment="Dopo")
    review = Review.objects.get()
    assert review.comment == "Dopo"
    assert dict(review.scores.values_list("criterion_id", "value")) == scores
    assert Score.objects.count() == 2


@pytest.mark.parametrize(
    "scores",
    [
        {0: 0, 1: 3},
        {0: 6, 1: 3},
        {0: 3},
        {},
        {0: 3, 1: 3, "other": 3},
        {0: "3", 1: 3},
    ],
)
def test_score_validation(criteria, scores):
    by_index = {0: criteria[0].pk, 1: criteria[1].pk}
    scores = {by_index.get(key, 999_999): value for key, value in scores.items()}
    application = SubmittedApplicationFactory(edition=criteria[0].edition)
    with pytest.raises(exceptions.InvalidScores):
        services.score_application(application, reviewer=ReviewerFactory(), scores=scores)
    assert Review.objects.count() == 0


def test_criteria_of_another_edition_do_not_count(criteria):
    other = ReviewCriterionFactory(edition=PhasedEditionFactory(past=True))
    application = SubmittedApplicationFactory(edition=criteria[0].edition)
    scores = {criteria[0].pk: 3, criteria[1].pk: 3, other.pk: 3}
    with pytest.raises(exceptions.InvalidScores):
        services.score_application(application, reviewer=ReviewerFactory(), scores=scores)


def test_a_reviewer_who_is_a_member_of_the_applicant_cannot_review(criteria):
    reviewer = ReviewerFactory()
    membership = MembershipFactory(user=reviewer)  # joined before the application was sent
    application = SubmittedApplicationFactory(
        edition=criteria[0].edition, organisation=membership.organisation
    )
    with pytest.raises(exceptions.ConflictOfInterest):
        services.score_application(
            application, reviewer=reviewer, scores={c.pk: 3 for c in criteria}
        )
    assert Review.objects.count() == 0


@pytest.mark.parametrize("state", [State.DRAFT, State.CHANGES_REQUESTED, State.ACCEPTED])
def test_only_submitted_applications_are_scored(criteria, state):
    application = ApplicationFactory(
        edition=criteria[0].edition,
        state=state,
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
    )
    with pytest.raises(exceptions.NotUnderReview):
        services.score_application(
            application, reviewer=ReviewerFactory(), scores={c.pk: 3 for c in criteria}
        )


def test_a_visitor_cannot_score(criteria):
    application = SubmittedApplicationFactory(edition=criteria[0].edition)
    with pytest.raises(exceptions.NotAllowed):
        services.score_application(
            application, reviewer=UserFactory(), scores={c.pk: 3 for c in criteria}
        )
