"""Role checks for views. Anonymous people go to the login page; people
without the role get 403 (PermissionDenied)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def _role_required(check: Callable) -> Callable:
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _role_required(lambda user: user.is_city_staff)
reviewer_required = _role_required(lambda user: user.is_reviewer)


def verified_required(view):
    """Logged in with a verified address (the login backend already refuses
    unverified accounts; this also covers a verification withdrawn by staff)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.email_verified:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
