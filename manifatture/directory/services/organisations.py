"""An organisation's profile: created with its first owner, then changed
(a new name or description of an unverified public profile waits for staff)."""

from typing import Literal

from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from manifatture.accounts.models import User
from manifatture.unset import UNSET, Unset, given

from ..models import Membership, Organisation
from ..queries import is_verified
from .profile import refresh_keywords

# Paths under /organizzazioni/ that an organisation's slug must not shadow.
RESERVED_SLUGS = frozenset(
    {"le-mie", "nuova", "mappa", "importa", "conferma", "inviti", "moderazione"}
)


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
    for field, value in fields.items():
        model_field = Organisation._meta.get_field(field)
        assert isinstance(model_field, models.Field), field
        model_field.save_form_data(organisation, value)


def create_organisation(
    *,
    owner: User,
    name: str,
    category: str,
    description_it: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    website: str | Unset = UNSET,
    vat_number: str | None | Unset = UNSET,
    ateco_code: str | Unset = UNSET,
    logo: File | Literal[False] | None | Unset = UNSET,
) -> Organisation:
    """Create an organisation with `owner` as its first owner; the slug comes from
    the name. It is public once city staff approve it (unless staff made it)."""
    fields = given(
        name=name,
        category=category,
        description_it=description_it,
        description_en=description_en,
        website=website,
        vat_number=vat_number,
        ateco_code=ateco_code,
        logo=logo,
    )
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
    organisation: Organisation,
    *,
    by: User | None = None,
    name: str | Unset = UNSET,
    category: str | Unset = UNSET,
    description_it: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    website: str | Unset = UNSET,
    vat_number: str | None | Unset = UNSET,
    ateco_code: str | Unset = UNSET,
    logo: File | Literal[False] | None | Unset = UNSET,
) -> Organisation:
    """Change the profile (the fields given; the others stay). The slug stays, so
    published links keep working.

    On a public profile that nobody verified (self-created, not in the albo, never
    a host) a new name or description waits for staff in `pending_changes`: the
    public page keeps the approved text. A refused profile goes back to the queue."""
    fields = given(
        name=name,
        category=category,
        description_it=description_it,
        description_en=description_en,
        website=website,
        vat_number=vat_number,
        ateco_code=ateco_code,
        logo=logo,
    )
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        held = {}
        if (
            organisation.moderation == Organisation.Moderation.APPROVED
            and not (by is not None and by.is_city_staff)
            and not is_verified(organisation)
        ):
            pending = dict(organisation.pending_changes)
            for field in Organisation.MODERATED_FIELDS:
                if field not in fields:
                    continue
                value = fields.pop(field)
                if value == getattr(organisation, field):
                    pending.pop(field, None)
                else:
                    held[field] = value
            organisation.pending_changes = {**pending, **held}
        elif organisation.moderation == Organisation.Moderation.REJECTED:
            organisation.moderation = Organisation.Moderation.PENDING
        _assign(organisation, fields)
        organisation.save()
        refresh_keywords(organisation)
    return organisation
