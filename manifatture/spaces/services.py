"""Every write of the spaces census: spaces, their photos and their status.

A status change is always recorded in SpaceStatusChange (who, when, from, to,
why); calls change a space's status through `change_space_status` too.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.directory.models import Comune
from manifatture.unset import UNSET, Unset, given
from manifatture.uploads import CleanImage

from . import exceptions
from .models import Space, SpacePhoto, SpaceStatusChange


def _require_staff(user: User | None) -> None:
    if user is None or not user.is_city_staff:
        raise exceptions.NotAllowed


def unique_space_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200].strip("-") or "spazio"
    taken = Space.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True)) | {"gestione", "dati"}
    slug, n = base, 2
    while slug in taken_slugs:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_space(
    *,
    by: User,
    name: str,
    address: str,
    comune: Comune,
    latitude: Decimal,
    longitude: Decimal,
    surface_m2: int,
    condition: str,
    description_it: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    postcode: str | Unset = UNSET,
    floors: int | Unset = UNSET,
    current_use: str | Unset = UNSET,
    constraints_notes: str | Unset = UNSET,
    is_published: bool | Unset = UNSET,
) -> Space:
    """Add a space to the census (status: surveyed) and record its first status.
    A feature left out takes the model's default."""
    _require_staff(by)
    fields = given(
        description_it=description_it,
        description_en=description_en,
        postcode=postcode,
        floors=floors,
        current_use=current_use,
        constraints_notes=constraints_notes,
        is_published=is_published,
    )
    for attempt in range(5):
        try:
            with transaction.atomic():
                space = Space(
                    name=name,
                    address=address,
                    comune=comune,
                    latitude=latitude,
                    longitude=longitude,
                    surface_m2=surface_m2,
                    condition=condition,
                    **fields,
                )
                space.slug = unique_space_slug(space.name)
                space.locate()
                space.save()
                SpaceStatusChange.objects.create(
                    space=space, from_status="", to_status=space.status, changed_by=by
                )
            return space
        except IntegrityError:
            # Someone took the same slug a moment ago: pick the next free one.
            if attempt == 4 or not Space.objects.filter(slug=space.slug).exists():
                raise
    raise AssertionError("unreachable")


def update_space(
    space: Space,
    *,
    by: User,
    name: str | Unset = UNSET,
    description_it: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    address: str | Unset = UNSET,
    postcode: str | Unset = UNSET,
    comune: Comune | Unset = UNSET,
    latitude: Decimal | Unset = UNSET,
    longitude: Decimal | Unset = UNSET,
    surface_m2: int | Unset = UNSET,
    floors: int | Unset = UNSET,
    condition: str | Unset = UNSET,
    current_use: str | Unset = UNSET,
    constraints_notes: str | Unset = UNSET,
    is_published: bool | Unset = UNSET,
) -> Space:
    """Change the features of a space (those given; the others stay); its
    Municipio follows its coordinates. Its status changes only through
    `change_space_status`."""
    _require_staff(by)
    fields = given(
        name=name,
        description_it=description_it,
        description_en=description_en,
        address=address,
        postcode=postcode,
        comune=comune,
        latitude=latitude,
        longitude=longitude,
        surface_m2=surface_m2,
        floors=floors,
        condition=condition,
        current_use=current_use,
        constraints_notes=constraints_notes,
        is_published=is_published,
    )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(space, name, value)
        space.locate()
        space.save()
    return space


def change_space_status(
    space: Space, *, to: str, by: User | None, note: str = ""
) -> SpaceStatusChange:
    """Move the space to status `to` and record who did it and why.

    `by` is None only when the platform itself acts for a decision already
    recorded elsewhere (calls pass the staff member who published the results).
    """
    if by is not None:
        _require_staff(by)
    with transaction.atomic():
        current = Space.objects.select_for_update().only("status").get(pk=space.pk)
        if current.status == to:
            raise exceptions.SameStatus
        change = SpaceStatusChange.objects.create(
            space=space, from_status=current.status, to_status=to, changed_by=by, note=note.strip()
        )
        Space.objects.filter(pk=space.pk).update(status=to)
        space.status = to
        if by is not None:
            record_audit_event(
                actor=by,
                action="spaces.status_changed",
                target=space,
                summary=change.note,
                changes={"status": [change.from_status, to]},
            )
    return change


def add_space_photo(
    space: Space, *, image: CleanImage, alt_text_it: str, alt_text_en: str = "", by: User
) -> SpacePhoto:
    """Attach a photo already checked and re-encoded by `uploads.clean_image`."""
    _require_staff(by)
    with transaction.atomic():
        position = space.photos.count()
        photo = SpacePhoto(
            space=space,
            alt_text_it=alt_text_it,
            alt_text_en=alt_text_en,
            position=position,
            uploaded_by=by,
        )
        photo.image.save(image.name, image, save=False)
        photo.save()
    return photo


def remove_space_photo(photo: SpacePhoto, *, by: User) -> None:
    _require_staff(by)
    name = photo.image.name
    storage = photo.image.storage
    with transaction.atomic():
        photo.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
