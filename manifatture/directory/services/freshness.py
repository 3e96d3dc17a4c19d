"""Profiles kept fresh: the owners confirm once a year by a one-click link;
profiles not confirmed are archived until they are."""

import datetime
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from manifatture.mail import send_templated_email

from .. import conf
from ..exceptions import ConfirmationLinkInvalid
from ..models import Membership, Organisation
from ..queries import due_for_confirmation

CONFIRM_SALT = "directory.confirm-profile"


def confirmation_token(organisation: Organisation) -> str:
    """A signed token for the one-click link; it stops working once the profile is
    confirmed (it carries the confirmation date it was issued for)."""
    return signing.dumps(
        {"o": organisation.pk, "c": int(organisation.last_confirmed_at.timestamp())},
        salt=CONFIRM_SALT,
        compress=True,
    )


def organisation_for_token(token: str) -> Organisation:
    max_age = conf.confirm_link_max_age()
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ConfirmationLinkInvalid(ConfirmationLinkInvalid.expired) from error
    except signing.BadSignature as error:
        raise ConfirmationLinkInvalid from error
    organisation = Organisation.objects.filter(pk=data["o"]).first()
    if organisation is None:
        raise ConfirmationLinkInvalid
    if int(organisation.last_confirmed_at.timestamp()) != data["c"]:
        raise ConfirmationLinkInvalid(ConfirmationLinkInvalid.already_used)
    return organisation


def confirm_organisation(organisation: Organisation) -> Organisation:
    """The owners say the profile is still right: it is fresh again for a year and,
    if it had been archived for lack of confirmation, back in search and on the map."""
    with transaction.atomic():
        organisation.last_confirmed_at = timezone.now()
        organisation.confirmation_requested_at = None
        fields = ["last_confirmed_at", "confirmation_requested_at"]
        if organisation.archive_reason == Organisation.ArchiveReason.STALE:
            organisation.archived_at = None
            organisation.archive_reason = ""
            fields += ["archived_at", "archive_reason"]
        organisation.save(update_fields=fields)
    return organisation


def confirmation_recipients(organisation: Organisation) -> list[tuple[str, str]]:
    """(address, language) of the owners, or the contact address if it has none."""
    owners = [
        (m.user.email, m.user.language)
        for m in organisation.memberships.all()
        if m.role == Membership.Role.OWNER and m.user.is_active
    ]
    if owners:
        return owners
    return [(organisation.contact_email, "it")] if organisation.contact_email else []


def request_confirmations(*, now: datetime.datetime | None = None) -> int:
    """E-mail the owners of every profile not confirmed for a year, once per year:
    a profile is asked again only after it has been confirmed. Returns how many
    organisations were asked. Safe to run every day (idempotent)."""
    now = now or timezone.now()
    asked = 0
    for organisation in due_for_confirmation(now=now):
        recipients = confirmation_recipients(organisation)
        with transaction.atomic():
            # The conditional update makes two runs at once ask only once.
            claimed = Organisation.objects.filter(
                pk=organisation.pk, confirmation_requested_at__isnull=True
            ).update(confirmation_requested_at=now)
            if not claimed or not recipients:
                continue
            url = settings.SITE_URL.rstrip("/") + (
                reverse("directory:confirm", kwargs={"token": confirmation_token(organisation)})
            )
            context = {"organisation": organisation, "confirm_url": url}
            for email, language in recipients:
                transaction.on_commit(
                    partial(
                        send_templated_email,
                        [email],
                        "directory/email/confirm_profile",
                        context,
                        language,
                    )
                )
        asked += 1
    return asked


def archive_stale(*, now: datetime.datetime | None = None) -> int:
    """Archive the profiles not confirmed for DIRECTORY_ARCHIVE_AFTER_DAYS: they leave
    search and the map, and come back when an owner confirms. Returns how many."""
    now = now or timezone.now()
    limit = now - conf.archive_after()
    with transaction.atomic():
        return Organisation.objects.filter(
            archived_at__isnull=True, last_confirmed_at__lt=limit
        ).update(archived_at=now, archive_reason=Organisation.ArchiveReason.STALE)
