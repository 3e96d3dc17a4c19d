"""Staff prepare, publish and follow calls."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.calls import services
from manifatture.calls.exceptions import CallNotEditable, CallsError, NotAllowed
from manifatture.calls.models import Call, CallCriterion, CallEvent, CommitteeMember
from manifatture.calls.tests.factories import (
    AdmissibleApplicationFactory,
    CallFactory,
    CommitteeMemberFactory,
    CriterionFactory,
    DraftCallFactory,
)
from manifatture.spaces.models import Space
from manifatture.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def local(delta: datetime.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def call_data(**overrides) -> dict:
    data = {
        "kind": "investment",
        "title_it": "Bando Digitale 2026",
        "summary_it": "Fino a 15.000 euro per digitalizzare la produzione.",
        "ateco_sections": ["C"],
        "requires_metro_seat": "on",
        "budget": "100000",
        "max_grant": "15000",
        "min_score": "60",
        "opens_at": local(datetime.timedelta(days=1)),
        "closes_at": local(datetime.timedelta(days=30)),
        "results_at": local(datetime.timedelta(days=60)),
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_staff_create_a_call(staff_client):
    response = staff_client.post(reverse("calls:staff_create"), call_data())
    call = Call.objects.get()
    assert response.url == reverse("calls:staff_call", kwargs={"pk": call.pk})
    assert call.slug == "bando-digitale-2026"
    assert call.status == Call.Status.DRAFT
    assert call.ateco_sections == ["C"]
    assert call.events.get().action == CallEvent.Action.CALL_CREATED


def test_dates_out_of_order_are_explained_with_everything_kept(staff_client):
    response = staff_client.post(
        reverse("calls:staff_create"),
        call_data(
            closes_at=local(datetime.timedelta(hours=1)),
            opens_at=local(datetime.timedelta(days=2)),
            results_at=local(datetime.timedelta(minutes=30)),
        ),
    )
    assert response.status_code == 200
    content = text(response)
    assert "La scadenza deve venire dopo l'apertura." in content
    assert "Fino a 15.000 euro per digitalizzare la produzione." in content
    assert not Call.objects.exists()


def test_an_investment_call_needs_a_budget(staff_client):
    response = staff_client.post(reverse("calls:staff_create"), call_data(budget=""))
    assert "Un bando di sostegno agli investimenti ha una dotazione." in text(response)


def test_criteria_are_added_with_a_formset(staff_client):
    call = DraftCallFactory()
    url = reverse("calls:staff_criteria", kwargs={"pk": call.pk})
    assert staff_client.get(url).status_code == 200
    data = {
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-name_it": "Innovazione",
        "criteria-0-weight": "3",
        "criteria-0-max_points": "10",
        "criteria-0-position": "0",
        "criteria-1-name_it": "",
        "criteria-1-weight": "1",
        "criteria-1-max_points": "10",
        "criteria-1-position": "0",  # an untouched extra row is skipped
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    criterion = CallCriterion.objects.get()
    assert (criterion.name_it, criterion.weight) == ("Innovazione", 3)
    data["criteria-0-weight"] = "0"
    response = staff_client.post(url, data)
    assert response.status_code == 400
    assert "Il peso è almeno 1." in text(response)


def test_documents_are_added_with_a_formset(staff_client):
    call = DraftCallFactory()
    url = reverse("calls:staff_documents", kwargs={"pk": call.pk})
    data = {
        "document_requirements-TOTAL_FORMS": "1",
        "document_requirements-INITIAL_FORMS": "0",
        "document_requirements-MIN_NUM_FORMS": "0",
        "document_requirements-MAX_NUM_FORMS": "1000",
        "document_requirements-0-name_it": "Visura camerale",
        "document_requirements-0-required": "on",
        "document_requirements-0-allowed_types": ["pdf", "jpeg"],
        "document_requirements-0-max_size_mb": "5",
        "document_requirements-0-position": "0",
    }
    assert staff_client.post(url, data).status_code == 302
    requirement = call.document_requirements.get()
    assert requirement.allowed_types == ["pdf", "jpeg"]
    assert requirement.allowed_labels == ["PDF", "JPEG"]


def test_publishing_a_spaces_call_puts_its_spaces_under_call(staff_client):
    space = SpaceFactory(status=Space.Status.AVAILABLE)
    call = DraftCallFactory(kind=Call.Kind.SPACES, budget=None, max_grant=None)
    call.spaces.set([space])
    CriterionFactory(call=call)
    response = staff_client.post(reverse("calls:staff_publish", kwargs={"pk": call.pk}))
    assert response.status_code == 302
    call.refresh_from_db()
    space.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    assert call.published_at is not None
    assert space.status == Space.Status.UNDER_CALL
    assert call.title_it in space.status_changes.order_by("-pk").first().note


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no_criteria", "Aggiungete almeno un criterio di valutazione."),
        ("no_spaces", "Scegliete almeno uno spazio da offrire."),
        ("unpublished_space", "non è pubblicato sulla mappa."),
        ("assigned_space", "è «Assegnato»: non si può offrire."),
        ("past_deadline", "La scadenza è già passata"),
    ],
)
def test_a_call_that_is_not_ready_is_not_published(staff_client, setup, message):
    call = DraftCallFactory(kind=Call.Kind.SPACES, budget=None, max_grant=None)
    if setup != "no_criteria":
        CriterionFactory(call=call)
    if setup == "unpublished_space":
        call.spaces.set([SpaceFactory(is_published=False)])
    elif setup == "assigned_space":
        call.spaces.set([SpaceFactory(status=Space.Status.ASSIGNED)])
    elif setup != "no_spaces":
        call.spaces.set([SpaceFactory()])
    if setup == "past_deadline":
        now = timezone.now()
        Call.objects.filter(pk=call.pk).update(
            opens_at=now - datetime.timedelta(days=5), closes_at=now - datetime.timedelta(days=1)
        )
    response = staff_client.post(
        reverse("calls:staff_publish", kwargs={"pk": call.pk}), follow=True
    )
    assert message in text(response)
    call.refresh_from_db()
    assert call.status == Call.Status.DRAFT


def test_a_published_call_keeps_its_rules(staff_client):
    call = CallFactory()
    CriterionFactory(call=call)
    response = staff_client.get(reverse("calls:staff_edit", kwargs={"pk": call.pk}))
    assert response.url == reverse("calls:staff_call", kwargs={"pk": call.pk})
    with pytest.raises(CallNotEditable):
        services.update_call(call, by=StaffFactory(), title_it="Altro")
    response = staff_client.post(
        reverse("calls:staff_criteria", kwargs={"pk": call.pk}),
        {
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-name_it": "Nuovo criterio",
            "criteria-0-weight": "1",
            "criteria-0-max_points": "10",
            "criteria-0-position": "0",
        },
        follow=True,
    )
    assert "Un bando pubblicato non si modifica" in text(response)
    assert call.criteria.count() == 1


def test_committee_members_are_reviewers(staff_client):
    call = CallFactory()
    reviewer = ReviewerFactory()
    visitor = UserFactory()
    url = reverse("calls:staff_committee_add", kwargs={"pk": call.pk})
    assert staff_client.post(url, {"reviewer": reviewer.pk}).status_code == 302
    assert list(call.committee.all()) == [reviewer]
    staff_client.post(url, {"reviewer": visitor.pk})
    assert list(call.committee.all()) == [reviewer]
    with pytest.raises(NotAllowed):
        services.add_committee_member(call, reviewer=visitor, by=StaffFactory())


def test_a_reviewer_who_scored_stays_on_the_committee():
    call = CallFactory()
    criterion = CriterionFactory(call=call)
    member = CommitteeMemberFactory(call=call)
    application = AdmissibleApplicationFactory(call=call)
    services.declare_conflict(application, reviewer=member.reviewer, has_conflict=False)
    services.score_application(application, reviewer=member.reviewer, points={criterion.pk: 3})
    with pytest.raises(CallsError):
        services.remove_committee_member(member, by=StaffFactory())
    assert CommitteeMember.objects.filter(pk=member.pk).exists()


def test_staff_pages_are_for_staff_only(client):
    call = CallFactory()
    client.force_login(ReviewerFactory())
    for name in ["staff_call", "staff_edit", "staff_criteria", "staff_documents", "staff_ranking"]:
        assert client.get(reverse(f"calls:{name}", kwargs={"pk": call.pk})).status_code == 403
    assert client.get(reverse("calls:staff_list")).status_code == 403
    assert client.post(reverse("calls:staff_publish", kwargs={"pk": call.pk})).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_staff_list_queries_do_not_grow(staff_client, django_assert_max_num_queries, count):
    CallFactory.create_batch(count)
    with django_assert_max_num_queries(3):
        response = staff_client.get(reverse("calls:staff_list"))
    assert response.status_code == 200
