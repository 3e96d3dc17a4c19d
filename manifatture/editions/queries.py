from django.utils.functional import SimpleLazyObject

from .models import Edition


def get_current_edition() -> Edition | None:
    """The edition marked current, evaluated lazily so pages that don't use it pay nothing."""
    return SimpleLazyObject(lambda: Edition.objects.filter(is_current=True).first())


def current_edition_or_none() -> Edition | None:
    return Edition.objects.filter(is_current=True).first()
