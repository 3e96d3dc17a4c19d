# ruff: noqa: F811  (the fixtures imported from test_matching)
"""Matching contacts can't be aimed at anyone: only organisations ranked for
the need, a daily cap per sender and per organisation, and the recipient can
report a message (city staff see it) and block the firm."""

import pytest
from django.core import mail
from django.urls import reverse

from manifatture import outreach
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.matching import services
from manifatture.matching.exceptions import NotAMatch, SenderBlocked
from manifatture.matching.models import Contact, ContactReport, SenderBlock

from .test_matching import candidates, firm, post  # noqa: F401  (fixtures)


def _contact_url(need, organisation) -> str:
    return reverse(
        "matching:contact_create", kwargs={"pk": need.pk, "organisation_pk": organisation.pk}
    )


@pytest.mark.django_db
def test_only_organisations_ranked_for_the_need_can_be_written_to(
    client, firm, candidates, django_capture_on_commit_callbacks
):
    need = post(firm)
    client.force_login(firm.user)
    # Listed and reachable, but not ranked: too far, or doing something else.
    for organisation in (candidates["far"], candidates["unrelated"]):
        with pytest.raises(NotAMatch):
            services.contact(need, recipient=organisation, sender=firm.user, message="Salve")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                _contact_url(need, organisation), {"message": "Salve"}, follow=True
            )
        assert response.status_code == 200
        assert NotAMatch.default_message in [str(m) for m in response.context["messages"]]

    assert not Contact.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_sender_has_a_daily_cap(
    settings, client, firm, candidates, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "email-contact-sender": (2, 86400)}
    need = post(firm)
    client.force_login(firm.user)
    ranked = [candidates["machine"], candidates["capability"], candidates["material"]]

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(_contact_url(need, lab), {"message": "Salve"}, follow=True)
            for lab in ranked
        ]

    assert Contact.objects.count() == 2
    assert len(mail.outbox) == 2
    refusal = [str(m) for m in answers[2].context["messages"]]
    assert len(refusal) == 1 and refusal[0].startswith(
        "Avete già fatto troppe richieste di questo tipo: riprovate tra"
    )
    # Another member of the firm is another sender; another firm's, too.
    with pytest.raises(outreach.SenderLimitReached):
        services.contact(need, recipient=ranked[2], sender=firm.user, message="Salve")


@pytest.mark.django_db
def test_an_organisation_receives_at_most_so_many_contacts_a_day(settings, firm, candidates):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "email-contact-recipient": (1, 86400)}
    lab = candidates["machine"]
    services.contact(post(firm), recipient=lab, sender=firm.user, message="Salve")
    other = MembershipFactory(organisation=firm.organisation)

    with pytest.raises(outreach.RecipientLimitReached):
        services.contact(
            post(firm, title="Altro"), recipient=lab, sender=other.user, message="Salve"
        )
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_the_recipient_reports_and_blocks_a_firm_and_staff_see_the_report(
    client, firm, candidates, django_capture_on_commit_callbacks
):
    lab = candidates["machine"]
    lab_owner = lab.memberships.get().user
    contact = services.contact(post(firm), recipient=lab, sender=firm.user, message="Offerta!")

    # Only the recipient reports: the sender and strangers can't.
    client.force_login(firm.user)
    url = reverse("matching:contact_report", kwargs={"pk": contact.pk})
    assert client.post(url, {"reason": "no"}).status_code == 404
    client.force_login(UserFactory())
    assert client.post(url, {"reason": "no"}).status_code == 403
    assert not ContactReport.objects.exists()

    client.force_login(lab_owner)
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Segnala e blocca l'impresa" in page
    response = client.post(url, {"reason": "Pubblicità ingannevole"})
    assert response.status_code == 302
    report = ContactReport.objects.get()
    assert (report.contact, report.reported_by, report.reason) == (
        contact,
        lab_owner,
        "Pubblicità ingannevole",
    )
    block = SenderBlock.objects.get()
    assert (block.recipient, block.sender_organisation, block.sender) == (
        lab,
        firm.organisation,
        firm.user,
    )

    # The firm can no longer write to the lab, and its page says so instead of a form.
    need = post(firm, title="Un'altra richiesta")
    with pytest.raises(SenderBlocked):
        services.contact(need, recipient=lab, sender=firm.user, message="Di nuovo")
    # Nor can the same person writing for another firm.
    other_firm = MembershipFactory(user=firm.user).organisation
    from manifatture.directory.tests.factories import SiteFactory

    SiteFactory(
        organisation=other_firm,
        latitude=firm.organisation.sites.get().latitude,
        longitude=firm.organisation.sites.get().longitude,
    )
    other_need = services.post_need(
        other_firm,
        created_by=firm.user,
        title="Pannelli",
        capabilities=list(need.capabilities.all()),
        materials=[],
        site=other_firm.sites.get(),
        max_distance_km=5,
    )
    with pytest.raises(SenderBlocked):
        services.contact(other_need, recipient=lab, sender=firm.user, message="Sono io")
    client.force_login(firm.user)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Questa realtà ha scelto di non ricevere altri messaggi dalla vostra impresa." in page
    assert Contact.objects.count() == 1

    # City staff see the report; others don't reach the page.
    assert client.get(reverse("matching:reports")).status_code == 403
    client.force_login(StaffFactory())
    reports = client.get(reverse("matching:reports"))
    assert reports.status_code == 200
    assert "Pubblicità ingannevole" in reports.content.decode()
    assert "Arredi Bovisa" in reports.content.decode()

    # The lab may change its mind.
    client.force_login(lab_owner)
    client.post(reverse("matching:contact_unblock", kwargs={"pk": contact.pk}))
    assert not SenderBlock.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.contact(need, recipient=lab, sender=firm.user, message="Di nuovo")
    assert Contact.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_reports_page_queries_do_not_grow(
    client, firm, candidates, count, django_assert_num_queries
):
    labs = [candidates["machine"], candidates["capability"], candidates["material"]][:count]
    for lab in labs:
        contact = services.contact(
            post(firm, title=lab.name), recipient=lab, sender=firm.user, message="x"
        )
        services.report_contact(contact, by=lab.memberships.get().user)
    client.force_login(StaffFactory())
    client.get(reverse("matching:reports"))  # warm up the session
    with django_assert_num_queries(3):
        client.get(reverse("matching:reports"))
