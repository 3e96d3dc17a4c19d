"""The portal in a real Chromium: accessibility (axe), CSP, and the editor's
"insert picture" button."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.calls.tests.factories import CallFactory
from manifatture.news import tokens
from manifatture.news.models import NewsImage
from tests.browser.support import axe_violations

from .conftest import make_image_bytes
from .factories import (
    ArticleFactory,
    CaseStudyFactory,
    NewsletterIssueFactory,
    OpportunityFactory,
    SubscriberFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def _log_in_as_staff(page, live_server) -> None:
    client = Client()
    client.force_login(StaffFactory())
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_public_portal_pages_are_accessible(page):
    article = ArticleFactory(body_it="## Sezione\n\nTesto con [un link](https://esempio.it).")
    case_study = CaseStudyFactory(body_it="Una storia.\n\n- uno\n- due")
    OpportunityFactory(url="https://esempio.it/evento")
    OpportunityFactory(kind="call", starts_on=None, deadline="2099-01-31", url="")
    CallFactory()
    subscriber = SubscriberFactory()
    for url in (
        reverse("news:portal"),
        reverse("news:articles"),
        article.get_absolute_url(),
        reverse("news:case_studies"),
        case_study.get_absolute_url(),
        reverse("news:opportunities"),
        reverse("news:newsletter"),
        reverse("news:newsletter_check_inbox"),
        reverse("news:newsletter_unsubscribe", args=[tokens.unsubscribe_token(subscriber)]),
    ):
        page.goto(url)
        check(page)


def test_newsletter_form_errors_are_accessible(page):
    page.goto(reverse("news:newsletter"))
    page.get_by_label("Indirizzo e-mail").fill("anna@esempio.it")
    page.get_by_role("button", name="Iscriviti alla newsletter").click()
    expect(page.locator("#id_consent_error")).to_contain_text(
        "Per iscrivervi serve il vostro consenso"
    )
    assert page.get_by_label("Indirizzo e-mail").input_value() == "anna@esempio.it"
    check(page)


def test_staff_portal_pages_are_accessible(page, live_server):
    ArticleFactory()
    CaseStudyFactory()
    OpportunityFactory()
    issue = NewsletterIssueFactory()
    _log_in_as_staff(page, live_server)
    for url in (
        reverse("news:staff_home"),
        reverse("news:staff_article_create"),
        reverse("news:staff_case_study_create"),
        reverse("news:staff_opportunity_create"),
        reverse("news:staff_images"),
        reverse("news:staff_newsletter"),
        reverse("news:staff_issue_create"),
        reverse("news:staff_issue_send", args=[issue.pk]),
    ):
        page.goto(url)
        check(page)


def test_the_insert_button_puts_the_picture_code_in_the_text(page, live_server):
    image = NewsImage.objects.create(
        file=ContentFile(make_image_bytes(), name="forno.jpg"), width=64, height=48, alt_it="Forno"
    )
    _log_in_as_staff(page, live_server)
    page.goto(reverse("news:staff_article_create"))

    body = page.get_by_label("Testo in italiano")
    body.fill("Primo paragrafo.")
    body.press("End")
    page.get_by_role("button", name="Inserisci Forno").click()

    assert body.input_value() == f"Primo paragrafo.\n\n![Forno](immagine:{image.pk})\n\n"
    assert page.js_errors == []
