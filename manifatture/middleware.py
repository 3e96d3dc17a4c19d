"""Response headers Django's SecurityMiddleware doesn't set, and requests no
view should see."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.template import loader
from django.urls import LocalePrefixPattern, Resolver404, get_resolver
from django.utils import translation
from django.utils.cache import patch_cache_control


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
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or a form field is refused with
    400 before the view runs. No form accepts one ("Null characters are not
    allowed") and PostgreSQL cannot store one: a token in the path, a filter in
    the query string or a search in the admin that carried one to the database
    ended in a server error. Uploaded files are not form fields: their bytes are
    theirs. Views marked `checks_own_input` (the open-data API, which answers
    every bad parameter in JSON) are left to do it themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if getattr(view_func, "checks_own_input", False):
            return None
        if (
            "\x00" in request.path_info
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            # The site's own 400 page, in the language LocaleMiddleware chose.
            return HttpResponseBadRequest(loader.get_template("400.html").render())
        return None


class PrivatePagesMiddleware:
    """A page answered to a logged-in person says `Cache-Control: private,
    no-store`: it may hold their name, bookings or messages, and no proxy, CDN
    or shared browser may keep it (nor the back button after logging out).
    Anonymous pages keep whatever caching their views chose: without a session
    cookie nobody is logged in, and the session is not even read (reading it
    would add `Vary: Cookie` to every public page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and user is not None
            and user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, with one difference. The pages carry their language
    in the address (config/urls.py: Italian unprefixed, English under /en/), and
    Django then serves every unprefixed address in Italian. The addresses outside
    the language prefix (the API and its documentation, the health checks) have no
    English twin, so there the language still comes from the request, as before:
    the language cookie, then Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if not _under_language_prefix(request.path_info, getattr(request, "urlconf", None)):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()


def _under_language_prefix(path: str, urlconf) -> bool:
    """Whether `path` is one of the pages of i18n_patterns rather than of an entry
    outside it (which resolve without a prefix)."""
    for entry in get_resolver(urlconf).url_patterns:
        if isinstance(getattr(entry, "pattern", None), LocalePrefixPattern):
            continue
        try:
            if entry.resolve(path.lstrip("/")):
                return False
        except Resolver404:
            continue
    return True
