from django.http import HttpRequest

from .services import is_public_page


def page_rating(request: HttpRequest) -> dict:
    """Whether the page shows the clarity rating: public pages only."""
    return {"page_is_rateable": is_public_page(request.path)}
