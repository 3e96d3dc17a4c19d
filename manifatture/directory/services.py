"""Writes on the directory: organisations and their profiles, members, sites,
neighbourhoods and freshness. Bulk imports are in `imports.py`."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy

from manifatture import outreach
from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.mail import send_templated_email
from manifatture.uploads import CleanImage

from . import conf, geo
from .exceptions import (
    AlreadyMember,
    ConfirmationLinkInvalid,
    InvitationClosed,
    InvitationPending,
    InvitationRefused,
    LastOwner,
    ModerationReasonRequired,
    NothingToModerate,
    SiteInUse,
    SiteOutsideComune,
)
from .models import (
    MILANO_ISTAT_CODE,
    Capability,
    Comune,
    Invitation,
    Link,
    Machine,
    Material,
    Membership,
    Municipio,
    Nil,
    Organisation,
    Photo,
    Site,
    Tag,
)
from .queries import ateco_title, due_for_confirmation, is_verified

# Paths under /organizzazioni/ that an organisation's slug must not shadow.
RESERVED_SLUGS = frozenset(
    {"le-mie", "nuova", "mappa", "importa", "conferma", "inviti", "moderazione"}
)

# An invitation is e-mail that an owner aims at any address (manifatture.outreach).
INVITATION_EMAIL = outreach.register(
    outreach.AimedEmail(
        kind="invitation",
        label=gettext_lazy("Invito a far parte di un'organizzazione"),
        templates=("directory/email/invitation",),
        who="an organisation's owner (or city staff) invites any address to join it",
    )
)


def _containing(model, latitude: float, longitude: float):
    """The first row of `model` (Municipio or Nil) whose boundary contains the point;
    the bounding-box columns keep the other boundaries out of the query."""
    lat, lon = float(latitude), float(longitude)
    near = model.objects.filter(
        Q(min_latitude__isnull=True)
        | Q(
            min_latitude__lte=lat,
            max_latitude__gte=lat,
            min_longitude__lte=lon,
            max_longitude__gte=lon,
        )
    ).order_by("pk")
    return next((row for row in near if geo.contains(row.geometry, lon, lat)), None)


def municipio_at(latitude: float, longitude: float) -> Municipio | None:
    """The Municipio of Milan containing the point, if any."""
    return _containing(Municipio, latitude, longitude)


def nil_at(latitude: float, longitude: float) -> Nil | None:
    """The NIL (neighbourhood) of Milan containing the point, if any."""
    return _containing(Nil, latitude, longitude)


class Locator:
    """Places many points at once in Milan's Municipi and NIL, with the boundaries
    loaded once and indexed (geo.PolygonIndex): 40,000 points take well under a second."""

    def __init__(self) -> None:
        self.municipi = geo.PolygonIndex(
            (m.number, m.geometry) for m in Municipio.objects.order_by("number")
        )
        self.nils = geo.PolygonIndex((n.id, n.geometry) for n in Nil.objects.order_by("id"))

    def municipio(self, latitude, longitude) -> int | None:
        return self.municipi.find(float(longitude), float(latitude))

    def nil(self, latitude, longitude) -> int | None:
        return self.nils.find(float(longitude), float(latitude))


def locate_sites() -> int:
    """Recompute the Municipio and NIL of every site in Milan (sites elsewhere have
    neither); returns how many got a Municipio. Sites are updated in groups that
    share both, a few dozen statements for tens of thousands of sites."""
    locator = Locator()
    located = 0
    moves: dict[tuple[int | None, int | None], list[int]] = defaultdict(list)
    with transaction.atomic():
        rows = Site.objects.values_list(
            "pk", "comune_id", "latitude", "longitude", "municipio_id", "nil_id"
        )
        for pk, comune_id, latitude, longitude, municipio_id, nil_id in rows.iterator(
            chunk_size=5000
        ):
            if comune_id == MILANO_ISTAT_CODE:
                place = (locator.municipio(latitude, longitude), locator.nil(latitude, longitude))
            else:
                place = (None, None)
            if place != (municipio_id, nil_id):
                moves[place].append(pk)
            located += place[0] is not None
        for (municipio_id, nil_id), pks in moves.items():
            for start in range(0, len(pks), 5000):
                Site.objects.filter(pk__in=pks[start : start + 5000]).update(
                    municipio_id=municipio_id, nil_id=nil_id
                )
    return located


def periphery_nil_ids(nils: list[Nil]) -> set[int]:
    """The NIL that count as periphery, by the rule in docs/periphery.md: the
    PERIPHERY_NIL_IDS setting when given, otherwise every NIL whose centroid lies
    farther than PERIPHERY_MIN_DISTANCE_KM from PERIPHERY_CENTRE (the Duomo)."""
    explicit = conf.get("PERIPHERY_NIL_IDS")
    if explicit is not None:
        return {int(n) for n in explicit}
    centre_lat, centre_lon = conf.get("PERIPHERY_CENTRE")
    limit = float(conf.get("PERIPHERY_MIN_DISTANCE_KM"))
    return {
        nil.id
        for nil in nils
        if geo.distance_km(centre_lat, centre_lon, nil.centroid_latitude, nil.centroid_longitude)
        > limit
    }


def load_nils(features: list[dict]) -> list[Nil]:
    """Create or update the NIL from the Comune's GeoJSON features (ID_NIL, NIL),
    mark the periphery and place every site; one transaction."""
    nils = []
    for feature in features:
        properties, geometry = feature["properties"], feature["geometry"]
        min_lon, min_lat, max_lon, max_lat = geo.bbox(geometry)
        lon, lat = geo.centroid(geometry)
        nils.append(
            Nil(
                id=int(properties["ID_NIL"]),
                name=str(properties["NIL"]).strip(),
                geometry=geometry,
                min_latitude=min_lat,
                max_latitude=max_lat,
                min_longitude=min_lon,
                max_longitude=max_lon,
                centroid_latitude=lat,
                centroid_longitude=lon,
            )
        )
    periphery = periphery_nil_ids(nils)
    for nil in nils:
        nil.is_periphery = nil.id in periphery
    with transaction.atomic():
        Nil.objects.bulk_create(
            nils,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=[
                "name",
                "geometry",
                "min_latitude",
                "max_latitude",
                "min_longitude",
                "max_longitude",
                "centroid_latitude",
                "centroid_longitude",
                "is_periphery",
            ],
        )
        locate_sites()
    return nils


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200].strip("-") or "organizzazione"
    taken = Organisation.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken_slugs:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _assign(organisation: Organisation, fields: dict) -> None:
    # save_form_data understands form values: a cleared logo (False) becomes "".
    for name, value in fields.items():
        Organisation._meta.get_field(name).save_form_data(organisation, value)


def create_organisation(*, owner: User, **fields) -> Organisation:
    """Create an organisation with `owner` as its first owner; the slug comes from
    the name. It is public once city staff approve it (unless staff made it)."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                organisation = Organisation()
                _assign(organisation, fields)
                organisation.slug = unique_slug(organisation.name)
                if not owner.is_city_staff:
                    organisation.moderation = Organisation.Moderation.PENDING
                organisation.save()
                Membership.objects.create(
                    user=owner, organisation=organisation, role=Membership.Role.OWNER
                )
                refresh_keywords(organisation)
            return organisation
        except IntegrityError:
            # Someone took the same slug a moment ago: pick the next free one.
            if attempt == 4 or not Organisation.objects.filter(slug=organisation.slug).exists():
                raise
    raise AssertionError("unreachable")


def update_organisation(
    organisation: Organisation, *, by: User | None = None, **fields
) -> Organisation:
    """Change the profile. The slug stays, so published links keep working.

    On a public profile that nobody verified (self-created, not in the albo, never
    a host) a new name or description waits for staff in `pending_changes`: the
    public page keeps the approved text. A refused profile goes back to the queue."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        held = {}
        if (
            organisation.moderation == Organisation.Moderation.APPROVED
            and not (by is not None and by.is_city_staff)
            and not is_verified(organisation)
        ):
            pending = dict(organisation.pending_changes)
            for name in Organisation.MODERATED_FIELDS:
                if name not in fields:
                    continue
                value = fields.pop(name)
                if value == getattr(organisation, name):
                    pending.pop(name, None)
                else:
                    held[name] = value
            organisation.pending_changes = {**pending, **held}
        elif organisation.moderation == Organisation.Moderation.REJECTED:
            organisation.moderation = Organisation.Moderation.PENDING
        _assign(organisation, fields)
        organisation.save()
        refresh_keywords(organisation)
    return organisation


# Moderation ---------------------------------------------------------------------------


def approve_organisation(organisation: Organisation, *, by: User) -> Organisation:
    """Staff publish a new profile, or a proposed name or description."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changes = {}
        if organisation.moderation != Organisation.Moderation.APPROVED:
            changes["moderation"] = [organisation.moderation, Organisation.Moderation.APPROVED]
            organisation.moderation = Organisation.Moderation.APPROVED
        elif not organisation.pending_changes:
            raise NothingToModerate
        for name, value in organisation.pending_changes.items():
            changes[name] = [getattr(organisation, name), value]
            setattr(organisation, name, value)
        organisation.pending_changes = {}
        organisation.moderation_note = ""
        organisation.save()
        refresh_keywords(organisation)
        record_audit_event(
            actor=by,
            action="directory.organisation_approved",
            target=organisation,
            changes=changes,
        )
    return organisation


def reject_organisation(organisation: Organisation, *, by: User, reason: str) -> Organisation:
    """Staff refuse a new profile (it stays hidden, its members see why and may
    correct it), or a proposed change (the approved text stays)."""
    reason = reason.strip()
    if not reason:
        raise ModerationReasonRequired
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.moderation == Organisation.Moderation.PENDING:
            changes = {"moderation": [organisation.moderation, Organisation.Moderation.REJECTED]}
            organisation.moderation = Organisation.Moderation.REJECTED
        elif organisation.pending_changes:
            changes = {"pending_changes": [organisation.pending_changes, {}]}
        else:
            raise NothingToModerate
        organisation.pending_changes = {}
        organisation.moderation_note = reason
        organisation.save()
        record_audit_event(
            actor=by,
            action="directory.organisation_rejected",
            target=organisation,
            summary=reason,
            changes=changes,
        )
    return organisation


# Members and invitations --------------------------------------------------------------


def invite_member(
    organisation: Organisation,
    *,
    email: str,
    role: str = Membership.Role.STAFF,
    invited_by: User,
) -> Invitation:
    """Invite an address to join the organisation. The answer is the same whether
    or not the address has an account; its owner accepts or declines from their
    area (after signing up, if they have no account). No second invitation while
    one is valid; invitations are limited per sender and per recipient."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
            raise AlreadyMember
        Invitation.objects.filter(
            organisation=organisation,
            email=email,
            state=Invitation.State.PENDING,
            expires_at__lte=now,
        ).update(state=Invitation.State.EXPIRED)
        if Invitation.objects.filter(
            organisation=organisation, email=email, state=Invitation.State.PENDING
        ).exists():
            raise InvitationPending
        try:
            outreach.allow_aimed_email(
                INVITATION_EMAIL.kind, sender_key=f"user:{invited_by.pk}", recipient=email
            )
            send = True
        except outreach.AimedEmailRefused as error:
            if not error.about_recipient:
                raise InvitationRefused(error.message) from error
            # Written to too often: the invitation waits in their area, unannounced,
            # and the sender learns nothing about the address.
            send = False
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + datetime.timedelta(days=conf.get("DIRECTORY_INVITATION_DAYS")),
        )
        if send:
            account = User.objects.filter(email__iexact=email, is_active=True).first()
            context = {
                "invitation": invitation,
                "organisation": organisation,
                "invited_by": invited_by,
                "has_account": account is not None,
            }
            language = account.language if account else (get_language() or "it")[:2]
            transaction.on_commit(
                partial(
                    send_templated_email,
                    [email],
                    "directory/email/invitation",
                    context,
                    language,
                )
            )
    return invitation


def prune_invitations(*, now: datetime.datetime | None = None) -> int:
    """Delete invitations answered or expired DIRECTORY_INVITATION_KEEP_DAYS ago:
    an address someone typed is not kept longer than needed (daily)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=conf.get("DIRECTORY_INVITATION_KEEP_DAYS"))
    with transaction.atomic():
        deleted, _by_model = Invitation.objects.filter(
            Q(answered_at__lt=limit) | Q(expires_at__lt=limit)
        ).delete()
    return deleted


def _add_owner_back(organisation_id: int) -> None:
    Organisation.objects.filter(pk=organisation_id).update(owners_left_at=None)


def accept_invitation(invitation: Invitation, *, user: User) -> Membership:
    """The invited person joins, with the role they were invited for."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open or invitation.email != user.email.lower():
            raise InvitationClosed
        membership, _created = Membership.objects.get_or_create(
            user=user,
            organisation_id=invitation.organisation_id,
            defaults={"role": invitation.role},
        )
        if membership.role == Membership.Role.OWNER:
            _add_owner_back(invitation.organisation_id)
        invitation.state = Invitation.State.ACCEPTED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["state", "answered_at"])
    return membership


def _close_invitation(invitation: Invitation, state: str) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationClosed
        invitation.state = state
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["state", "answered_at"])
    return invitation


def decline_invitation(invitation: Invitation) -> Invitation:
    """The invited person says no; nothing tells the organisation who they are."""
    return _close_invitation(invitation, Invitation.State.DECLINED)


def revoke_invitation(invitation: Invitation) -> Invitation:
    """An owner takes back an invitation that has no answer yet."""
    return _close_invitation(invitation, Invitation.State.REVOKED)


def leave_organisation(membership: Membership) -> None:
    """A person leaves, whenever they want, whatever their role. If they were the
    last owner, the organisation is flagged to staff (`without_owners`)."""
    with transaction.atomic():
        owners = _lock_owners(membership.organisation_id)
        membership = Membership.objects.filter(pk=membership.pk).first()
        if membership is None:
            return
        if membership.role == Membership.Role.OWNER and owners <= 1:
            Organisation.objects.filter(pk=membership.organisation_id).update(
                owners_left_at=timezone.now()
            )
        membership.delete()


def _lock_owners(organisation_id: int) -> int:
    """Lock the organisation row, so two owners leaving at once cannot both succeed;
    return how many owners it has."""
    Organisation.objects.select_for_update().get(pk=organisation_id)
    return Membership.objects.filter(
        organisation_id=organisation_id, role=Membership.Role.OWNER
    ).count()


def remove_member(membership: Membership) -> None:
    """Remove a person from the organisation; the last owner cannot be removed."""
    with transaction.atomic():
        owners = _lock_owners(membership.organisation_id)
        membership.refresh_from_db()
        if membership.role == Membership.Role.OWNER and owners <= 1:
            raise LastOwner
        membership.delete()


def change_member_role(membership: Membership, *, role: str) -> Membership:
    """Make a member owner or staff; the last owner cannot step down."""
    with transaction.atomic():
        owners = _lock_owners(membership.organisation_id)
        membership.refresh_from_db()
        if membership.role == Membership.Role.OWNER and role != membership.role and owners <= 1:
            raise LastOwner
        membership.role = role
        membership.save(update_fields=["role"])
        if role == Membership.Role.OWNER:
            _add_owner_back(membership.organisation_id)
    return membership


def save_site(organisation: Organisation, *, site: Site | None = None, **fields) -> Site:
    """Create or change a site of `organisation`. A site in Milan gets the Municipio
    and the NIL that contain its coordinates; elsewhere it has neither."""
    with transaction.atomic():
        if site is None:
            site = Site(organisation=organisation)
        elif site.organisation_id != organisation.pk:
            raise ValueError("The site belongs to another organisation.")
        for name, value in fields.items():
            setattr(site, name, value)
        comune: Comune = site.comune
        site.municipio = site.nil = None
        if comune.is_milano:
            site.municipio = municipio_at(site.latitude, site.longitude)
            if site.municipio is None and Municipio.objects.exists():
                raise SiteOutsideComune
            site.nil = nil_at(site.latitude, site.longitude)
        site.save()
    return site


def delete_site(site: Site) -> None:
    """Delete a site, unless an activity takes place there."""
    try:
        with transaction.atomic():
            site.delete()
    except ProtectedError as error:
        raise SiteInUse from error


# Profile details ----------------------------------------------------------------------


def keywords_for(
    *,
    ateco_code: str,
    capabilities: Iterable[Capability] = (),
    materials: Iterable[Material] = (),
    tags: Iterable[str] = (),
    machines: Iterable[str] = (),
) -> str:
    """The words from related rows that full-text search should find the organisation by."""
    words = [*tags, *machines]
    for item in [*capabilities, *materials]:
        words += [item.name_it, item.name_en]
    words.append(ateco_title(ateco_code))
    return " ".join(word for word in words if word)


def refresh_keywords(organisation: Organisation) -> str:
    """Recompute the search keywords from the organisation's tags, capabilities,
    materials, machines and ATECO code (the search vector follows by itself)."""
    keywords = keywords_for(
        ateco_code=organisation.ateco_code,
        capabilities=organisation.capabilities.all(),
        materials=organisation.materials.all(),
        tags=organisation.tags.values_list("name", flat=True),
        machines=organisation.machines.values_list("model", flat=True),
    )
    Organisation.objects.filter(pk=organisation.pk).update(keywords=keywords)
    organisation.keywords = keywords
    return keywords


def tags_from_names(names: Iterable[str]) -> list[Tag]:
    """The tags with these names, created when new; the same tag whatever its case."""
    tags: dict[str, Tag] = {}
    for raw in names:
        name = " ".join(raw.split())[:40]
        slug = slugify(name)[:50]
        if not slug or slug in tags:
            continue
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(name=name, slug=slug)
            except IntegrityError:
                tag = Tag.objects.get(Q(slug=slug) | Q(name__iexact=name))
        tags[slug] = tag
    return list(tags.values())


def update_profile_details(
    organisation: Organisation,
    *,
    capabilities: Iterable[Capability],
    materials: Iterable[Material],
    tags: Iterable[str],
    services_it: str = "",
    services_en: str = "",
    opening_hours: str = "",
    contact_email: str = "",
) -> Organisation:
    """Set what the organisation can do and offers: capabilities, materials, tags,
    services, opening hours and the private contact address."""
    with transaction.atomic():
        organisation.services_it = services_it
        organisation.services_en = services_en
        organisation.opening_hours = opening_hours
        organisation.contact_email = contact_email
        organisation.save(
            update_fields=[
                "services_it",
                "services_en",
                "opening_hours",
                "contact_email",
                "updated_at",
            ]
        )
        organisation.capabilities.set(capabilities)
        organisation.materials.set(materials)
        organisation.tags.set(tags_from_names(tags))
        refresh_keywords(organisation)
    return organisation


def add_machine(
    organisation: Organisation, *, capability: Capability, model: str, notes: str = ""
) -> Machine:
    """Add a machine; the organisation gains its capability if it lacked it."""
    with transaction.atomic():
        machine = Machine.objects.create(
            organisation=organisation, capability=capability, model=model, notes=notes
        )
        organisation.capabilities.add(capability)
        refresh_keywords(organisation)
    return machine


def delete_machine(machine: Machine) -> None:
    with transaction.atomic():
        organisation = machine.organisation
        machine.delete()
        refresh_keywords(organisation)


def add_link(organisation: Organisation, *, label: str, url: str) -> Link:
    with transaction.atomic():
        position = organisation.links.count()
        return Link.objects.create(
            organisation=organisation, label=label, url=url, position=position
        )


def delete_link(link: Link) -> None:
    with transaction.atomic():
        link.delete()


def add_photo(organisation: Organisation, *, image: CleanImage, alt_text: str) -> Photo:
    """Store a photo already checked and re-encoded by `uploads.clean_image` (no
    metadata such as the GPS position, nothing hidden after the pixels)."""
    with transaction.atomic():
        photo = Photo(
            organisation=organisation,
            alt_text=alt_text,
            width=image.width,
            height=image.height,
        )
        photo.image.save(image.name, image, save=False)
        photo.save()
    return photo


def delete_photo(photo: Photo) -> None:
    with transaction.atomic():
        photo.delete()
    photo.image.delete(save=False)


# Freshness ----------------------------------------------------------------------------

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
    max_age = datetime.timedelta(days=conf.get("DIRECTORY_CONFIRM_LINK_MAX_AGE_DAYS"))
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
    limit = now - datetime.timedelta(days=conf.get("DIRECTORY_ARCHIVE_AFTER_DAYS"))
    with transaction.atomic():
        return Organisation.objects.filter(
            archived_at__isnull=True, last_confirmed_at__lt=limit
        ).update(archived_at=now, archive_reason=Organisation.ArchiveReason.STALE)


# Personal data (accounts.personal_data) --------------------------------------------


def erase_personal_data(user: User) -> None:
    """The person leaves every organisation (the organisations stay; those left
    without an owner are flagged to staff), and invitations to their address go."""
    for membership in Membership.objects.filter(user=user):
        leave_organisation(membership)
    Invitation.objects.filter(email=user.email.lower()).delete()
