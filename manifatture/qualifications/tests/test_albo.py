import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory.models import Membership
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.qualifications import queries, services
from manifatture.qualifications.exceptions import (
    AlreadyListed,
    CriteriaNotDeclared,
    DocumentsMissing,
    NotEligible,
    NotPending,
    PendingApplicationExists,
    RejectionNeedsReason,
    RenewalNotOpen,
)
from manifatture.qualifications.forms import sniff_document
from manifatture.qualifications.models import Criterion, Entry, Event, Reminder
from manifatture.qualifications.services import Upload
from manifatture.qualifications.tests.factories import (
    PDF,
    DocumentFactory,
    EntryFactory,
    FablabFactory,
    PendingEntryFactory,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def owner():
    return MembershipFactory(organisation=FablabFactory(name="FabLab Bovisa"))


def upload() -> Upload:
    return Upload(name="regolamento.pdf", content_type="application/pdf", data=PDF)


def apply(membership, **overrides):
    arguments = {
        "kind": Entry.Kind.FABLAB,
        "criteria": list(Criterion.objects.all()),
        "documents": [upload()],
        "submitted_by": membership.user,
    }
    return services.apply(membership.organisation, **{**arguments, **overrides})


# Applying -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_published_criteria_are_on_their_page(client):
    content = client.get(reverse("qualifications:criteria")).content.decode()

    assert Criterion.objects.count() == 5
    assert "Aperto al pubblico con orari pubblicati" in content
    assert "Sicurezza e assicurazione" in content


@pytest.mark.django_db
def test_apply_and_be_verified(client, owner, django_capture_on_commit_callbacks):
    """Done when: apply to the qualified list and be verified."""
    client.force_login(owner.user)
    document = SimpleUploadedFile("regolamento.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("qualifications:apply", kwargs={"slug": owner.organisation.slug}),
        {
            "kind": "fablab",
            "criteria": [c.pk for c in Criterion.objects.all()],
            "statement": "Aperti dal martedì al sabato.",
            "documents": [document],
        },
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert (entry.state, entry.documents.get().content_type) == ("submitted", "application/pdf")

    staff = StaffFactory()
    client.force_login(staff)
    queue = client.get(reverse("qualifications:review_queue")).content.decode()
    assert "FabLab Bovisa" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("qualifications:review", kwargs={"pk": entry.pk}), {"decision": "approve"}
        )

    entry.refresh_from_db()
    assert response.status_code == 302
    assert (entry.state, entry.valid_from, entry.expires_on) == (
        "approved",
        TODAY,
        TODAY + days(729),
    )
    assert [m.to for m in mail.outbox] == [[owner.user.email]]
    assert "FabLab Bovisa è iscritta all'albo" in mail.outbox[0].subject
    listing = client.get(reverse("qualifications:list")).content.decode()
    assert "FabLab Bovisa" in listing and f"{entry.expires_on:%-d}" in listing
    profile = client.get(owner.organisation.get_absolute_url()).content.decode()
    assert f"Albo · fino al {entry.expires_on:%d/%m/%Y}" in profile
    assert [e.action for e in entry.events.all()] == ["submitted", "approved"]


@pytest.mark.django_db
def test_every_criterion_must_be_declared(owner):
    with pytest.raises(CriteriaNotDeclared):
        apply(owner, criteria=list(Criterion.objects.all())[:-1])


@pytest.mark.django_db
def test_a_document_is_required(owner):
    with pytest.raises(DocumentsMissing):
        apply(owner, documents=[])


@pytest.mark.django_db
def test_only_fablabs_makerspaces_and_coworking_may_apply(owner):
    owner.organisation.category = "factory"
    owner.organisation.save()

    with pytest.raises(NotEligible):
        apply(owner)


@pytest.mark.django_db
def test_one_application_at_a_time(owner):
    apply(owner)

    with pytest.raises(PendingApplicationExists):
        apply(owner)


@pytest.mark.django_db
def test_a_listed_organisation_cannot_apply_again_before_the_renewal_window(owner):
    EntryFactory(organisation=owner.organisation, valid_from=TODAY, expires_on=TODAY + days(729))

    with pytest.raises(AlreadyListed):
        apply(owner)


def pdf_bytes() -> bytes:
    return PDF


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_documents_are_recognised_by_their_content():
    assert sniff_document(pdf_bytes()) == "application/pdf"
    assert sniff_document(png_bytes()) == "image/png"
    assert sniff_document(b"%PDF-1.4 but never ends") is None
    assert sniff_document(b"\x89PNG\r\n\x1a\n" + b"broken") is None
    assert sniff_document(b"MZ\x90\x00 an executable") is None
    assert sniff_document(b"<html><script>alert(1)</script>") is None


@pytest.mark.django_db
def test_a_document_that_is_not_what_it_says_is_refused(client, owner):
    client.force_login(owner.user)
    fake = SimpleUploadedFile("regolamento.pdf", b"<html>no</html>", content_type="application/pdf")

    response = client.post(
        reverse("qualifications:apply", kwargs={"slug": owner.organisation.slug}),
        {
            "kind": "fablab",
            "criteria": [c.pk for c in Criterion.objects.all()],
            "statement": "La nostra presentazione.",
            "documents": [fake],
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "non è un PDF, PNG o JPEG valido" in content
    assert "La nostra presentazione." in content
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_a_factory_sees_that_the_list_is_not_for_it(client):
    membership = MembershipFactory(organisation__category="factory")
    client.force_login(membership.user)

    response = client.get(
        reverse("qualifications:apply", kwargs={"slug": membership.organisation.slug})
    )

    assert "L&#x27;albo è riservato a fablab" in response.content.decode()
    main = response.content.decode().split('id="main-content"')[1].split("</main>")[0]
    assert "<form" not in main


# Documents are private -----------------------------------------------------------------


@pytest.mark.django_db
def test_documents_are_served_to_the_applicant_and_staff_only(client, owner):
    entry = PendingEntryFactory(organisation=owner.organisation)
    document = DocumentFactory(entry=entry)
    url = reverse("qualifications:document", kwargs={"pk": document.pk})

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(MembershipFactory().user)  # a member of another organisation
    assert client.get(url).status_code == 403

    client.force_login(owner.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="regolamento.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_someone_else_cannot_see_an_application(client, owner):
    entry = PendingEntryFactory(organisation=owner.organisation)
    client.force_login(MembershipFactory().user)

    assert client.get(entry.get_absolute_url()).status_code == 403
    assert client.get(reverse("qualifications:review_queue")).status_code == 403


# Verification -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_tells_the_applicant(
    client, owner, django_capture_on_commit_callbacks
):
    entry = apply(owner)
    staff = StaffFactory()

    with pytest.raises(RejectionNeedsReason):
        services.reject(entry, by=staff, reason="  ")
    client.force_login(staff)
    response = client.post(
        reverse("qualifications:review", kwargs={"pk": entry.pk}), {"decision": "reject"}
    )
    assert "Scrivete il motivo" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("qualifications:review", kwargs={"pk": entry.pk}),
            {"decision": "reject", "reason": "Manca la polizza assicurativa."},
        )

    entry.refresh_from_db()
    assert (entry.state, entry.rejection_reason) == ("rejected", "Manca la polizza assicurativa.")
    assert "Manca la polizza assicurativa." in mail.outbox[0].body
    assert queries.current_entry_of(owner.organisation) is None


@pytest.mark.django_db
def test_a_decided_application_cannot_be_decided_again(owner):
    entry = apply(owner)
    staff = StaffFactory()
    services.approve(entry, by=staff)

    with pytest.raises(NotPending):
        services.reject(entry, by=staff, reason="Ripensamento")


@pytest.mark.django_db
def test_the_applicant_may_withdraw_a_pending_application(client, owner):
    entry = apply(owner)
    client.force_login(owner.user)

    client.post(reverse("qualifications:withdraw", kwargs={"pk": entry.pk}))

    entry.refresh_from_db()
    assert entry.state == "withdrawn"
    assert list(entry.events.values_list("action", flat=True)) == ["submitted", "withdrawn"]


# Expiry and renewal ---------------------------------------------------------------------


@pytest.mark.django_db
def test_expired_entries_drop_off_the_list_by_date(client):
    EntryFactory(organisation__name="Valida", valid_from=TODAY - days(700), expires_on=TODAY)
    EntryFactory(organisation__name="Scaduta", valid_from=TODAY - days(730), expires_on=TODAY - DAY)
    EntryFactory(organisation__name="Futura", valid_from=TODAY + DAY, expires_on=TODAY + days(730))
    PendingEntryFactory(organisation__name="In verifica")

    listed = [
        e.organisation.name for e in client.get(reverse("qualifications:list")).context["entries"]
    ]
    tomorrow = [e.organisation.name for e in queries.public_list(today=TODAY + DAY)]

    assert listed == ["Valida"]
    assert tomorrow == ["Futura"]
    search = client.get(reverse("directory:search"), {"qualified": "on"}).context["page_obj"]
    assert [o.name for o in search] == ["Valida"]  # the directory filter follows the same rule


@pytest.mark.django_db
def test_renewal_opens_ninety_days_before_expiry(owner):
    current = EntryFactory(
        organisation=owner.organisation, valid_from=TODAY - days(600), expires_on=TODAY + days(91)
    )
    with pytest.raises(RenewalNotOpen):
        apply(owner, renews=current)

    current.expires_on = TODAY + days(90)
    current.save()
    renewal = apply(owner, renews=current)

    assert renewal.renews == current


@pytest.mark.django_db
def test_a_timely_renewal_starts_the_day_after_the_current_listing_ends(owner):
    current = EntryFactory(
        organisation=owner.organisation, valid_from=TODAY - days(700), expires_on=TODAY + days(29)
    )
    renewal = apply(owner)  # inside the window, an application is a renewal

    services.approve(renewal, by=StaffFactory())

    renewal.refresh_from_db()
    assert renewal.renews == current
    assert (renewal.valid_from, renewal.expires_on) == (TODAY + days(30), TODAY + days(759))
    assert queries.current_entry_of(owner.organisation, today=TODAY + days(29)) == current
    assert queries.current_entry_of(owner.organisation, today=TODAY + days(30)) == renewal


@pytest.mark.django_db
def test_renew_page_is_offered_only_within_the_window(client, owner):
    entry = EntryFactory(organisation=owner.organisation, expires_on=TODAY + days(60))
    client.force_login(owner.user)

    page = client.get(entry.get_absolute_url()).content.decode()
    assert reverse("qualifications:renew", kwargs={"pk": entry.pk}) in page
    renew = client.get(reverse("qualifications:renew", kwargs={"pk": entry.pk}))
    assert "<h1>Rinnovo dell'iscrizione all'albo</h1>" in renew.content.decode()

    entry.expires_on = TODAY + days(200)
    entry.save()
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Potrete rinnovarla dal" in page


@pytest.mark.django_db
def test_reminders_before_expiry_are_sent_once_each(owner, django_capture_on_commit_callbacks):
    entry = EntryFactory(organisation=owner.organisation, expires_on=TODAY + days(60))

    with django_capture_on_commit_callbacks(execute=True):
        at_60 = services.send_expiry_reminders(today=TODAY)
        again = services.send_expiry_reminders(today=TODAY + DAY)
        at_14 = services.send_expiry_reminders(today=TODAY + days(46))
        after = services.send_expiry_reminders(today=TODAY + days(47))

    assert (at_60, again, at_14, after) == (1, 0, 1, 0)
    assert [m.to for m in mail.outbox] == [[owner.user.email]] * 2
    assert "tra 60 giorni" in mail.outbox[0].body and "tra 14 giorni" in mail.outbox[1].body
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [14, 60]
    assert entry.events.filter(action=Event.Action.REMINDED).count() == 2


@pytest.mark.django_db
def test_a_renewal_in_verification_stops_the_reminders(owner, django_capture_on_commit_callbacks):
    EntryFactory(organisation=owner.organisation, expires_on=TODAY + days(30))
    apply(owner)

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_expiry_reminders(today=TODAY)

    assert sent == 0 and mail.outbox == []


@pytest.mark.django_db
def test_reminder_command(owner, django_capture_on_commit_callbacks):
    EntryFactory(organisation=owner.organisation, expires_on=TODAY + days(10))
    MembershipFactory(organisation=owner.organisation, role=Membership.Role.STAFF)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_albo_reminders", stdout=out)

    assert out.getvalue() == "1 reminders sent.\n"
    assert [m.to for m in mail.outbox] == [[owner.user.email]]  # owners, not staff members


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_list_page_queries_do_not_grow_with_entries(client, city, count, django_assert_num_queries):
    for n in range(count):
        entry = EntryFactory(organisation__name=f"Lab {n}")
        entry.organisation.sites.create(
            name="Sede",
            address="Via Cosenz 54",
            comune_id="015146",
            latitude=45.503,
            longitude=9.159,
            nil_id=77,
            municipio_id=9,
        )

    with django_assert_num_queries(2):  # entries with organisations, their sites
        response = client.get(reverse("qualifications:list"))

    assert len(response.context["entries"]) == count
