"""Signed links for the newsletter. The confirmation link is tied to the latest
consent and expires; the unsubscribe link in every newsletter never expires."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .exceptions import ExpiredNewsletterLink, InvalidNewsletterLink
from .models import Subscriber

CONFIRM_SALT = "manifatture.news.newsletter-confirm"
UNSUBSCRIBE_SALT = "manifatture.news.newsletter-unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def confirmation_token(subscriber: Subscriber) -> str:
    # The consent moment is signed too: a link from an earlier sign-up stops
    # working once the person has unsubscribed or signed up again.
    return signing.dumps(
        {"s": subscriber.pk, "e": subscriber.email, "c": subscriber.consented_at.isoformat()},
        salt=CONFIRM_SALT,
    )


def unsubscribe_token(subscriber: Subscriber) -> str:
    # No time stamp: the same link in every issue, valid for good.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"s": subscriber.pk, "e": subscriber.email}
    )


def confirmation_url(subscriber: Subscriber) -> str:
    token = confirmation_token(subscriber)
    return _absolute(reverse("news:newsletter_confirm", kwargs={"token": token}))


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = unsubscribe_token(subscriber)
    return _absolute(reverse("news:newsletter_unsubscribe", kwargs={"token": token}))


def _load(token: str, *, salt: str, max_age: int | None = None) -> dict:
    try:
        if max_age is None:
            data = signing.Signer(salt=salt).unsign_object(token)
        else:
            data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredNewsletterLink from error
    except signing.BadSignature as error:
        raise InvalidNewsletterLink from error
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise InvalidNewsletterLink
    return data


def subscriber_to_confirm(token: str) -> Subscriber:
    """The subscriber a confirmation link is for, if the link is still good."""
    data = _load(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    subscriber = Subscriber.objects.filter(pk=data["s"], email=data.get("e")).first()
    if subscriber is None or subscriber.consented_at.isoformat() != data.get("c"):
        raise InvalidNewsletterLink
    if subscriber.unsubscribed_at and subscriber.unsubscribed_at >= subscriber.consented_at:
        # Unsubscribed since this consent: only a new sign-up brings them back.
        raise InvalidNewsletterLink
    return subscriber


def subscriber_to_unsubscribe(token: str) -> Subscriber:
    data = _load(token, salt=UNSUBSCRIBE_SALT)
    subscriber = Subscriber.objects.filter(pk=data["s"], email=data.get("e")).first()
    if subscriber is None:
        raise InvalidNewsletterLink
    return subscriber
