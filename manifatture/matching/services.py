"""Writes for matching: needs, contacts and replies, with their e-mails."""

import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from manifatture import outreach
from manifatture.accounts.models import User
from manifatture.directory.models import (
    Capability,
    Material,
    Membership,
    Nil,
    Organisation,
    Site,
)
from manifatture.mail import send_templated_email

from .exceptions import (
    AlreadyAnswered,
    AlreadyContacted,
    AlreadyReported,
    CannotContactYourself,
    NeedClosed,
    NeedNotDescribed,
    NoPlace,
    NotAMatch,
    NotReachable,
    SenderBlocked,
)
from .models import Contact, ContactReport, Need, SenderBlock
from .queries import is_blocked, rank_matches


def post_need(
    organisation: Organisation,
    *,
    created_by: User,
    title: str,
    capabilities: list[Capability],
    materials: list[Material],
    description: str = "",
    quantity: str = "",
    site: Site | None = None,
    nil: Nil | None = None,
    max_distance_km: int = 15,
    needed_by: datetime.date | None = None,
) -> Need:
    """Describe what the firm needs; matches are ranked when the need is shown."""
    if not capabilities and not materials:
        raise NeedNotDescribed
    if site is None and nil is None:
        raise NoPlace
    if site is not None and site.organisation_id != organisation.pk:
        raise ValueError("The site belongs to another organisation.")
    with transaction.atomic():
        need = Need.objects.create(
            organisation=organisation,
            created_by=created_by,
            title=title,
            description=description,
            quantity=quantity,
            site=site,
            nil=None if site else nil,
            max_distance_km=max_distance_km,
            needed_by=needed_by,
        )
        need.capabilities.set(capabilities)
        need.materials.set(materials)
    return need


def close_need(need: Need) -> Need:
    with transaction.atomic():
        need.status = Need.Status.CLOSED
        need.save(update_fields=["status"])
    return need


def _members(organisation: Organisation) -> list[User]:
    memberships = list(
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    owners = [m.user for m in memberships if m.role == Membership.Role.OWNER]
    return owners or [m.user for m in memberships]


def contact(need: Need, *, recipient: Organisation, sender: User, message: str) -> Contact:
    """Write to an organisation ranked for the need (matching's own ranking,
    as the need's page shows it). The message is stored and its owners are
    told by e-mail, with a link to read and answer it on the platform: the
    e-mail carries none of the sender's words, so the City's address can't
    be made to carry someone's phishing. Neither side sees the other's
    address until the organisation answers. Within the daily limits of
    e-mail someone else aims (manifatture/outreach.py, "contact"): raises
    outreach.AimedEmailRefused past them."""
    if need.status != Need.Status.OPEN:
        raise NeedClosed
    if recipient.pk == need.organisation_id:
        raise CannotContactYourself
    if recipient.pk not in {match.organisation.pk for match in rank_matches(need)}:
        raise NotAMatch
    if is_blocked(recipient, sender_organisation=need.organisation, sender=sender):
        raise SenderBlocked
    people = _members(recipient)
    if not people:
        raise NotReachable
    if Contact.objects.filter(need=need, recipient=recipient).exists():
        raise AlreadyContacted
    outreach.allow_aimed_email(
        "contact", sender_key=f"user:{sender.pk}", recipient=f"organisation:{recipient.pk}"
    )
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                need=need, recipient=recipient, sender=sender, message=message
            )
    except IntegrityError as error:
        raise AlreadyContacted from error
    for person in people:
        transaction.on_commit(
            partial(
                send_templated_email,
                [person.email],
                "matching/email/contact",
                {"contact": contact, "need": need, "recipient": recipient},
                person.language,
            )
        )
    return contact


def report_contact(contact: Contact, *, by: User, reason: str = "") -> ContactReport:
    """The recipient reports a message as abuse, for city staff, and blocks
    the firm (and the person) who wrote it: their next contacts are refused."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = ContactReport.objects.create(
                    contact=contact, reported_by=by, reason=reason.strip()
                )
        except IntegrityError as error:
            raise AlreadyReported from error
        block_sender(contact, by=by)
    return report


def block_sender(contact: Contact, *, by: User) -> SenderBlock:
    """Refuse further contacts from the firm that sent `contact` (idempotent)."""
    with transaction.atomic():
        block, _created = SenderBlock.objects.get_or_create(
            recipient=contact.recipient,
            sender_organisation=contact.need.organisation,
            defaults={"sender": contact.sender, "blocked_by": by},
        )
    return block


def unblock_sender(contact: Contact) -> None:
    """Accept contacts again from the firm that sent `contact`."""
    with transaction.atomic():
        SenderBlock.objects.filter(
            recipient=contact.recipient, sender_organisation=contact.need.organisation
        ).delete()


def answer(contact: Contact, *, by: User, message: str) -> Contact:
    """The organisation answers: the firm gets the answer and, from now on, the
    address of the person who answered."""
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.is_answered:
            raise AlreadyAnswered
        contact.reply = message
        contact.replied_by = by
        contact.replied_at = timezone.now()
        contact.save(update_fields=["reply", "replied_by", "replied_at"])
        sender = contact.sender
        if sender is not None and sender.is_active:
            transaction.on_commit(
                partial(
                    send_templated_email,
                    [sender.email],
                    "matching/email/answer",
                    {"contact": contact, "need": contact.need, "answered_by": by},
                    sender.language,
                )
            )
    return contact
