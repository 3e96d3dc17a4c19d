"""Applying: eligibility before starting, drafts and autosave, attachments,
submission with protocol and receipt, deadlines, and who sees what."""

import datetime
import html

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.calls import services
from manifatture.calls.exceptions import DeadlinePassed, NotADraft, NotAMember, NotEligible
from manifatture.calls.models import Application, Attachment, Call, CallEvent
from manifatture.calls.storage import private_storage
from manifatture.calls.tests.conftest import PDF, make_applicant
from manifatture.calls.tests.factories import (
    ApplicationFactory,
    CallFactory,
    CommitteeMemberFactory,
    CriterionFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db
Action = CallEvent.Action


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def call():
    call = CallFactory(title_it="Bando Macchinari 2026")
    CriterionFactory(call=call, name_it="Qualità del progetto")
    RequirementFactory(call=call, name_it="Piano di investimento", allowed_types=["pdf"])
    return call


def complete_form(call, **overrides) -> dict:
    data = {
        "project_summary": "Un tornio a controllo numerico per piccole serie.",
        "amount_requested": "12000",
        "action": "save",
    }
    for criterion in call.criteria.all():
        data[f"answer_{criterion.pk}"] = "Lavoriamo con tre scuole del quartiere."
    data.update(overrides)
    return data


def start(client, applicant, call) -> Application:
    client.force_login(applicant.user)
    response = client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": applicant.organisation.slug})
    )
    application = Application.objects.get(organisation=applicant.organisation)
    assert response.url == reverse("calls:edit", kwargs={"pk": application.pk})
    return application


def attach(application, requirement, user, content=PDF, name="piano.pdf"):
    from manifatture.calls.uploads import check_attachment

    upload = SimpleUploadedFile(name, content)
    checked = check_attachment(upload, requirement)
    return services.add_attachment(
        application, requirement=requirement, upload=upload, checked=checked, by=user
    )


def submitted(applicant, call) -> Application:
    application = ApplicationFactory(
        call=call,
        organisation=applicant.organisation,
        answers={str(c.pk): "Risposta" for c in call.criteria.all()},
    )
    for requirement in call.document_requirements.all():
        attach(application, requirement, applicant.user)
    return services.submit_application(application, by=applicant.user)


def close(call) -> None:
    """Time passes: the deadline is now behind us."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - datetime.timedelta(days=20), closes_at=now - datetime.timedelta(minutes=1)
    )
    call.refresh_from_db()


# Starting -------------------------------------------------------------------------------


def test_call_page_tells_an_ineligible_organisation_why_before_it_starts(client, call):
    far = make_applicant(province="BS", ateco="62.10.00", name="Software Bresciano")
    client.force_login(far.user)
    content = text(client.get(call.get_absolute_url()))
    assert "Non potete candidarvi:" in content
    assert "La vostra sede non è nella Città metropolitana di Milano." in content
    assert "Il codice ATECO 62.10.00 (sezione K) non è ammesso" in content
    assert (
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": far.organisation.slug})
        not in content
    )
    response = client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": far.organisation.slug}),
        follow=True,
    )
    assert "La vostra sede non è nella Città metropolitana di Milano." in text(response)
    assert not Application.objects.exists()


def test_an_eligible_member_starts_a_draft(client, call, applicant):
    content = text(client.get(call.get_absolute_url()))
    assert "Accedi" in content
    client.force_login(applicant.user)
    assert "Inizia la domanda" in text(client.get(call.get_absolute_url()))
    application = start(client, applicant, call)
    assert application.state == Application.State.DRAFT
    assert application.created_by == applicant.user
    assert list(application.events.values_list("action", flat=True)) == [Action.STARTED]
    # A second click goes back to the same draft.
    again = client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": applicant.organisation.slug})
    )
    assert again.url == reverse("calls:edit", kwargs={"pk": application.pk})
    assert Application.objects.count() == 1


def test_only_members_apply_for_their_organisation(client, call, applicant):
    client.force_login(UserFactory())
    response = client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": applicant.organisation.slug})
    )
    assert response.status_code == 403
    with pytest.raises(NotAMember):
        services.start_application(call, organisation=applicant.organisation, by=UserFactory())
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "status", "message"),
    [
        (1, 10, Call.Status.PUBLISHED, "Il bando non accetta domande in questo momento."),
        (-10, -1, Call.Status.PUBLISHED, "Le domande si sono chiuse il"),
    ],
)
def test_no_draft_outside_the_call_dates(client, applicant, opens, closes, status, message):
    now = timezone.now()
    call = CallFactory(
        opens_at=now + datetime.timedelta(days=opens),
        closes_at=now + datetime.timedelta(days=closes),
        status=status,
    )
    client.force_login(applicant.user)
    response = client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": applicant.organisation.slug}),
        follow=True,
    )
    assert message in text(response)
    assert not Application.objects.exists()


def test_a_call_in_preparation_is_not_public(client, applicant):
    call = CallFactory(status=Call.Status.DRAFT, published_at=None)
    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(applicant.user)
    response = client.post(
        reverse("calls:apply", kwargs={"slug": call.slug, "org_slug": applicant.organisation.slug})
    )
    assert response.status_code == 404


# Drafts ----------------------------------------------------------------------------------


def test_save_button_keeps_the_draft(client, call, applicant):
    application = start(client, applicant, call)
    response = client.post(
        reverse("calls:edit", kwargs={"pk": application.pk}), complete_form(call)
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.project_summary.startswith("Un tornio")
    assert application.amount_requested == 12000
    criterion = call.criteria.get()
    assert application.answers == {str(criterion.pk): "Lavoriamo con tre scuole del quartiere."}
    assert application.state == Application.State.DRAFT


def test_autosave_saves_as_the_person_types(client, call, applicant):
    application = start(client, applicant, call)
    response = client.post(
        reverse("calls:autosave", kwargs={"pk": application.pk}),
        complete_form(call, project_summary="Prima bozza"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Bozza salvata automaticamente alle" in text(response)
    application.refresh_from_db()
    assert application.project_summary == "Prima bozza"
    edit_page = text(client.get(reverse("calls:edit", kwargs={"pk": application.pk})))
    autosave_url = reverse("calls:autosave", kwargs={"pk": application.pk})
    assert f'data-hx-post="{autosave_url}"' in edit_page


def test_autosave_with_a_wrong_value_says_so_and_saves_nothing(client, call, applicant):
    application = start(client, applicant, call)
    response = client.post(
        reverse("calls:autosave", kwargs={"pk": application.pk}),
        complete_form(call, amount_requested="999999", project_summary="Nuovo testo"),
    )
    assert "Bozza non salvata" in text(response)
    application.refresh_from_db()
    assert application.project_summary == ""


def test_a_wrong_amount_is_explained_with_the_text_kept(client, call, applicant):
    application = start(client, applicant, call)
    response = client.post(
        reverse("calls:edit", kwargs={"pk": application.pk}),
        complete_form(call, amount_requested="25000", project_summary="Testo lungo e pensato"),
    )
    assert response.status_code == 400
    content = text(response)
    assert "Il massimo per domanda è 20000" in content
    assert "Testo lungo e pensato" in content


# Attachments -------------------------------------------------------------------------------


def test_upload_is_checked_by_content_and_stored_privately_under_a_random_name(
    client, call, applicant
):
    application = start(client, applicant, call)
    requirement = call.document_requirements.get()
    url = reverse("calls:upload", kwargs={"pk": application.pk, "requirement_pk": requirement.pk})
    response = client.post(
        url, {f"doc{requirement.pk}-file": SimpleUploadedFile("Piano investimenti.pdf", PDF)}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Piano_investimenti.pdf"
    assert attachment.file.name.startswith(f"calls/{call.pk}/")
    assert attachment.file.name.endswith(".pdf")
    assert "Piano" not in attachment.file.name
    assert attachment.file.storage is private_storage
    assert private_storage.exists(attachment.file.name)
    assert attachment.content_type == "application/pdf"


def test_an_upload_with_the_wrong_content_is_refused_with_the_reason(client, call, applicant):
    application = start(client, applicant, call)
    requirement = call.document_requirements.get()
    url = reverse("calls:upload", kwargs={"pk": application.pk, "requirement_pk": requirement.pk})
    response = client.post(
        url,
        {f"doc{requirement.pk}-file": SimpleUploadedFile("piano.pdf", b"MZ\x90\x00" * 64)},
    )
    assert response.status_code == 400
    assert "non è in un formato ammesso per questo documento (PDF)" in text(response)
    assert not Attachment.objects.exists()


def test_an_upload_over_the_limit_is_refused(client, call, applicant):
    application = start(client, applicant, call)
    requirement = call.document_requirements.get()  # 1 MB
    url = reverse("calls:upload", kwargs={"pk": application.pk, "requirement_pk": requirement.pk})
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(url, {f"doc{requirement.pk}-file": SimpleUploadedFile("p.pdf", big)})
    assert response.status_code == 400
    assert "per questo documento il massimo è 1 MB." in text(response)
    assert not Attachment.objects.exists()


def test_a_new_upload_replaces_the_previous_file(
    call, applicant, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(call=call, organisation=applicant.organisation)
    requirement = call.document_requirements.get()
    first = attach(application, requirement, applicant.user)
    old_name = first.file.name
    with_new = PDF + b"% seconda versione\n"
    with django_capture_on_commit_callbacks(execute=True):
        second = attach(application, requirement, applicant.user, content=with_new)
    assert Attachment.objects.get() == second
    assert not private_storage.exists(old_name)


def test_without_a_private_storage_setting_files_live_outside_media_root(settings):
    settings.STORAGES = {key: value for key, value in settings.STORAGES.items() if key != "private"}
    settings.PRIVATE_MEDIA_ROOT = settings.BASE_DIR / "private_media_test"
    location = private_storage.location
    assert str(location) == str(settings.BASE_DIR / "private_media_test")
    assert not str(location).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        private_storage.url("calls/1/x.pdf")


# Submission -------------------------------------------------------------------------------


def test_submission_gives_a_protocol_a_time_stamp_and_an_emailed_receipt(
    client, call, applicant, django_capture_on_commit_callbacks
):
    applicant.user.language = "it"
    applicant.user.save()
    application = start(client, applicant, call)
    attach(application, call.document_requirements.get(), applicant.user)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("calls:edit", kwargs={"pk": application.pk}),
            complete_form(call, action="submit"),
        )
    assert response.status_code == 302
    application.refresh_from_db()
    year = timezone.localtime(application.submitted_at).year
    assert application.state == Application.State.SUBMITTED
    assert application.protocol == f"MA-{year}-000001"
    assert application.protocol_seq == 1
    assert application.submitted_at >= before
    assert application.submitted_by == applicant.user
    (message,) = mail.outbox
    assert message.to == [applicant.user.email]
    assert message.subject == f"Ricevuta MA-{year}-000001: domanda al bando «Bando Macchinari 2026»"
    assert application.attachments.get().sha256 in message.body
    receipt = text(client.get(application.get_absolute_url()))
    assert f"MA-{year}-000001" in receipt
    assert Action.SUBMITTED in application.events.values_list("action", flat=True)


def test_protocol_numbers_are_sequential_per_call(call):
    first = submitted(make_applicant(), call)
    second = submitted(make_applicant(), call)
    other_call = CallFactory()
    CriterionFactory(call=other_call)
    third = submitted(make_applicant(), other_call)
    assert (first.protocol_seq, second.protocol_seq, third.protocol_seq) == (1, 2, 1)
    assert second.protocol.endswith("-000002")


def test_an_incomplete_draft_is_not_sent_and_says_what_is_missing(client, call, applicant):
    application = start(client, applicant, call)
    response = client.post(
        reverse("calls:edit", kwargs={"pk": application.pk}),
        complete_form(call, action="submit", project_summary=""),
    )
    assert response.status_code == 400
    content = text(response)
    assert "La bozza è salvata, ma per inviarla manca ancora:" in content
    assert "Descrivete il vostro progetto." in content
    assert "Allegate il documento «Piano di investimento»." in content
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT
    assert application.amount_requested == 12000  # what was typed is kept


def test_declaring_too_many_employees_blocks_submission(client, applicant):
    call = CallFactory(max_employees=9)
    CriterionFactory(call=call)
    application = start(client, applicant, call)
    response = client.post(
        reverse("calls:edit", kwargs={"pk": application.pk}),
        complete_form(call, employees="25", action="submit"),
    )
    assert response.status_code == 400
    assert (
        "Il bando è riservato a imprese con al massimo 9 addetti: ne avete dichiarati 25."
        in text(response)
    )
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT
    assert application.employees == 25


def test_an_organisation_that_lost_its_eligibility_cannot_submit(call, applicant):
    application = ApplicationFactory(
        call=call,
        organisation=applicant.organisation,
        answers={str(c.pk): "Risposta" for c in call.criteria.all()},
    )
    applicant.organisation.ateco_code = "62.10.00"
    applicant.organisation.save()
    with pytest.raises(NotEligible) as error:
        services.submit_application(application, by=applicant.user)
    assert error.value.reasons == [
        "Il codice ATECO 62.10.00 (sezione K) non è ammesso: il bando è aperto alle sezioni C."
    ]


def test_a_submitted_application_cannot_change(client, call, applicant):
    application = submitted(applicant, call)
    with pytest.raises(NotADraft):
        services.save_application(application, by=applicant.user, project_summary="Altro")
    client.force_login(applicant.user)
    response = client.get(reverse("calls:edit", kwargs={"pk": application.pk}))
    assert response.url == application.get_absolute_url()


# Deadlines ----------------------------------------------------------------------------------


def test_after_the_deadline_nothing_can_be_saved_uploaded_or_sent(client, call, applicant):
    application = ApplicationFactory(
        call=call,
        organisation=applicant.organisation,
        answers={str(c.pk): "Risposta" for c in call.criteria.all()},
    )
    requirement = call.document_requirements.get()
    attach(application, requirement, applicant.user)
    close(call)
    with pytest.raises(DeadlinePassed):
        services.save_application(application, by=applicant.user, project_summary="Tardi")
    with pytest.raises(DeadlinePassed):
        services.submit_application(application, by=applicant.user)
    with pytest.raises(DeadlinePassed):
        attach(application, requirement, applicant.user)
    with pytest.raises(DeadlinePassed):
        services.remove_attachment(application.attachments.get(), by=applicant.user)
    client.force_login(applicant.user)
    response = client.post(
        reverse("calls:edit", kwargs={"pk": application.pk}), complete_form(call, action="submit")
    )
    assert response.status_code == 400
    assert "Le domande si sono chiuse il" in text(response)
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT
    assert application.protocol == ""
    assert application.project_summary.startswith("Un nuovo tornio")


def test_one_second_before_the_deadline_is_still_in_time(call, applicant):
    application = ApplicationFactory(
        call=call,
        organisation=applicant.organisation,
        answers={str(c.pk): "Risposta" for c in call.criteria.all()},
    )
    attach(application, call.document_requirements.get(), applicant.user)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + datetime.timedelta(seconds=5))
    call.refresh_from_db()
    assert services.submit_application(application, by=applicant.user).protocol


# Who sees which application and attachment ------------------------------------------------


@pytest.fixture
def two_applications(call):
    """The other applicant's application first: it is what could leak."""
    other = make_applicant(name="Concorrente Srl")
    other_application = submitted(other, call)
    mine = make_applicant(name="Nostra Srl")
    my_application = submitted(mine, call)
    return mine, my_application, other, other_application


def test_members_see_their_application_and_attachment_not_the_others(client, two_applications):
    mine, my_application, _other, other_application = two_applications
    client.force_login(mine.user)
    assert client.get(my_application.get_absolute_url()).status_code == 200
    my_attachment = my_application.attachments.get()
    response = client.get(my_attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.get(other_application.get_absolute_url()).status_code == 403
    other_attachment = other_application.attachments.get()
    assert client.get(other_attachment.get_absolute_url()).status_code == 403
    # Nor through its own application's address with the other's attachment id.
    crossed = reverse(
        "calls:attachment", kwargs={"pk": my_application.pk, "attachment_pk": other_attachment.pk}
    )
    assert client.get(crossed).status_code == 404
    assert client.get(reverse("calls:edit", kwargs={"pk": other_application.pk})).status_code == 403
    mine_page = text(client.get(reverse("calls:mine")))
    assert "Nostra Srl" in mine_page
    assert "Concorrente Srl" not in mine_page


def test_attachments_are_served_as_downloads_with_the_detected_type(client, two_applications):
    mine, my_application, *_ = two_applications
    client.force_login(mine.user)
    response = client.get(my_application.attachments.get().get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="piano.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_anonymous_people_and_other_users_see_nothing(client, two_applications):
    _mine, my_application, *_ = two_applications
    attachment_url = my_application.attachments.get().get_absolute_url()
    response = client.get(attachment_url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(UserFactory())
    assert client.get(my_application.get_absolute_url()).status_code == 403
    assert client.get(attachment_url).status_code == 403


def test_staff_see_every_application(client, two_applications):
    _mine, my_application, _other, other_application = two_applications
    client.force_login(StaffFactory())
    for application in (my_application, other_application):
        assert client.get(application.get_absolute_url()).status_code == 200
        assert client.get(application.attachments.get().get_absolute_url()).status_code == 200


def test_committee_reads_only_admissible_applications_after_declaring_no_conflict(
    client, call, two_applications
):
    _mine, my_application, _other, other_application = two_applications
    reviewer = CommitteeMemberFactory(call=call).reviewer
    outsider = ReviewerFactory()  # a reviewer, not on this committee
    staff = StaffFactory()
    client.force_login(reviewer)
    attachment_url = my_application.attachments.get().get_absolute_url()
    # Submitted but not yet found admissible: not for the committee.
    assert client.get(my_application.get_absolute_url()).status_code == 403
    services.check_admissibility(my_application, admissible=True, by=staff)
    services.check_admissibility(other_application, admissible=True, by=staff)
    # Admissible, but no declaration yet.
    assert client.get(my_application.get_absolute_url()).status_code == 403
    assert client.get(attachment_url).status_code == 403
    services.declare_conflict(my_application, reviewer=reviewer, has_conflict=False)
    services.declare_conflict(other_application, reviewer=reviewer, has_conflict=True)
    assert client.get(my_application.get_absolute_url()).status_code == 200
    assert client.get(attachment_url).status_code == 200
    assert client.get(other_application.get_absolute_url()).status_code == 403
    assert client.get(other_application.attachments.get().get_absolute_url()).status_code == 403
    client.force_login(outsider)
    assert client.get(my_application.get_absolute_url()).status_code == 403
    assert client.get(attachment_url).status_code == 403


def test_applicants_do_not_see_the_committee_steps(client, call, two_applications):
    mine, my_application, *_ = two_applications
    reviewer = CommitteeMemberFactory(call=call, reviewer__full_name="Valeria Valutatrice").reviewer
    services.check_admissibility(my_application, admissible=True, by=StaffFactory())
    services.declare_conflict(my_application, reviewer=reviewer, has_conflict=False)
    client.force_login(mine.user)
    content = text(client.get(my_application.get_absolute_url()))
    assert "Domanda ammissibile" in content
    assert "Valeria Valutatrice" not in content
    assert "conflitto" not in content.lower()


# Pages and query counts --------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_call_list_queries_do_not_grow(client, django_assert_num_queries, count):
    CallFactory.create_batch(count)
    with django_assert_num_queries(1):
        response = client.get(reverse("calls:list"))
    assert response.status_code == 200


def test_call_list_groups_open_upcoming_and_closed(client):
    now = timezone.now()
    CallFactory(title_it="Aperto")
    CallFactory(
        title_it="In arrivo",
        opens_at=now + datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=9),
    )
    CallFactory(
        title_it="Chiuso",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=3),
    )
    CallFactory(title_it="Segreto", status=Call.Status.DRAFT, published_at=None)
    content = text(client.get(reverse("calls:list")))
    assert content.index("Bandi aperti") < content.index("Aperto</a>")
    assert content.index("Bandi in arrivo") < content.index("In arrivo</a>")
    assert content.index("Bandi chiusi") < content.index("Chiuso</a>")
    assert "Segreto" not in content


@pytest.mark.parametrize("count", [1, 3])
def test_call_page_queries_do_not_grow_with_the_persons_organisations(
    client, django_assert_max_num_queries, call, count
):
    user = make_applicant().user
    for _ in range(count - 1):
        other = make_applicant()
        other.organisation.memberships.create(user=user, role="staff")
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert text(response).count("Inizia la domanda") == count


@pytest.mark.parametrize("count", [1, 3])
def test_my_applications_queries_do_not_grow(client, django_assert_max_num_queries, count):
    user = UserFactory()
    for _ in range(count):
        applicant = make_applicant()
        applicant.organisation.memberships.create(user=user, role="staff")
        ApplicationFactory(organisation=applicant.organisation)
    client.force_login(user)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("calls:mine"))
    assert response.status_code == 200


def test_open_calls_for_the_portal():
    from manifatture.calls.queries import open_calls

    now = timezone.now()
    soon = CallFactory(closes_at=now + datetime.timedelta(days=2))
    later = CallFactory(closes_at=now + datetime.timedelta(days=20))
    CallFactory(status=Call.Status.DRAFT, published_at=None)
    CallFactory(
        opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(days=1)
    )
    CallFactory(opens_at=now + datetime.timedelta(days=1))
    assert list(open_calls()) == [soon, later]
    assert soon.get_absolute_url() == f"/bandi/{soon.slug}/"


def test_media_root_is_not_where_attachments_go(call, applicant):
    application = ApplicationFactory(call=call, organisation=applicant.organisation)
    attachment = attach(application, call.document_requirements.get(), applicant.user)
    assert attachment.file.storage is not None
    assert attachment.file.storage is private_storage
    assert settings.STORAGES["private"]["BACKEND"].endswith("InMemoryStorage")
