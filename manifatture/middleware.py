"""Response headers Django's SecurityMiddleware doesn't set."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _origin(origin: str) -> str:
    # Keywords stand bare, origins are quoted strings.
    return origin if origin in {"self", "*"} else f'"{origin}"'


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": ["self"], "geolocation": []}` → `camera=(self), geolocation=()`."""
    return ", ".join(
        f"{feature}=({' '.join(_origin(origin) for origin in origins)})"
        for feature, origins in policy.items()
    )


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (browser features a page may use) from
    the PERMISSIONS_POLICY setting; Django 6.1 has no setting of its own for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
