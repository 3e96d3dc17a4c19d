from django.http import HttpRequest

from .queries import get_current_edition


def current_edition(request: HttpRequest) -> dict:
    return {"current_edition": get_current_edition()}
