"""The issue's "done when", through the pages: staff publish a space and a call
offering it; two organisations apply, one ineligible and told why before it
submits; reviewers score; the ranking is computed and published; the winner's
space shows as assigned on the map data."""

import datetime
import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory
from manifatture.calls.models import Application, Call, CallEvent
from manifatture.calls.tests.conftest import PDF, make_applicant
from manifatture.directory.tests.factories import ComuneFactory
from manifatture.spaces.models import Space

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def local(delta: datetime.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_from_a_census_space_to_its_assignment(client, django_capture_on_commit_callbacks):
    ComuneFactory()  # Milano
    staff = StaffFactory(full_name="Sara Staff")
    first_reviewer = ReviewerFactory(full_name="Rita Valutatrice")
    second_reviewer = ReviewerFactory(full_name="Carlo Valutatore")
    maker = make_applicant(name="Officina Quarto Oggiaro")  # ATECO 25.62, seat in Milano
    outsider = make_applicant(name="Studio Software Brescia", ateco="62.10.00", province="BS")

    # 1. Staff add a space to the census and publish it on the map.
    client.force_login(staff)
    response = client.post(
        reverse("spaces:manage_create"),
        {
            "name": "Ex mercato comunale Quarto Oggiaro",
            "address": "Via Lopez 3",
            "comune": "015146",
            "latitude": "45.516700",
            "longitude": "9.138900",
            "surface_m2": "600",
            "floors": "1",
            "condition": "fair",
            "current_use": "Vuoto",
            "is_published": "on",
        },
    )
    space = Space.objects.get()
    assert response.url == reverse("spaces:manage_edit", kwargs={"pk": space.pk})
    client.post(
        reverse("spaces:manage_status", kwargs={"pk": space.pk}),
        {"status": "available", "note": "Sopralluogo: agibile con piccoli lavori."},
    )

    # 2. Staff write a call offering it, with a criterion, a document and a committee.
    response = client.post(
        reverse("calls:staff_create"),
        {
            "kind": "spaces",
            "title_it": "Spazi in periferia per la nuova manifattura",
            "summary_it": "Uno spazio comunale a canone agevolato per chi produce in periferia.",
            "ateco_sections": ["C"],
            "requires_metro_seat": "on",
            "min_score": "50",
            "opens_at": local(-datetime.timedelta(hours=1)),
            "closes_at": local(datetime.timedelta(days=30)),
            "results_at": local(datetime.timedelta(days=60)),
            "spaces": [space.pk],
        },
    )
    call = Call.objects.get()
    assert response.url == reverse("calls:staff_call", kwargs={"pk": call.pk})
    client.post(
        reverse("calls:staff_criteria", kwargs={"pk": call.pk}),
        {
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-name_it": "Qualità del progetto",
            "criteria-0-weight": "2",
            "criteria-0-max_points": "10",
            "criteria-0-position": "0",
        },
    )
    criterion = call.criteria.get()
    client.post(
        reverse("calls:staff_documents", kwargs={"pk": call.pk}),
        {
            "document_requirements-TOTAL_FORMS": "1",
            "document_requirements-INITIAL_FORMS": "0",
            "document_requirements-MIN_NUM_FORMS": "0",
            "document_requirements-MAX_NUM_FORMS": "1000",
            "document_requirements-0-name_it": "Piano di attività",
            "document_requirements-0-required": "on",
            "document_requirements-0-allowed_types": ["pdf"],
            "document_requirements-0-max_size_mb": "5",
            "document_requirements-0-position": "0",
        },
    )
    requirement = call.document_requirements.get()
    for reviewer in (first_reviewer, second_reviewer):
        client.post(
            reverse("calls:staff_committee_add", kwargs={"pk": call.pk}),
            {"reviewer": reviewer.pk},
        )
    client.post(reverse("calls:staff_publish", kwargs={"pk": call.pk}))
    call.refresh_from_db()
    space.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    assert space.status == Space.Status.UNDER_CALL
    assert "Spazi in periferia per la nuova manifattura" in text(client.get(reverse("calls:list")))

    # 3. The ineligible organisation is told why, before it can even start.
    client.force_login(outsider.user)
    page = text(client.get(call.get_absolute_url()))
    assert "La vostra sede non è nella Città metropolitana di Milano." in page
    assert "Il codice ATECO 62.10.00 (sezione K) non è ammesso" in page
    client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": outsider.organisation.slug})
    )
    assert not Application.objects.filter(organisation=outsider.organisation).exists()

    # 4. The eligible organisation applies: draft, autosave, attachment, submission.
    client.force_login(maker.user)
    response = client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": maker.organisation.slug})
    )
    application = Application.objects.get(organisation=maker.organisation)
    assert application.requested_space == space  # the only space offered
    answers = {
        "project_summary": "Un laboratorio di carpenteria con corsi per i ragazzi del quartiere.",
        "requested_space": str(space.pk),
        f"answer_{criterion.pk}": "Tre posti di lavoro e cento ore di formazione all'anno.",
    }
    client.post(reverse("calls:autosave", kwargs={"pk": application.pk}), answers)
    client.post(
        reverse("calls:upload", kwargs={"pk": application.pk, "requirement_pk": requirement.pk}),
        {f"doc{requirement.pk}-file": SimpleUploadedFile("piano.pdf", PDF)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("calls:edit", kwargs={"pk": application.pk}), {**answers, "action": "submit"}
        )
    application.refresh_from_db()
    assert response.url == application.get_absolute_url()
    assert application.state == Application.State.SUBMITTED
    assert application.protocol.endswith("-000001")
    assert [m.to for m in mail.outbox] == [[maker.user.email]]
    assert application.protocol in mail.outbox[0].subject

    # 5. The deadline passes (the clock moves on; the call's dates move back).
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - datetime.timedelta(days=31), closes_at=now - datetime.timedelta(minutes=5)
    )

    # 6. Staff find it admissible; the committee declares and scores.
    client.force_login(staff)
    client.post(
        reverse("calls:staff_application", kwargs={"pk": application.pk}), {"admissible": "1"}
    )
    review_url = reverse("calls:review", kwargs={"pk": application.pk})
    client.force_login(first_reviewer)
    client.post(review_url, {"action": "declare", "has_conflict": "0"})
    client.post(review_url, {"action": "score", f"criterion_{criterion.pk}": "8"})
    client.force_login(second_reviewer)
    client.post(review_url, {"action": "declare", "has_conflict": "1", "note": "Ex socio"})
    response = client.post(review_url, {"action": "score", f"criterion_{criterion.pk}": "2"})
    assert "Avete dichiarato un conflitto di interessi" in text(response)

    # 7. Staff compute, approve and publish the ranking.
    client.force_login(staff)
    ranking_url = reverse("calls:staff_ranking", kwargs={"pk": call.pk})
    mail.outbox.clear()
    for action in ("compute", "approve"):
        client.post(ranking_url, {"action": action})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ranking_url, {"action": "publish"})
    call.refresh_from_db()
    assert call.status == Call.Status.RESULTS_PUBLISHED
    application.refresh_from_db()
    assert application.state == Application.State.AWARDED
    assert [m.to for m in mail.outbox] == [[maker.user.email]]

    # 8. The public ranking and the map show the outcome.
    client.logout()
    results = text(client.get(reverse("calls:results", kwargs={"slug": call.slug})))
    assert "Officina Quarto Oggiaro" in results
    assert "80,00" in results  # 8 of 10 from the one reviewer without a conflict
    assert "Vincitrice" in results
    assert "Ex socio" not in results
    features = client.get(reverse("spaces:map_data")).json()["features"]
    assert [(f["properties"]["name"], f["properties"]["status"]) for f in features] == [
        ("Ex mercato comunale Quarto Oggiaro", "assigned")
    ]
    space_page = text(client.get(space.get_absolute_url()))
    assert "Assegnato" in space_page
    assert [
        (change.from_status, change.to_status)
        for change in space.status_changes.order_by("changed_at", "pk")
    ] == [
        ("", "surveyed"),
        ("surveyed", "available"),
        ("available", "under_call"),
        ("under_call", "assigned"),
    ]

    # Every step is on record.
    actions = list(call.events.values_list("action", flat=True))
    Action = CallEvent.Action
    for expected in [
        Action.CALL_CREATED,
        Action.COMMITTEE_ADDED,
        Action.CALL_PUBLISHED,
        Action.STARTED,
        Action.ATTACHMENT_ADDED,
        Action.SUBMITTED,
        Action.ADMISSIBLE,
        Action.NO_CONFLICT,
        Action.REVIEWED,
        Action.CONFLICT,
        Action.RANKING_COMPUTED,
        Action.RANKING_APPROVED,
        Action.RESULTS_PUBLISHED,
        Action.NOTIFIED,
    ]:
        assert expected in actions
