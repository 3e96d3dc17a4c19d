import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations.models import Application, Review, ReviewCriterion, Score
from manifatture.participations.services import score_application
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    ProposedActivityFactory,
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db
State = Application.State


def text(response) -> str:
    """The page as a person reads it: entities like ' decoded."""
    return html.unescape(response.content.decode())


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def member(client):
    return MembershipFactory().user


def org_of(user):
    return user.memberships.get().organisation


# start page


def test_start_page_explains_the_call_and_its_deadline(client):
    edition = EditionFactory(title="Manifatture Aperte 2030")
    response = client.get(reverse("participations:start"))
    assert response.status_code == 200
    content = text(response)
    assert "Manifatture Aperte 2030" in content
    closes = timezone.localtime(edition.host_call_closes)
    assert "Candidature aperte fino al" in content
    assert str(closes.year) in content
    assert reverse("accounts:login") in content
    assert reverse("accounts:signup") in content


def test_start_page_without_a_current_edition(client):
    response = client.get(reverse("participations:start"))
    assert response.status_code == 200
    assert "Non c'è ancora un'edizione in preparazione" in text(response)


def test_start_page_lists_the_members_organisations_with_their_state(client):
    edition = EditionFactory()
    user = UserFactory()
    first = MembershipFactory(user=user, organisation__name="Alfa Torneria").organisation
    second = MembershipFactory(user=user, organisation__name="Beta Sartoria").organisation
    application = SubmittedApplicationFactory(organisation=second, edition=edition)
    MembershipFactory(organisation__name="Gamma Estranea")  # someone else's
    response = login(client, user).get(reverse("participations:start"))
    content = text(response)
    assert [organisation for organisation, _ in response.context["rows"]] == [first, second]
    assert response.context["rows"][1][1] == application
    assert "Gamma Estranea" not in content
    assert reverse("participations:apply", args=[first.slug]) in content
    assert application.get_absolute_url() in content
    assert "Inviata" in content


def test_start_page_without_organisations_offers_to_create_one(client):
    EditionFactory()
    response = login(client, UserFactory()).get(reverse("participations:start"))
    content = text(response)
    assert "Non siete ancora membri di un'organizzazione" in content
    assert reverse("directory:create") in content


def test_start_page_query_count_does_not_grow_with_organisations(
    client, django_assert_max_num_queries
):
    edition = EditionFactory()
    user = UserFactory()
    login(client, user)

    def add(n):
        for _ in range(n):
            organisation = MembershipFactory(user=user).organisation
            SubmittedApplicationFactory(organisation=organisation, edition=edition)

    add(1)
    with django_assert_max_num_queries(6) as one:
        client.get(reverse("participations:start"))
    add(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("participations:start"))
    assert len(response.context["rows"]) == 3


# apply and edit


def test_apply_creates_a_draft_and_opens_the_form(client, member):
    EditionFactory()
    response = login(client, member).post(
        reverse("participations:apply", args=[org_of(member).slug])
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("participations:edit", args=[application.pk])
    assert application.state == State.DRAFT


def test_apply_as_returning_host_says_the_draft_was_copied(client, member):
    old = ApplicationFactory(
        organisation=org_of(member),
        edition=PhasedEditionFactory(year=2024, past=True),
        motivation="Come l'anno scorso",
    )
    ProposedActivityFactory(application=old, title="Visita storica")
    EditionFactory(year=2030)
    response = login(client, member).post(
        reverse("participations:apply", args=[org_of(member).slug]), follow=True
    )
    content = text(response)
    assert "dalla vostra candidatura per l'edizione 2024" in content
    assert "La bozza riprende i dati della vostra candidatura per l'edizione 2024" in content
    assert "Come l'anno scorso" in content
    assert "Visita storica" in content


def test_apply_when_the_call_is_closed_shows_an_error(client, member):
    PhasedEditionFactory(in_review=True)
    response = login(client, member).post(
        reverse("participations:apply", args=[org_of(member).slug]), follow=True
    )
    assert Application.objects.count() == 0
    assert "Le candidature per questa edizione non sono aperte." in text(response)


def test_apply_for_an_organisation_one_is_not_member_of_is_forbidden(client, member):
    EditionFactory()
    other = MembershipFactory().organisation
    response = login(client, member).post(reverse("participations:apply", args=[other.slug]))
    assert response.status_code == 403
    assert Application.objects.count() == 0


def edit_data(action="save", **fields):
    return {
        "action": action,
        "motivation": "Mostriamo la tornitura",
        "expected_visitors": "50",
        "notes_for_staff": "",
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "20",
        "activities-0-kind": "guided_visit",
        "activities-0-title": "Visita al reparto",
        "activities-0-description": "",
        "activities-0-capacity": "12",
        "activities-0-slots": "3",
        # The second row is left untouched, as the browser sends it: ignored.
        "activities-1-kind": "",
        "activities-1-title": "",
        "activities-1-description": "",
        "activities-1-capacity": "15",
        "activities-1-slots": "2",
        **fields,
    }


def test_edit_saves_the_draft(client, member):
    application = ApplicationFactory(organisation=org_of(member), motivation="")
    url = reverse("participations:edit", args=[application.pk])
    response = login(client, member).post(url, edit_data())
    assert response.status_code == 302
    assert response.url == url
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.motivation == "Mostriamo la tornitura"
    assert list(application.proposed_activities.values_list("title", "capacity", "slots")) == [
        ("Visita al reparto", 12, 3)
    ]


def test_edit_and_submit(client, member):
    application = ApplicationFactory(organisation=org_of(member))
    response = login(client, member).post(
        reverse("participations:edit", args=[application.pk]), edit_data(action="submit")
    )
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_submit_without_activities_keeps_the_draft_and_says_why(client, member):
    application = ApplicationFactory(organisation=org_of(member))
    data = edit_data(action="submit", **{"activities-0-title": "", "activities-0-kind": ""})
    data["activities-0-capacity"], data["activities-0-slots"] = "15", "2"
    response = login(client, member).post(
        reverse("participations:edit", args=[application.pk]), data, follow=True
    )
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.motivation == "Mostriamo la tornitura"  # saved all the same
    assert "Proponete almeno un'attività" in text(response)


def test_invalid_activity_keeps_what_was_typed(client, member):
    application = ApplicationFactory(organisation=org_of(member), motivation="Prima")
    data = edit_data(**{"activities-0-capacity": "0", "motivation": "Testo nuovo"})
    response = login(client, member).post(
        reverse("participations:edit", args=[application.pk]), data
    )
    assert response.status_code == 200
    content = text(response)
    assert "Testo nuovo" in content
    assert "Visita al reparto" in content
    assert "Assicurati che questo valore sia maggiore o uguale a 1." in content
    application.refresh_from_db()
    assert application.motivation == "Prima"


def test_submitted_application_cannot_be_edited(client, member):
    application = SubmittedApplicationFactory(organisation=org_of(member), motivation="Inviata")
    url = reverse("participations:edit", args=[application.pk])
    response = login(client, member).post(url, edit_data())
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    application.refresh_from_db()
    assert application.motivation == "Inviata"


def test_a_host_cannot_see_or_change_another_hosts_application(client, member):
    mine = ApplicationFactory(organisation=org_of(member))
    theirs = SubmittedApplicationFactory(motivation="Segreto della concorrenza")
    MembershipFactory(organisation=theirs.organisation)
    login(client, member)
    assert client.get(reverse("participations:application", args=[mine.pk])).status_code == 200
    for name in ("application", "edit", "withdraw"):
        response = client.get(reverse(f"participations:{name}", args=[theirs.pk]))
        assert response.status_code == 403
        assert b"Segreto della concorrenza" not in response.content
    response = client.post(reverse("participations:edit", args=[theirs.pk]), edit_data())
    assert response.status_code == 403
    response = client.post(reverse("participations:withdraw", args=[theirs.pk]))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.state == State.SUBMITTED
    assert theirs.motivation == "Segreto della concorrenza"


def test_anonymous_is_sent_to_login(client):
    application = SubmittedApplicationFactory()
    response = client.get(reverse("participations:application", args=[application.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_missing_application_is_404(client, member):
    response = login(client, member).get(reverse("participations:application", args=[999]))
    assert response.status_code == 404


# application page


def test_members_see_state_history_and_decision_note_but_never_reviews(client, member):
    criterion = ReviewCriterionFactory()
    application = SubmittedApplicationFactory(
        organisation=org_of(member), edition=criterion.edition
    )
    score_application(
        application,
        reviewer=ReviewerFactory(),
        scores={criterion.pk: 2},
        comment="Commento riservato del valutatore",
    )
    Application.objects.filter(pk=application.pk).update(
        state=State.CHANGES_REQUESTED, decision_note="Aggiungete gli orari"
    )
    application.events.create(
        from_state=State.SUBMITTED, to_state=State.CHANGES_REQUESTED, note="Aggiungete gli orari"
    )
    response = login(client, member).get(application.get_absolute_url())
    content = text(response)
    assert "Modifiche richieste" in content
    assert "Aggiungete gli orari" in content
    assert "Da «Inviata» a «Modifiche richieste»" in content
    assert "Commento riservato del valutatore" not in content
    assert criterion.name_it not in content


def test_reviewer_sees_submitted_applications_but_never_drafts(client):
    reviewer = ReviewerFactory()
    draft = ApplicationFactory(motivation="Bozza segreta")
    withdrawn_draft = ApplicationFactory(state=State.WITHDRAWN)
    submitted = SubmittedApplicationFactory()
    login(client, reviewer)
    assert client.get(submitted.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 403
    assert client.get(withdrawn_draft.get_absolute_url()).status_code == 403
    assert client.get(reverse("participations:review", args=[draft.pk])).status_code == 403


def test_city_staff_see_any_application(client):
    draft = ApplicationFactory()
    response = login(client, StaffFactory()).get(draft.get_absolute_url())
    assert response.status_code == 200


def test_a_visitor_cannot_see_an_application(client):
    application = SubmittedApplicationFactory()
    response = login(client, UserFactory()).get(application.get_absolute_url())
    assert response.status_code == 403


def test_withdraw_page_confirms_then_withdraws(client, member):
    application = SubmittedApplicationFactory(organisation=org_of(member))
    url = reverse("participations:withdraw", args=[application.pk])
    login(client, member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "Cambio di programma"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert application.events.get().note == "Cambio di programma"


# review


@pytest.fixture
def reviewed_edition():
    edition = EditionFactory()
    ReviewCriterionFactory(edition=edition, name_it="Qualità", weight=2)
    ReviewCriterionFactory(edition=edition, name_it="Accessibilità", weight=1)
    return edition


def score_data(edition, values, comment="Ottima"):
    criteria = ReviewCriterion.objects.filter(edition=edition)
    data = {f"criterion_{c.pk}": str(v) for c, v in zip(criteria, values, strict=True)}
    data["comment"] = comment
    return data


def test_review_page_shows_the_application_and_saves_scores(client, reviewed_edition):
    application = SubmittedApplicationFactory(
        edition=reviewed_edition, motivation="Motivazione da valutare"
    )
    ProposedActivityFactory(application=application, title="Visita notturna")
    reviewer = ReviewerFactory()
    url = reverse("participations:review", args=[application.pk])
    login(client, reviewer)
    content = client.get(url).content.decode()
    assert application.organisation.name in content
    assert "Motivazione da valutare" in content
    assert "Visita notturna" in content
    assert "Qualità" in content
    response = client.post(url, score_data(reviewed_edition, [5, 3]))
    assert response.status_code == 302
    assert response.url == reverse("participations:review_queue")
    review = Review.objects.get()
    assert review.reviewer == reviewer
    assert sorted(review.scores.values_list("value", flat=True)) == [3, 5]


@pytest.mark.parametrize("values", [["6", "3"], ["0", "3"], ["", "3"], ["tre", "3"]])
def test_review_form_requires_a_score_1_to_5_for_each_criterion(client, reviewed_edition, values):
    application = SubmittedApplicationFactory(edition=reviewed_edition)
    data = score_data(reviewed_edition, values, comment="Da tenere")
    response = login(client, ReviewerFactory()).post(
        reverse("participations:review", args=[application.pk]), data
    )
    assert response.status_code == 200
    assert Review.objects.count() == 0
    assert "Da tenere" in text(response)
    assert response.context["form"].errors


def test_review_with_a_conflict_of_interest_is_refused(client, reviewed_edition):
    reviewer = ReviewerFactory()
    membership = MembershipFactory(user=reviewer)  # joined before the application was sent
    application = SubmittedApplicationFactory(
        edition=reviewed_edition, organisation=membership.organisation
    )
    url = reverse("participations:review", args=[application.pk])
    login(client, reviewer)
    assert "non potete valutarla" in client.get(url).content.decode()
    response = client.post(url, score_data(reviewed_edition, [5, 5]))
    assert response.status_code == 200
    assert "non potete valutarla" in text(response)
    assert Review.objects.count() == 0


@pytest.mark.parametrize("name", ["review_queue"])
def test_visitor_and_host_cannot_reach_review_pages(client, member, name):
    application = SubmittedApplicationFactory()
    for user in (UserFactory(), member):
        login(client, user)
        assert client.get(reverse("participations:review_queue")).status_code == 403
        assert (
            client.get(reverse("participations:review", args=[application.pk])).status_code == 403
        )


def test_review_queue_shows_own_progress_and_conflicts(client, reviewed_edition):
    reviewer = ReviewerFactory()
    done = SubmittedApplicationFactory(edition=reviewed_edition, organisation__name="Alfa")
    SubmittedApplicationFactory(edition=reviewed_edition, organisation__name="Beta")
    gamma = MembershipFactory(user=reviewer, organisation__name="Gamma").organisation
    conflict = SubmittedApplicationFactory(edition=reviewed_edition, organisation=gamma)
    ApplicationFactory(edition=reviewed_edition, organisation__name="Delta bozza")
    SubmittedApplicationFactory(
        edition=PhasedEditionFactory(past=True), organisation__name="Epsilon vecchia"
    )
    criteria = ReviewCriterion.objects.filter(edition=reviewed_edition)
    score_application(done, reviewer=reviewer, scores={c.pk: 4 for c in criteria})
    score_application(done, reviewer=ReviewerFactory(), scores={c.pk: 1 for c in criteria})
    response = login(client, reviewer).get(reverse("participations:review_queue"))
    content = text(response)
    assert [a.organisation.name for a in response.context["queue"]] == ["Alfa", "Beta", "Gamma"]
    assert response.context["reviewed"] == 1
    assert response.context["to_review"] == 2
    assert "Avete valutato 1 candidatura su 2." in content
    assert "Conflitto di interessi" in content
    assert reverse("participations:review", args=[conflict.pk]) not in content
    assert "Delta bozza" not in content
    assert "Epsilon vecchia" not in content


def test_review_queue_query_count(client, reviewed_edition, django_assert_max_num_queries):
    reviewer = ReviewerFactory()
    login(client, reviewer)
    SubmittedApplicationFactory(edition=reviewed_edition)
    with django_assert_max_num_queries(10) as one:
        client.get(reverse("participations:review_queue"))
    SubmittedApplicationFactory.create_batch(2, edition=reviewed_edition)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("participations:review_queue"))
    assert len(response.context["queue"]) == 3


# staff


def test_reviewer_cannot_decide(client):
    application = SubmittedApplicationFactory()
    login(client, ReviewerFactory())
    url = reverse("participations:staff_application", args=[application.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"decision": State.ACCEPTED, "note": ""})
    assert response.status_code == 403
    assert Application.objects.get().state == State.SUBMITTED


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("staff_applications", []),
        ("staff_application", ["pk"]),
        ("staff_criteria", ["year"]),
        ("staff_criterion_create", ["year"]),
        ("staff_criterion_edit", ["criterion"]),
    ],
)
@pytest.mark.parametrize("user_factory", [UserFactory, ReviewerFactory])
def test_visitors_and_reviewers_cannot_reach_staff_pages(client, name, args, user_factory):
    application = SubmittedApplicationFactory()
    criterion = ReviewCriterionFactory(edition=application.edition)
    values = {"pk": application.pk, "year": application.edition.year, "criterion": criterion.pk}
    login(client, user_factory())
    response = client.get(reverse(f"participations:{name}", args=[values[a] for a in args]))
    assert response.status_code == 403


def test_staff_list_filters_by_state_and_shows_weighted_scores(client, reviewed_edition):
    quality, access = ReviewCriterion.objects.filter(edition=reviewed_edition).order_by("-weight")
    high = SubmittedApplicationFactory(edition=reviewed_edition, organisation__name="Alfa")
    low = SubmittedApplicationFactory(edition=reviewed_edition, organisation__name="Beta")
    AcceptedApplicationFactory(edition=reviewed_edition, organisation__name="Gamma")
    ApplicationFactory(edition=reviewed_edition, organisation__name="Delta bozza")
    # Alfa: (5*2 + 2*1)/3 = 4 and (3*2 + 3*1)/3 = 3 → (12 + 9) / 6 = 3.5
    score_application(high, reviewer=ReviewerFactory(), scores={quality.pk: 5, access.pk: 2})
    score_application(high, reviewer=ReviewerFactory(), scores={quality.pk: 3, access.pk: 3})
    # Beta: (1*2 + 4*1)/3 = 2
    score_application(low, reviewer=ReviewerFactory(), scores={quality.pk: 1, access.pk: 4})
    login(client, StaffFactory())
    response = client.get(reverse("participations:staff_applications"))
    rows = [
        (a.organisation.name, a.review_count, a.weighted_score)
        for a in response.context["applications"]
    ]
    assert rows == [("Alfa", 2, 3.5), ("Beta", 1, 2.0), ("Gamma", 0, None)]
    assert "3,50" in text(response)
    response = client.get(
        reverse("participations:staff_applications"),
        {"edition": reviewed_edition.year, "state": State.DRAFT},
    )
    assert [a.organisation.name for a in response.context["applications"]] == ["Delta bozza"]


def test_staff_list_chooses_another_edition(client):
    EditionFactory()
    old = PhasedEditionFactory(year=2019, past=True)
    SubmittedApplicationFactory(edition=old, organisation__name="Vecchia")
    response = login(client, StaffFactory()).get(
        reverse("participations:staff_applications"), {"edition": "2019"}
    )
    assert response.context["edition"] == old
    assert [a.organisation.name for a in response.context["applications"]] == ["Vecchia"]


def test_staff_list_query_count(client, reviewed_edition, django_assert_max_num_queries):
    criteria = list(ReviewCriterion.objects.filter(edition=reviewed_edition))
    login(client, StaffFactory())

    def add(n):
        for _ in range(n):
            application = SubmittedApplicationFactory(edition=reviewed_edition)
            score_application(
                application, reviewer=ReviewerFactory(), scores={c.pk: 3 for c in criteria}
            )

    add(1)
    with django_assert_max_num_queries(10) as one:
        client.get(reverse("participations:staff_applications"))
    add(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("participations:staff_applications"))
    assert len(response.context["applications"]) == 3


def test_staff_detail_shows_all_reviews(client, reviewed_edition, django_assert_max_num_queries):
    application = SubmittedApplicationFactory(edition=reviewed_edition)
    criteria = ReviewCriterion.objects.filter(edition=reviewed_edition)
    first, second = ReviewerFactory(full_name="Anna Prima"), ReviewerFactory(full_name="Bruno B")
    score_application(
        application, reviewer=first, scores={c.pk: 4 for c in criteria}, comment="Commento A"
    )
    score_application(
        application, reviewer=second, scores={c.pk: 2 for c in criteria}, comment="Commento B"
    )
    login(client, StaffFactory())
    with django_assert_max_num_queries(14):
        response = client.get(reverse("participations:staff_application", args=[application.pk]))
    content = text(response)
    for expected in ("Anna Prima", "Bruno B", "Commento A", "Commento B", "Qualità"):
        assert expected in content
    assert [r.weighted_average for r in response.context["reviews"]] == [4.0, 2.0]


@pytest.mark.parametrize(
    ("decision", "template_subject"),
    [
        (State.ACCEPTED, "la vostra candidatura è stata accettata"),
        (State.REJECTED, "esito della vostra candidatura"),
        (State.CHANGES_REQUESTED, "modifiche richieste alla vostra candidatura"),
    ],
)
def test_staff_decide_and_the_members_are_mailed(
    client, decision, template_subject, django_capture_on_commit_callbacks
):
    application = SubmittedApplicationFactory()
    owner = MembershipFactory(organisation=application.organisation).user
    colleague = MembershipFactory(organisation=application.organisation).user
    staff = StaffFactory()
    login(client, staff)
    url = reverse("participations:staff_application", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": decision, "note": "Nota dello staff"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == decision
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, colleague.email])
    assert {m.subject for m in mail.outbox} == {f"{application.edition.title}: {template_subject}"}


def test_staff_decision_without_a_note_for_rejection_keeps_the_form(client):
    application = SubmittedApplicationFactory()
    login(client, StaffFactory())
    response = client.post(
        reverse("participations:staff_application", args=[application.pk]),
        {"decision": State.REJECTED, "note": ""},
    )
    assert response.status_code == 200
    assert "Spiegate all'organizzazione il motivo della decisione." in (text(response))
    assert Application.objects.get().state == State.SUBMITTED


def test_staff_decision_on_a_decided_application_shows_the_domain_error(client):
    application = AcceptedApplicationFactory()
    login(client, StaffFactory())
    response = client.post(
        reverse("participations:staff_application", args=[application.pk]),
        {"decision": State.REJECTED, "note": "Ci ripensiamo"},
    )
    assert response.status_code == 200
    assert "non può diventare" in text(response)
    assert Application.objects.get().state == State.ACCEPTED


def test_staff_manage_criteria(client):
    edition = EditionFactory()
    login(client, StaffFactory())
    create_url = reverse("participations:staff_criterion_create", args=[edition.year])
    data = {
        "name_it": "Qualità della visita",
        "name_en": "Quality of the visit",
        "description_it": "Cosa vedranno",
        "description_en": "",
        "weight": "3",
        "position": "1",
    }
    response = client.post(create_url, data)
    assert response.status_code == 302
    criterion = ReviewCriterion.objects.get()
    assert (criterion.edition, criterion.name_it, criterion.weight) == (
        edition,
        "Qualità della visita",
        3,
    )
    # The same name twice in one edition is refused with a clear error.
    response = client.post(create_url, {**data, "name_it": "qualità della visita"})
    assert response.status_code == 200
    assert "Questa edizione ha già un criterio con questo nome." in text(response)
    # Weight 0 is refused.
    response = client.post(create_url, {**data, "name_it": "Altro", "weight": "0"})
    assert response.status_code == 200
    assert ReviewCriterion.objects.count() == 1
    edit_url = reverse("participations:staff_criterion_edit", args=[criterion.pk])
    response = client.post(edit_url, {**data, "weight": "2"})
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.weight == 2
    content = client.get(reverse("participations:staff_criteria", args=[edition.year])).content
    assert "Qualità della visita" in content.decode()


def test_scores_survive_weights_in_the_staff_list(client):
    """The weighted average uses the criteria weights, read in the same query."""
    edition = EditionFactory()
    heavy = ReviewCriterionFactory(edition=edition, weight=4)
    light = ReviewCriterionFactory(edition=edition, weight=1)
    application = SubmittedApplicationFactory(edition=edition)
    score_application(
        application, reviewer=ReviewerFactory(), scores={heavy.pk: 5, light.pk: 0 + 1}
    )
    response = login(client, StaffFactory()).get(reverse("participations:staff_applications"))
    assert [a.weighted_score for a in response.context["applications"]] == [4.2]
    assert Score.objects.count() == 2


def test_edit_page_of_a_draft_after_the_call_closed_offers_no_submit(client, member):
    application = ApplicationFactory(
        organisation=org_of(member), edition=PhasedEditionFactory(in_review=True)
    )
    response = login(client, member).get(reverse("participations:edit", args=[application.pk]))
    content = text(response)
    assert "la bozza non si può più inviare" in content
    assert 'value="submit"' not in content
    # A forged submit is still refused by the service, and the draft is kept.
    response = client.post(
        reverse("participations:edit", args=[application.pk]),
        edit_data(action="submit"),
        follow=True,
    )
    assert "Le candidature si sono chiuse il" in text(response)
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.motivation == "Mostriamo la tornitura"
