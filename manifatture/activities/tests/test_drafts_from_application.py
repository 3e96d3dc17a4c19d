"""From application to programme (issue 13, journey 3): accepting an
application puts the activities it proposed into programme management as
drafts; the host completes them and publishes; a draft is public nowhere."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.activities import services
from manifatture.activities.exceptions import ProgrammeError
from manifatture.activities.models import Activity, Language
from manifatture.activities.tests.factories import event_time
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.participations import services as participations
from manifatture.participations.models import ActivityKind
from manifatture.participations.tests.factories import (
    ProposedActivityFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(django_capture_on_commit_callbacks):
    """An application with two proposals (a visit, a talk), accepted by staff."""
    edition = PhasedEditionFactory(in_review=True, is_current=True)
    # Seeded by a migration, but a transactional test before this one may have emptied it.
    Language.objects.update_or_create(
        code="it", defaults={"name_it": "Italiano", "name_en": "Italian"}
    )
    application = SubmittedApplicationFactory(edition=edition)
    site = SiteFactory(organisation=application.organisation)
    member = MembershipFactory(organisation=application.organisation).user
    ProposedActivityFactory(
        application=application,
        kind=ActivityKind.GUIDED_VISIT,
        title="Visita alla fonderia",
        description="Come si cola il bronzo.",
        capacity=12,
        slots=3,
    )
    ProposedActivityFactory(
        application=application, kind=ActivityKind.TALK, title="Il bronzo oggi", description=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        participations.accept_application(application, by=StaffFactory())
    return application, site, member


def test_acceptance_drafts_the_proposed_activities(accepted):
    application, site, _member = accepted
    drafts = list(Activity.objects.order_by("pk"))
    assert [
        (a.status, a.kind, a.title_it, a.description_it, a.site, a.proposed.capacity)
        for a in drafts
    ] == [
        (
            "draft",
            ActivityKind.GUIDED_VISIT,
            "Visita alla fonderia",
            "Come si cola il bronzo.",
            site,
            12,
        ),
        ("draft", ActivityKind.TALK, "Il bronzo oggi", "", None, 15),
    ]
    assert {a.organisation_id for a in drafts} == {application.organisation_id}
    assert [list(a.languages.values_list("code", flat=True)) for a in drafts] == [["it"], ["it"]]
    # Once per proposal.
    assert services.create_drafts_from_application(application, by=None) == []
    assert Activity.objects.count() == 2


def test_the_acceptance_email_links_to_programme_management(accepted):
    _application, _site, member = accepted
    (message,) = [m for m in mail.outbox if member.email in m.to]
    assert "vi aspettano come bozze nella gestione del programma" in message.body
    assert reverse("activities:manage") in message.body


def test_a_draft_is_public_nowhere(client, accepted):
    draft = Activity.objects.get(kind=ActivityKind.GUIDED_VISIT)
    slot = services.add_slot(
        draft,
        starts_at=event_time(draft.edition, hour=10),
        ends_at=event_time(draft.edition, hour=11),
        capacity=12,
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("bookings:book", args=[slot.pk])).status_code == 302  # login first
    assert draft.title_it not in client.get(reverse("activities:programme")).content.decode()
    assert f"/programma/attivita/{draft.pk}/" not in client.get("/sitemap.xml").content.decode()
    client.force_login(StaffFactory())
    assert client.get(reverse("bookings:book", args=[slot.pk])).status_code == 404


def test_the_host_sees_the_drafts_completes_and_publishes_them(client, accepted):
    _application, _site, member = accepted
    draft = Activity.objects.get(kind=ActivityKind.GUIDED_VISIT)
    client.force_login(member)

    manage = client.get(reverse("activities:manage")).content.decode()
    assert "Visita alla fonderia" in manage and "Bozza" in manage
    page = client.get(reverse("activities:activity_edit", args=[draft.pk])).content.decode()
    assert "Nella candidatura avevate previsto 3 turni da 12 persone." in page
    assert 'name="capacity" value="12"' in page

    publish = reverse("activities:activity_publish", args=[draft.pk])
    response = client.post(publish, follow=True)
    assert "Prima di pubblicare aggiungete: almeno un turno." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft

    start = event_time(draft.edition, hour=10)
    services.add_slot(
        draft, starts_at=start, ends_at=start + datetime.timedelta(hours=1), capacity=12
    )
    client.post(publish)
    draft.refresh_from_db()
    assert draft.status == Activity.Status.PUBLISHED
    assert client.get(draft.get_absolute_url()).status_code == 200
    with pytest.raises(ProgrammeError):
        services.publish_activity(draft, by=member)


def test_a_draft_without_description_is_not_published(accepted):
    _application, _site, member = accepted
    talk = Activity.objects.get(kind=ActivityKind.TALK)
    with pytest.raises(ProgrammeError) as refused:
        services.publish_activity(talk, by=member)
    assert "una descrizione in italiano" in str(refused.value.message)
