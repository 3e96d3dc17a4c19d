"""Newsletter: double opt-in, never telling who is subscribed, one-click
unsubscribe, and issues sent through the task queue in each reader's language."""

import datetime
import re
import time
from unittest.mock import patch

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from manifatture.news import services, tokens
from manifatture.news.models import NewsletterIssue, Subscriber

from .factories import NewsletterIssueFactory, SubscriberFactory

SITE = "https://manifatture.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _sign_up(client, capture, email="Anna.Rossi@Esempio.it", language="it", source="portal"):
    with capture(execute=True):
        return client.post(
            reverse("news:newsletter"),
            {"email": email, "language": language, "consent": "on", "source": source},
        )


def _link(message, name: str) -> str:
    found = re.search(rf"{SITE}(/notizie/newsletter/{name}/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.mark.django_db
def test_sign_up_records_consent_and_sends_a_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    before = timezone.now()
    response = _sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("news:newsletter_check_inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "anna.rossi@esempio.it"
    assert subscriber.language == "it"
    assert subscriber.source == "portal"
    assert subscriber.consented_at >= before
    assert subscriber.confirmed_at is None
    assert not subscriber.is_active
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna.rossi@esempio.it"]
    assert message.subject == "Confermate l'iscrizione alla newsletter – Manifatture Aperte"
    assert "/notizie/newsletter/conferma/" in message.body


@pytest.mark.django_db
def test_consent_is_required_and_nothing_typed_is_lost(client):
    response = client.post(
        reverse("news:newsletter"), {"email": "anna@esempio.it", "language": "en"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "consent": ["Per iscrivervi serve il vostro consenso: spuntate la casella."]
    }
    assert 'value="anna@esempio.it"' in response.content.decode()
    assert Subscriber.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_source_counts_as_the_newsletter_page(
    client, django_capture_on_commit_callbacks
):
    _sign_up(client, django_capture_on_commit_callbacks, source="<script>")

    assert Subscriber.objects.get().source == "newsletter"


@pytest.mark.django_db
def test_confirmation_asks_on_get_and_confirms_on_post(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0], "conferma")

    page = client.get(link)
    assert page.status_code == 200
    assert "Sì, conferma l'iscrizione" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None  # a mail scanner's GET does not confirm

    done = client.post(link)
    assert done.status_code == 200
    assert "Grazie: la newsletter arriverà a anna.rossi@esempio.it." in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert subscriber.is_active

    # A second click changes nothing.
    confirmed_at = subscriber.confirmed_at
    client.post(link)
    assert Subscriber.objects.get().confirmed_at == confirmed_at


@pytest.mark.django_db
def test_a_tampered_confirmation_link_is_refused(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    forged = signing.dumps(
        {"s": subscriber.pk, "e": subscriber.email, "c": subscriber.consented_at.isoformat()},
        salt="qualcos'altro",
    )

    for token in [forged, "non-un-token", tokens.unsubscribe_token(subscriber)]:
        response = client.post(reverse("news:newsletter_confirm", kwargs={"token": token}))
        assert response.status_code == 400
        assert "Il link non è valido" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_an_expired_confirmation_link_is_refused(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    token = tokens.confirmation_token(subscriber)
    later = timezone.now() + datetime.timedelta(days=8)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: later.timestamp())
        response = client.post(reverse("news:newsletter_confirm", kwargs={"token": token}))

    assert response.status_code == 400
    assert "Il link di conferma è scaduto" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_signing_up_again_never_tells_and_never_changes_a_confirmed_address(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="anna@esempio.it", language="it", source="portal")
    new = _sign_up(client, django_capture_on_commit_callbacks, email="nuova@esempio.it")
    mail.outbox.clear()

    again = _sign_up(
        client, django_capture_on_commit_callbacks, email="ANNA@esempio.it", language="en"
    )

    assert again.status_code == new.status_code == 302
    assert again["Location"] == new["Location"]
    assert mail.outbox == []
    anna = Subscriber.objects.get(email="anna@esempio.it")
    assert anna.language == "it"
    assert anna.is_active
    assert Subscriber.objects.count() == 2
    page = client.get(again["Location"]).content.decode()
    assert "Se l'indirizzo non è già iscritto, vi abbiamo scritto" in page


@pytest.mark.django_db
def test_signing_up_again_while_the_link_is_valid_sends_nothing_and_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    """Anyone can type anyone's address: four sign-ups used to send four
    e-mails. While the link sent is valid, another sign-up (from anywhere, in
    any language) sends nothing, answers the same and keeps that link good."""
    _sign_up(client, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0], "conferma")

    answers = [
        _sign_up(
            client, django_capture_on_commit_callbacks, email="anna.rossi@esempio.it", language=lang
        )
        for lang in ("en", "it", "en")
    ]

    assert len(mail.outbox) == 1
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("news:newsletter_check_inbox"))
    }
    assert Subscriber.objects.get().language == "it"
    assert client.post(link).status_code == 200
    assert Subscriber.objects.get().is_active


@pytest.mark.django_db
def test_a_new_link_once_the_last_one_has_expired(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    old_link = _link(mail.outbox[0], "conferma")
    later = time.time() + tokens.CONFIRM_MAX_AGE + 1
    Subscriber.objects.update(consented_at=timezone.now() - datetime.timedelta(days=8))

    with patch("time.time", return_value=later):
        _sign_up(client, django_capture_on_commit_callbacks, language="en")

    assert len(mail.outbox) == 2
    assert Subscriber.objects.get().language == "en"
    assert client.post(old_link).status_code == 400
    assert client.post(_link(mail.outbox[1], "conferma")).status_code == 200


@pytest.mark.django_db
def test_unsubscribe_asks_on_get_and_unsubscribes_on_post(client):
    subscriber = SubscriberFactory(email="anna@esempio.it")
    url = reverse(
        "news:newsletter_unsubscribe", kwargs={"token": tokens.unsubscribe_token(subscriber)}
    )

    page = client.get(url)
    assert page.status_code == 200
    assert "Disiscrivimi" in page.content.decode()
    assert Subscriber.objects.get().is_active

    done = client.post(url)
    assert done.status_code == 200
    assert "L'indirizzo anna@esempio.it non riceverà più la newsletter." in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.is_active

    # Idempotent, and the page now says so.
    unsubscribed_at = subscriber.unsubscribed_at
    client.post(url)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == unsubscribed_at
    assert "non riceve più la newsletter" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_forged_unsubscribe_link_is_refused(client):
    subscriber = SubscriberFactory()
    forged = signing.Signer(salt="altro").sign_object({"s": subscriber.pk, "e": subscriber.email})

    response = client.post(reverse("news:newsletter_unsubscribe", kwargs={"token": forged}))

    assert response.status_code == 400
    assert Subscriber.objects.get().is_active


@pytest.mark.django_db
def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(
    client, django_capture_on_commit_callbacks
):
    _sign_up(client, django_capture_on_commit_callbacks)
    first_link = _link(mail.outbox[0], "conferma")
    client.post(first_link)
    subscriber = Subscriber.objects.get()
    services.unsubscribe(tokens.unsubscribe_token(subscriber))

    # The old confirmation link cannot undo the unsubscription.
    assert client.post(first_link).status_code == 400
    assert not Subscriber.objects.get().is_active

    _sign_up(client, django_capture_on_commit_callbacks)
    assert not Subscriber.objects.get().is_active
    client.post(_link(mail.outbox[-1], "conferma"))
    subscriber = Subscriber.objects.get()
    assert subscriber.is_active
    assert subscriber.unsubscribed_at is None


@pytest.fixture
def readers(db):
    return {
        "it": SubscriberFactory(email="it@esempio.it", language="it"),
        "en": SubscriberFactory(email="en@esempio.it", language="en"),
        "pending": SubscriberFactory(email="attesa@esempio.it", confirmed_at=None),
        "gone": SubscriberFactory(email="via@esempio.it", unsubscribed_at=timezone.now()),
    }


@pytest.mark.django_db
def test_staff_send_an_issue_to_confirmed_subscribers_in_their_language(
    staff_client, staff, readers, django_capture_on_commit_callbacks
):
    issue = NewsletterIssueFactory(
        subject_it="Novità di novembre",
        subject_en="November news",
        body_it="Leggete **le novità** & altro.",
        body_en="Read **the news**.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("news:staff_issue_send", kwargs={"pk": issue.pk}))

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.sent_at is not None
    assert issue.sent_by == staff
    assert issue.recipients == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["en@esempio.it", "it@esempio.it"]
    italian, english = by_address["it@esempio.it"], by_address["en@esempio.it"]
    assert italian.subject == "Novità di novembre"
    assert english.subject == "November news"
    assert italian.body.startswith("Leggete **le novità** & altro.\n")
    html = italian.alternatives[0].content
    assert "<p>Leggete <strong>le novità</strong> &amp; altro.</p>" in html
    assert "<p>Read <strong>the news</strong>.</p>" in english.alternatives[0].content
    # A personal unsubscribe link in every e-mail, in both parts.
    for address, message in by_address.items():
        token = tokens.unsubscribe_token(Subscriber.objects.get(email=address))
        url = SITE + reverse("news:newsletter_unsubscribe", kwargs={"token": token})
        assert url in message.body
        assert f'href="{url}"' in message.alternatives[0].content


@pytest.mark.django_db
def test_english_readers_get_italian_when_there_is_no_translation(
    readers, staff, django_capture_on_commit_callbacks
):
    issue = NewsletterIssueFactory(subject_it="Solo italiano", body_it="Testo.")

    with django_capture_on_commit_callbacks(execute=True):
        services.send_issue(issue, by=staff)

    assert sorted(m.subject for m in mail.outbox) == ["Solo italiano", "Solo italiano"]
    english = next(m for m in mail.outbox if m.to == ["en@esempio.it"])
    assert english.body.startswith("Testo.\n")


@pytest.mark.django_db
def test_an_issue_is_sent_only_once(staff_client, readers, django_capture_on_commit_callbacks):
    issue = NewsletterIssueFactory()
    url = reverse("news:staff_issue_send", kwargs={"pk": issue.pk})
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, follow=True)

    assert mail.outbox == []
    assert "Questo numero della newsletter è già stato inviato." in response.content.decode()
    # ... and can no longer be edited.
    edit = staff_client.get(reverse("news:staff_issue_edit", kwargs={"pk": issue.pk}))
    assert edit["Location"] == url


@pytest.mark.django_db
def test_people_who_unsubscribe_before_their_batch_runs_are_skipped(readers, staff):
    from manifatture.news.tasks import deliver_newsletter

    issue = NewsletterIssueFactory()
    readers["it"].unsubscribed_at = timezone.now()
    readers["it"].save()

    deliver_newsletter.call(issue_id=issue.pk, subscriber_ids=[r.pk for r in readers.values()])

    assert [m.to for m in mail.outbox] == [["en@esempio.it"]]


@pytest.mark.django_db
def test_staff_write_an_issue_then_review_it(staff_client, readers):
    response = staff_client.post(
        reverse("news:staff_issue_create"),
        {"subject_it": "Ciao", "subject_en": "", "body_it": "# Titolo\n\nTesto", "body_en": ""},
    )

    issue = NewsletterIssue.objects.get()
    assert response["Location"] == reverse("news:staff_issue_send", kwargs={"pk": issue.pk})
    page = staff_client.get(response["Location"]).content.decode()
    assert '<div class="news-body news-preview"><h2>Titolo</h2>\n<p>Testo</p></div>' in page
    assert "1 iscritto confermato in italiano · 1 iscritto confermato in inglese" in page
    assert mail.outbox == []


@pytest.mark.django_db
def test_only_staff_reach_the_newsletter_pages(client, readers):
    from manifatture.accounts.tests.factories import UserFactory

    issue = NewsletterIssueFactory()
    send_url = reverse("news:staff_issue_send", kwargs={"pk": issue.pk})
    assert client.post(send_url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.post(send_url).status_code == 403
    assert client.get(reverse("news:staff_newsletter")).status_code == 403
    issue.refresh_from_db()
    assert issue.sent_at is None
    assert mail.outbox == []


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_newsletter_batch_query_count(django_assert_num_queries, settings, count):
    from django_tasks_db.models import DBTaskResult

    from manifatture.news.tasks import deliver_newsletter

    # The production queue: the batch queues one e-mail task per person.
    settings.TASKS = {
        "default": {
            "BACKEND": "manifatture.operations.queue.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    issue = NewsletterIssueFactory()
    subscribers = SubscriberFactory.create_batch(count)
    # The issue, the subscribers, then one INSERT per queued e-mail.
    with django_assert_num_queries(2 + count):
        deliver_newsletter.call(issue_id=issue.pk, subscriber_ids=[s.pk for s in subscribers])
    assert DBTaskResult.objects.filter(task_path="manifatture.mail.send_email").count() == count
