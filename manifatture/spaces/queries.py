"""Reads of the spaces census: the public list and map, staff lists, one space."""

from collections.abc import Mapping

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from manifatture.accounts.models import User

from .models import Space, SpacePhoto, SpaceStatusChange

# The boundaries of the Municipio and NIL are large polygons: lists never need them.
BOUNDARIES = ("municipio__geometry", "nil__geometry")


def _filtered(spaces: QuerySet[Space], filters: Mapping) -> QuerySet[Space]:
    """Apply the cleaned filters of SpaceFilterForm (missing keys are ignored)."""
    if filters.get("status"):
        spaces = spaces.filter(status=filters["status"])
    if filters.get("municipio"):
        spaces = spaces.filter(municipio=filters["municipio"])
    if filters.get("min_surface") is not None:
        spaces = spaces.filter(surface_m2__gte=filters["min_surface"])
    if filters.get("max_surface") is not None:
        spaces = spaces.filter(surface_m2__lte=filters["max_surface"])
    text = (filters.get("q") or "").strip()
    if text:
        spaces = spaces.filter(
            Q(name__icontains=text)
            | Q(address__icontains=text)
            | Q(current_use__icontains=text)
            | Q(comune__name__icontains=text)
            | Q(description_it__icontains=text)
        )
    return spaces


def public_spaces(filters: Mapping | None = None) -> QuerySet[Space]:
    """Published spaces with their comune, Municipio and photos, by name."""
    spaces = (
        Space.objects.filter(is_published=True)
        .select_related("comune", "municipio", "nil")
        .defer(*BOUNDARIES)
    )
    spaces = _filtered(spaces, filters or {})
    return spaces.prefetch_related(
        Prefetch("photos", queryset=SpacePhoto.objects.order_by("position", "pk"))
    ).order_by("name", "pk")


def spaces_geojson(spaces) -> dict:
    """A GeoJSON FeatureCollection of the spaces (coordinates as [lon, lat])."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(space.longitude), float(space.latitude)],
                },
                "properties": {
                    "name": space.name,
                    "url": space.get_absolute_url(),
                    "address": space.address,
                    "comune": space.comune.name,
                    "municipio": space.municipio_id,
                    "nil": space.nil.label if space.nil else "",
                    "surface_m2": space.surface_m2,
                    "status": space.status,
                    "status_label": str(space.get_status_display()),
                },
            }
            for space in spaces
        ],
    }


def staff_spaces(filters: Mapping | None = None) -> QuerySet[Space]:
    """Every space, published or not, for the staff list."""
    spaces = Space.objects.select_related("comune", "municipio", "nil").defer(*BOUNDARIES)
    return _filtered(spaces, filters or {}).order_by("name", "pk")


def get_space_for_viewer(user: User | AnonymousUser, slug: str) -> Space:
    """A space for its page: published ones for everybody, the others for staff only."""
    space = get_object_or_404(
        Space.objects.select_related("comune", "municipio", "nil").defer(*BOUNDARIES), slug=slug
    )
    if not space.is_published and not (user.is_authenticated and user.is_city_staff):
        raise Http404  # an unpublished space does not exist for the public
    return space


def photos_of(space: Space) -> QuerySet[SpacePhoto]:
    return space.photos.order_by("position", "pk")


def status_history(space: Space) -> QuerySet[SpaceStatusChange]:
    return space.status_changes.select_related("changed_by").order_by("changed_at", "pk")


def offerable_spaces() -> QuerySet[Space]:
    """Spaces a call may offer: published and not yet assigned."""
    return (
        Space.objects.filter(is_published=True)
        .exclude(status=Space.Status.ASSIGNED)
        .select_related("comune")
        .order_by("name")
    )


# Statuses of calls (an app to the right) that the public may see; read through
# the reverse relation without importing calls (see docs/architecture.md).
PUBLIC_CALL_STATUSES = ("published", "results_published")


def calls_offering(space: Space) -> QuerySet:
    """The public calls that offer this space, newest first."""
    return space.calls.filter(status__in=PUBLIC_CALL_STATUSES).order_by("-opens_at")
