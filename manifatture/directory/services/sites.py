"""An organisation's sites, placed in their Municipio and NIL when in Milan."""

from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError

from manifatture.unset import UNSET, Unset, given

from ..exceptions import SiteInUse, SiteOutsideComune
from ..models import Comune, Municipio, Organisation, Site


def save_site(
    organisation: Organisation,
    *,
    site: Site | None = None,
    name: str | Unset = UNSET,
    address: str | Unset = UNSET,
    postcode: str | Unset = UNSET,
    comune: Comune | Unset = UNSET,
    latitude: Decimal | Unset = UNSET,
    longitude: Decimal | Unset = UNSET,
    step_free: bool | Unset = UNSET,
    accessible_toilet: bool | Unset = UNSET,
    seating: bool | Unset = UNSET,
    hearing_loop: bool | Unset = UNSET,
    accessibility_notes: str | Unset = UNSET,
) -> Site:
    """Create or change a site of `organisation` (the fields given; the others
    stay). A site in Milan gets the Municipio and the NIL that contain its
    coordinates; elsewhere it has neither."""
    fields = given(
        name=name,
        address=address,
        postcode=postcode,
        comune=comune,
        latitude=latitude,
        longitude=longitude,
        step_free=step_free,
        accessible_toilet=accessible_toilet,
        seating=seating,
        hearing_loop=hearing_loop,
        accessibility_notes=accessibility_notes,
    )
    with transaction.atomic():
        if site is None:
            site = Site(organisation=organisation)
        elif site.organisation_id != organisation.pk:
            raise ValueError("The site belongs to another organisation.")
        for field, value in fields.items():
            setattr(site, field, value)
        site.locate()
        if site.is_in_milano and site.municipio is None and Municipio.objects.exists():
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
