from django.db import transaction

from . import geo
from .models import MILANO_ISTAT_CODE, Municipio, Site


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
