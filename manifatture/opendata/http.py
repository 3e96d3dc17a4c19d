"""What every open-data and API response shares: GET only, CORS for reuse, a
per-client rate limit (the "api" limit of manifatture.ratelimit) and JSON
errors (never an HTML page, never a 500 for bad input)."""

import datetime
import functools
import re
from collections.abc import Callable, Mapping

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from manifatture import ratelimit

from .resources import Filter

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 100_000
MAX_ID = 2**63 - 1
COMUNE_PATTERN = r"^[0-9]{6}$"


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def error_response(status: int, code: str, message: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, **extra}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def json_response(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
    response["Access-Control-Expose-Headers"] = "Retry-After, RateLimit-Limit, RateLimit-Remaining"
    response["Access-Control-Max-Age"] = "86400"
    return response


def public_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a read-only public view: methods, CORS, rate limit, JSON errors."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        if request.method not in {"GET", "HEAD"}:
            response = error_response(
                405, "method_not_allowed", _("Questo indirizzo si legge soltanto (GET).")
            )
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        decision = ratelimit.take("api", ratelimit.by_address(request))
        if not decision.allowed:
            response = error_response(
                429,
                "rate_limited",
                _("Troppe richieste: riprovate tra %(seconds)s secondi.")
                % {"seconds": decision.retry_after},
            )
            response["Retry-After"] = str(decision.retry_after)
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as error:
                response = error_response(
                    400, "invalid_parameter", error.message, parameter=error.parameter
                )
        response["RateLimit-Limit"] = str(decision.limit)
        response["RateLimit-Remaining"] = str(decision.remaining)
        return _cors(response)

    # Every parameter is parsed here and a bad one answered in JSON, NUL bytes
    # included: manifatture.middleware.RejectNulBytesMiddleware leaves it to us.
    wrapper.checks_own_input = True  # type: ignore[attr-defined]  # a mark on the view, as csrf_exempt's
    return wrapper


# Query parameters ---------------------------------------------------------------------


def parse_integer(name: str, raw: str, *, minimum: int | None, maximum: int | None) -> int:
    if not re.fullmatch(r"-?[0-9]{1,19}", raw.strip()):
        raise BadParameter(name, _("“%(name)s” deve essere un numero intero.") % {"name": name})
    value = int(raw)
    low = minimum if minimum is not None else -MAX_ID
    high = maximum if maximum is not None else MAX_ID
    if not low <= value <= high:
        raise BadParameter(
            name,
            _("“%(name)s” deve essere tra %(low)s e %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def parse_moment(name: str, raw: str):
    raw = raw.strip()
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            name,
            _("“%(name)s” deve essere una data o un istante ISO 8601, ad esempio %(example)s.")
            % {"name": name, "example": "2019-11-29T10:00:00+01:00"},
        )
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # Any valid ISO offset (even +16:52) reaches the database as UTC, which
        # every backend accepts; a moment that doesn't fit in UTC is bad input.
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise BadParameter(
            name,
            _("“%(name)s” deve essere una data o un istante ISO 8601, ad esempio %(example)s.")
            % {"name": name, "example": "2019-11-29T10:00:00+01:00"},
        ) from None


def parse_filter(flt: Filter, raw: str):
    if flt.type == "integer":
        return parse_integer(flt.name, raw, minimum=flt.minimum, maximum=flt.maximum)
    if flt.type == "boolean":
        if raw.lower() in {"true", "1"}:
            return True
        if raw.lower() in {"false", "0"}:
            return False
        raise BadParameter(flt.name, _("“%(name)s” deve essere true o false.") % {"name": flt.name})
    if flt.type == "date-time":
        return parse_moment(flt.name, raw)
    if flt.enum:
        if raw not in flt.enum:
            raise BadParameter(
                flt.name,
                _("“%(name)s” deve essere uno tra: %(values)s.")
                % {"name": flt.name, "values": ", ".join(flt.enum)},
            )
        return raw
    if flt.name == "comune" and not re.fullmatch(COMUNE_PATTERN, raw):
        raise BadParameter(
            flt.name, _("“comune” deve essere un codice ISTAT di 6 cifre, ad esempio 015146.")
        )
    return raw


def parse_filters(filters: tuple[Filter, ...], params: Mapping[str, str]) -> list[tuple]:
    """The filters present in the query string, each with its parsed value."""
    return [(flt, parse_filter(flt, params[flt.name])) for flt in filters if flt.name in params]


def parse_page(params: Mapping[str, str]) -> tuple[int, int]:
    page = (
        parse_integer("page", params["page"], minimum=1, maximum=MAX_PAGE)
        if "page" in params
        else 1
    )
    size = (
        parse_integer("page_size", params["page_size"], minimum=1, maximum=MAX_PAGE_SIZE)
        if "page_size" in params
        else DEFAULT_PAGE_SIZE
    )
    return page, size
