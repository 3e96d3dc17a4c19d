"""Reads for matching: the ranking of labs and firms for a need, and access helpers."""

import math
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.directory import geo
from manifatture.directory.models import Machine, Membership, Organisation, Site
from manifatture.directory.search import qualified_organisations

from .models import Contact, ContactReport, Need, SenderBlock

MATCH_LIMIT = 20
# How much each kind of fit weighs in the ranking.
WEIGHT_MACHINE = 4  # has a machine for a requested working
WEIGHT_CAPABILITY = 3  # says it can do a requested working
WEIGHT_MATERIAL = 2  # works a requested material
WEIGHT_NEAR = 3  # scaled from 3 (same place) to 0 (at the maximum distance)
WEIGHT_QUALIFIED = 1  # in the qualified list


@dataclass
class Match:
    organisation: Organisation
    site: Site
    distance_km: float
    score: float
    reasons: list[str] = field(default_factory=list)
    contact: Contact | None = None
    reachable: bool = False
    blocked: bool = False  # it refuses contacts from the need's firm


def origin_of(need: Need) -> tuple[float, float] | None:
    """(latitude, longitude) the distances are measured from."""
    if need.site is not None:
        return float(need.site.latitude), float(need.site.longitude)
    if need.nil is not None:
        return need.nil.centroid_latitude, need.nil.centroid_longitude
    return None


def _bounding_box(lat: float, lon: float, km: float) -> Q:
    dlat = km / 111.0
    dlon = km / (111.320 * math.cos(math.radians(lat)))
    return Q(
        latitude__gte=lat - dlat,
        latitude__lte=lat + dlat,
        longitude__gte=lon - dlon,
        longitude__lte=lon + dlon,
    )


def rank_matches(need: Need, *, limit: int = MATCH_LIMIT) -> list[Match]:
    """Listed organisations that can do what the need asks, within its distance,
    best first: machines for the requested workings, the workings themselves,
    the materials, closeness, and the qualified list, each shown as a reason."""
    origin = origin_of(need)
    capabilities = {c.pk: c for c in need.capabilities.all()}
    materials = {m.pk: m for m in need.materials.all()}
    if origin is None or not (capabilities or materials):
        return []
    lat, lon = origin
    near = _bounding_box(lat, lon, need.max_distance_km)
    through_caps = Organisation.capabilities.through.objects
    through_mats = Organisation.materials.through.objects
    fits = (
        Q(pk__in=through_caps.filter(capability__in=capabilities).values("organisation_id"))
        | Q(pk__in=Machine.objects.filter(capability__in=capabilities).values("organisation_id"))
        | Q(pk__in=through_mats.filter(material__in=materials).values("organisation_id"))
    )
    candidates = (
        Organisation.objects.listed()
        .filter(fits)
        .exclude(pk=need.organisation_id)
        .filter(Exists(Site.objects.filter(near, organisation=OuterRef("pk"))))
        .annotate(
            qualified=Exists(qualified_organisations().filter(pk=OuterRef("pk"))),
            reachable=Exists(
                Membership.objects.filter(organisation=OuterRef("pk"), user__is_active=True)
            ),
            blocked=Exists(
                SenderBlock.objects.filter(
                    recipient=OuterRef("pk"), sender_organisation=need.organisation_id
                )
            ),
        )
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.filter(near).with_places()),
            "capabilities",
            "materials",
            Prefetch(
                "machines",
                queryset=Machine.objects.filter(capability__in=capabilities).select_related(
                    "capability"
                ),
            ),
        )
    )
    contacts = {c.recipient_id: c for c in need.contacts.all()}
    matches = []
    for organisation in candidates:
        site, distance = min(
            (
                (s, geo.distance_km(lat, lon, float(s.latitude), float(s.longitude)))
                for s in organisation.sites.all()
            ),
            key=lambda pair: pair[1],
        )
        if distance > need.max_distance_km:
            continue
        score, reasons = 0.0, []
        machine_caps = set()
        for machine in organisation.machines.all():
            if machine.capability_id not in machine_caps:
                machine_caps.add(machine.capability_id)
                score += WEIGHT_MACHINE
                reasons.append(
                    _("ha %(machine)s (%(model)s)")
                    % {"machine": machine.capability.machine, "model": machine.model}
                )
        for capability in organisation.capabilities.all():
            if capability.pk in capabilities and capability.pk not in machine_caps:
                score += WEIGHT_CAPABILITY
                reasons.append(_("offre %(what)s") % {"what": capability.name.lower()})
        for material in organisation.materials.all():
            if material.pk in materials:
                score += WEIGHT_MATERIAL
                reasons.append(material.phrase)
        if score == 0:
            continue
        score += WEIGHT_NEAR * (1 - distance / need.max_distance_km)
        # number_format cuts the decimals: round first.
        reasons.append(_("a %(km)s km") % {"km": number_format(round(distance, 1), 1)})
        if organisation.qualified:
            score += WEIGHT_QUALIFIED
            reasons.append(_("iscritta all'albo"))
        matches.append(
            Match(
                organisation=organisation,
                site=site,
                distance_km=distance,
                score=round(score, 3),
                reasons=reasons,
                contact=contacts.get(organisation.pk),
                reachable=organisation.reachable,
                blocked=organisation.blocked,
            )
        )
    matches.sort(key=lambda m: (-m.score, m.distance_km, m.organisation.name))
    return matches[:limit]


def is_blocked(recipient: Organisation, *, sender_organisation: Organisation, sender: User) -> bool:
    """Whether `recipient` refuses contacts from this firm, or from this person
    (blocked while writing for another firm)."""
    return SenderBlock.objects.filter(
        Q(sender_organisation=sender_organisation) | Q(sender=sender), recipient=recipient
    ).exists()


def block_for(contact: Contact) -> SenderBlock | None:
    return SenderBlock.objects.filter(
        recipient=contact.recipient_id, sender_organisation=contact.need.organisation_id
    ).first()


def report_of(contact: Contact) -> ContactReport | None:
    return ContactReport.objects.filter(contact=contact).first()


def contact_reports() -> QuerySet[ContactReport]:
    return ContactReport.objects.select_related(
        "contact__need__organisation", "contact__recipient", "contact__sender", "reported_by"
    ).order_by("-created_at", "-pk")


def needs_of_user(user: User) -> QuerySet[Need]:
    return (
        Need.objects.filter(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def inbox_of(user: User) -> QuerySet[Contact]:
    """Messages received by the person's organisations."""
    return (
        Contact.objects.filter(recipient__memberships__user=user)
        .select_related("need__organisation", "recipient")
        .order_by("-created_at", "-pk")
    )


def _is_member(user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def get_need_for_member(user: User, pk: int, *, as_sender: bool = False) -> Need:
    """A need, for its organisation's members and city staff (404, 403). With
    `as_sender` (writing to a lab in the firm's name) only the firm's members:
    staff may read and close a need, never speak for the firm (the answer, with
    the lab's address, would come to them)."""
    need = get_object_or_404(
        Need.objects.select_related("organisation", "site")
        .select_related("nil")
        .defer("nil__geometry")
        .prefetch_related("capabilities", "materials"),
        pk=pk,
    )
    if not user.is_authenticated:
        raise PermissionDenied
    if _is_member(user, need.organisation_id):
        return need
    if user.is_city_staff and not as_sender:
        return need
    raise PermissionDenied


def get_contact_for_user(user: User, pk: int) -> tuple[Contact, str]:
    """A message and who is reading it: "recipient" (a member of the organisation
    written to), "sender" (a member of the firm with the need) or "staff"."""
    contact = get_object_or_404(
        Contact.objects.select_related("need__organisation", "recipient", "sender", "replied_by"),
        pk=pk,
    )
    if user.is_authenticated and _is_member(user, contact.recipient_id):
        return contact, "recipient"
    if user.is_authenticated and _is_member(user, contact.need.organisation_id):
        return contact, "sender"
    if user.is_authenticated and user.is_city_staff:
        return contact, "staff"
    raise PermissionDenied


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    """Needs the person posted and the contacts they sent or answered (the
    conversations stay with the organisations, which are their parties)."""
    return {
        "needs_posted": [
            {
                "id": need.pk,
                "organisation": need.organisation.name,
                "title": need.title,
                "description": need.description,
                "status": need.status,
                "created_at": need.created_at.isoformat(),
            }
            for need in Need.objects.filter(created_by=user)
            .select_related("organisation")
            .order_by("pk")
        ],
        "contacts_sent": [
            {
                "need": contact.need_id,
                "to": contact.recipient.name,
                "message": contact.message,
                "sent_at": contact.created_at.isoformat(),
                "reply": contact.reply,
            }
            for contact in Contact.objects.filter(sender=user)
            .select_related("recipient")
            .order_by("pk")
        ],
        "replies_written": [
            {
                "need": contact.need_id,
                "reply": contact.reply,
                "replied_at": contact.replied_at.isoformat() if contact.replied_at else None,
            }
            for contact in Contact.objects.filter(replied_by=user).order_by("pk")
        ],
    }
