"""Every URL pattern of config.urls, with its full name (namespace:name)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    pattern: str
    callback: object = None


def _walk(resolver: URLResolver, namespace: str, prefix: str):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(name, prefix + str(entry.pattern), entry.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver(), "", ""))


def url_names() -> set[str]:
    return {route.name for route in all_routes() if route.name}


def is_admin(name: str) -> bool:
    return name.startswith("admin:")
