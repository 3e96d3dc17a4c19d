"""Writes for matching: needs, contacts and replies, with their e-mails."""

import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

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
    CannotContactYourself,
    NeedClosed,
    NeedNotDescribed,
    NoPlace,
    NotReachable,
)
from .models import Contact, Need


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
    """Write to a ranked organisation. The message is stored and e-mailed to its
    owners with a link to answer on the platform; neither side sees the other's
    address until the organisation answers."""
    if need.status != Need.Status.OPEN:
        raise NeedClosed
    if recipient.pk == need.organisation_id:
        raise CannotContactYourself
    people = _members(recipient)
    if not people:
        raise NotReachable
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
