"""Writes on the directory: organisations, their members and their sites."""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from manifatture.accounts.models import User
from manifatture.mail import send_templated_email

from . import geo
from .exceptions import AlreadyMember, LastOwner, NoSuchAccount, SiteInUse, SiteOutsideComune
from .models import MILANO_ISTAT_CODE, Comune, Membership, Municipio, Organisation, Site

# Paths under /organizzazioni/ that an organisation's slug must not shadow.
RESERVED_SLUGS = frozenset({"le-mie", "nuova"})


def municipio_at(latitude: float, longitude: float) -> Municipio | None:
    """The Municipio of Milan containing the point, if any."""
    for municipio in Municipio.objects.all():
        if geo.contains(municipio.geometry, float(longitude), float(latitude)):
            return municipio
    return None


def locate_sites() -> int:
    """Recompute the Municipio of every site in Milan; returns how many got one."""
    municipi = list(Municipio.objects.all())
    located = 0
    with transaction.atomic():
        for site in Site.objects.filter(comune_id=MILANO_ISTAT_CODE).only(
            "pk", "latitude", "longitude", "municipio"
        ):
            found = next(
                (
                    m.number
                    for m in municipi
                    if geo.contains(m.geometry, float(site.longitude), float(site.latitude))
                ),
                None,
            )
            if found != site.municipio_id:
                Site.objects.filter(pk=site.pk).update(municipio_id=found)
            located += found is not None
    return located


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
    """Create an organisation with `owner` as its first owner; the slug comes from the name."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                organisation = Organisation()
                _assign(organisation, fields)
                organisation.slug = unique_slug(organisation.name)
                organisation.save()
                Membership.objects.create(
                    user=owner, organisation=organisation, role=Membership.Role.OWNER
                )
            return organisation
        except IntegrityError:
            # Someone took the same slug a moment ago: pick the next free one.
            if attempt == 4 or not Organisation.objects.filter(slug=organisation.slug).exists():
                raise
    raise AssertionError("unreachable")


def update_organisation(organisation: Organisation, **fields) -> Organisation:
    """Change the profile. The slug stays, so published links keep working."""
    with transaction.atomic():
        _assign(organisation, fields)
        organisation.save()
    return organisation


def add_member(
    organisation: Organisation,
    *,
    email: str,
    role: str = Membership.Role.STAFF,
    added_by: User | None = None,
) -> Membership:
    """Give an existing account a role in the organisation and tell them by e-mail."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise NoSuchAccount
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
            transaction.on_commit(
                lambda: send_templated_email(
                    [user.email],
                    "directory/email/member_added",
                    {"membership": membership, "organisation": organisation, "added_by": added_by},
                    user.language,
                )
            )
    except IntegrityError as error:
        raise AlreadyMember from error
    return membership


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
    return membership


def save_site(organisation: Organisation, *, site: Site | None = None, **fields) -> Site:
    """Create or change a site of `organisation`. A site in Milan gets the Municipio
    that contains its coordinates; elsewhere it has none."""
    with transaction.atomic():
        if site is None:
            site = Site(organisation=organisation)
        elif site.organisation_id != organisation.pk:
            raise ValueError("The site belongs to another organisation.")
        for name, value in fields.items():
            setattr(site, name, value)
        comune: Comune = site.comune
        site.municipio = None
        if comune.is_milano:
            site.municipio = municipio_at(site.latitude, site.longitude)
            if site.municipio is None and Municipio.objects.exists():
                raise SiteOutsideComune
        site.save()
    return site


def delete_site(site: Site) -> None:
    """Delete a site, unless an activity takes place there."""
    try:
        with transaction.atomic():
            site.delete()
    except ProtectedError as error:
        raise SiteInUse from error
