"""What an organisation can do and shows: capabilities, materials, tags,
machines, links and photos, and the search keywords they give it."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from manifatture.uploads import CleanImage

from ..models import Capability, Link, Machine, Material, Organisation, Photo, Tag
from ..queries import ateco_title


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
    items: list[Capability | Material] = [*capabilities, *materials]
    for item in items:
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
