"""Writes of the portal: articles, case studies, pictures, opportunities and the
newsletter (sign-up with double opt-in, unsubscribe, sending an issue)."""

import itertools

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from manifatture import outreach
from manifatture.accounts.models import Consent, User
from manifatture.accounts.privacy import record_consent
from manifatture.mail import send_templated_email
from manifatture.uploads import CleanImage

from . import tokens
from .exceptions import IssueAlreadySent, SlugTaken
from .models import (
    Article,
    CaseStudy,
    NewsImage,
    NewsletterIssue,
    Opportunity,
    Publishable,
    Subscriber,
)
from .tasks import BATCH_SIZE, deliver_newsletter


def _free_slug(model: type[Publishable], title: str, *, exclude_pk: int | None) -> str:
    base = slugify(title)[:200].strip("-") or "contenuto"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    candidate = base
    for n in itertools.count(2):
        if candidate not in taken:
            return candidate
        candidate = f"{base}-{n}"
    raise AssertionError("unreachable")


def _save_publishable(item: Publishable, *, by: User) -> Publishable:
    if not item.slug:
        item.slug = _free_slug(type(item), item.title_it, exclude_pk=item.pk)
    if item.author_id is None:
        item.author = by
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        # Two people saved the same address at the same moment.
        if type(item)._default_manager.filter(slug=item.slug).exclude(pk=item.pk).exists():
            raise SlugTaken from error
        raise
    return item


def save_article(article: Article, *, by: User) -> Article:
    """Create or update a news article; without a slug one is made from the title."""
    _save_publishable(article, by=by)
    return article


def save_case_study(case_study: CaseStudy, *, by: User) -> CaseStudy:
    """Create or update a case study about an organisation of the directory."""
    _save_publishable(case_study, by=by)
    return case_study


def upload_image(picture: CleanImage, *, alt_it: str, alt_en: str = "", by: User) -> NewsImage:
    """Store a picture already checked and re-encoded by `uploads.clean_image`."""
    with transaction.atomic():
        return NewsImage.objects.create(
            file=picture,
            width=picture.width,
            height=picture.height,
            alt_it=alt_it.strip(),
            alt_en=alt_en.strip(),
            uploaded_by=by,
        )


def save_opportunity(opportunity: Opportunity, *, by: User) -> Opportunity:
    if opportunity.created_by_id is None:
        opportunity.created_by = by
    with transaction.atomic():
        opportunity.save()
    return opportunity


def delete_opportunity(opportunity: Opportunity) -> None:
    with transaction.atomic():
        opportunity.delete()


def normalize_email(email: str) -> str:
    return email.strip().lower()


def subscribe(*, email: str, language: str, source: str, sender_key: str) -> Subscriber | None:
    """Record a sign-up and send the confirmation link (double opt-in).

    The caller always shows the same answer: whether the address was already
    subscribed is never told. An address already confirmed is left as it is
    (a stranger cannot change its language) and gets no e-mail; so is one
    whose confirmation link is still valid, or that had enough e-mails
    (manifatture/outreach.py): anyone can type any address here.

    Raises outreach.SenderLimitReached when `sender_key` (who fills in the
    form) signed up too many addresses, counted before any is looked at.
    Returns the subscriber the link was sent to, or None.
    """
    outreach.count_sender("newsletter", sender_key=sender_key)
    email = normalize_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is not None and subscriber.is_active:
            return None
        try:
            outreach.allow_recipient(
                "newsletter", recipient=email, link_valid_for=tokens.CONFIRM_MAX_AGE
            )
        except outreach.AimedEmailRefused:
            # Nothing changes: the link already sent stays the valid one.
            return None
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, language=language, source=source, consented_at=now
                    )
            except IntegrityError:
                # The same address signed up at the same moment: that one sends the link.
                return None
        else:
            subscriber.language = language
            subscriber.source = source
            subscriber.consented_at = now
            subscriber.save(update_fields=["language", "source", "consented_at"])
        record_consent(
            email=email,
            purpose=Consent.Purpose.NEWSLETTER,
            given=True,
            source=Consent.Source.NEWSLETTER,
        )
        _send_confirmation_on_commit(subscriber)
    return subscriber


def _send_confirmation_on_commit(subscriber: Subscriber) -> None:
    context = {
        "confirmation_url": tokens.confirmation_url(subscriber),
        "valid_days": tokens.CONFIRM_MAX_AGE // 86400,
    }
    transaction.on_commit(
        lambda: send_templated_email(
            [subscriber.email], "news/email/confirm_subscription", context, subscriber.language
        )
    )


def confirm_subscription(token: str) -> Subscriber:
    """Confirm the address a signed link was sent to (idempotent)."""
    subscriber = tokens.subscriber_to_confirm(token)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not subscriber.is_active:
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
            subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    outreach.forget_link("newsletter", subscriber.email)
    return subscriber


def unsubscribe(token: str) -> Subscriber:
    """Stop the newsletter for the address of a signed link (idempotent)."""
    subscriber = tokens.subscriber_to_unsubscribe(token)
    with transaction.atomic():
        if Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now()
        ):
            record_consent(
                email=subscriber.email,
                purpose=Consent.Purpose.NEWSLETTER,
                given=False,
                source=Consent.Source.NEWSLETTER,
            )
        subscriber.refresh_from_db(fields=["unsubscribed_at"])
    return subscriber


def stop_newsletter_for(user: User) -> None:
    """The person withdrew the newsletter consent from their account: the
    address they have on the account stops receiving it."""
    Subscriber.objects.filter(email__iexact=user.email, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


def erase_personal_data(user: User) -> None:
    """The person deletes their account: their address leaves the newsletter list."""
    Subscriber.objects.filter(email__iexact=user.email).delete()


def save_issue(issue: NewsletterIssue, *, by: User) -> NewsletterIssue:
    if issue.pk and NewsletterIssue.objects.filter(pk=issue.pk, sent_at__isnull=False).exists():
        raise IssueAlreadySent
    if issue.created_by_id is None:
        issue.created_by = by
    with transaction.atomic():
        issue.save()
    return issue


def send_issue(issue: NewsletterIssue, *, by: User) -> NewsletterIssue:
    """Send an issue once to every confirmed subscriber, each in their language,
    through the task queue in batches."""
    with transaction.atomic():
        recipients = list(
            Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Conditional update: of two clicks on "send", only one goes through.
        updated = NewsletterIssue.objects.filter(pk=issue.pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), sent_by=by, recipients=len(recipients)
        )
        if not updated:
            raise IssueAlreadySent
        issue.refresh_from_db()
        batches = [
            recipients[start : start + BATCH_SIZE]
            for start in range(0, len(recipients), BATCH_SIZE)
        ]
        transaction.on_commit(
            lambda: [
                deliver_newsletter.enqueue(issue_id=issue.pk, subscriber_ids=batch)
                for batch in batches
            ]
        )
    return issue
