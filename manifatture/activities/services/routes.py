"""Routes: themed sequences of activities, in order."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from manifatture.editions.models import Edition

from ..exceptions import RouteError
from ..models import Activity, Route, RouteStop


def _check_route_slug(edition: Edition, slug: str, exclude: int | None = None) -> None:
    others = Route.objects.filter(edition=edition, slug=slug)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise RouteError(
            _("Un altro percorso di questa edizione usa già l'indirizzo «%(slug)s».")
            % {"slug": slug},
            field="slug",
        )


def create_route(
    edition: Edition,
    *,
    slug: str,
    title_it: str,
    title_en: str = "",
    description_it: str = "",
    description_en: str = "",
) -> Route:
    with transaction.atomic():
        _check_route_slug(edition, slug)
        return Route.objects.create(
            edition=edition,
            slug=slug,
            title_it=title_it,
            title_en=title_en,
            description_it=description_it,
            description_en=description_en,
        )


def update_route(
    route: Route,
    *,
    slug: str,
    title_it: str,
    title_en: str = "",
    description_it: str = "",
    description_en: str = "",
) -> Route:
    with transaction.atomic():
        _check_route_slug(route.edition, slug, exclude=route.pk)
        route.slug, route.title_it, route.title_en = slug, title_it, title_en
        route.description_it, route.description_en = description_it, description_en
        route.save()
    return route


def _renumber(stops: list[RouteStop]) -> None:
    for position, stop in enumerate(stops):
        stop.position = position
    RouteStop.objects.bulk_update(stops, ["position"])


def add_route_stop(route: Route, *, activity: Activity) -> RouteStop:
    """Append the activity to the route."""
    if activity.edition_id != route.edition_id:
        raise RouteError(_("L'attività non fa parte dell'edizione del percorso."), field="activity")
    with transaction.atomic():
        route = Route.objects.select_for_update().get(pk=route.pk)
        if route.stops.filter(activity=activity).exists():
            raise RouteError(_("L'attività è già nel percorso."), field="activity")
        last = route.stops.aggregate(last=Max("position"))["last"]
        return RouteStop.objects.create(
            route=route, activity=activity, position=0 if last is None else last + 1
        )


def remove_route_stop(stop: RouteStop) -> None:
    with transaction.atomic():
        route = Route.objects.select_for_update().get(pk=stop.route_id)
        RouteStop.objects.filter(pk=stop.pk).delete()
        _renumber(list(route.stops.all()))


def move_route_stop(stop: RouteStop, *, offset: int) -> RouteStop:
    """Move a stop `offset` places (negative: earlier), staying within the route."""
    with transaction.atomic():
        route = Route.objects.select_for_update().get(pk=stop.route_id)
        stops = list(route.stops.all())
        index = next(i for i, s in enumerate(stops) if s.pk == stop.pk)
        moved = stops.pop(index)
        stops.insert(max(0, min(len(stops), index + offset)), moved)
        _renumber(stops)
    return moved
