"""Role checks for views. Anonymous people go to the login page; people
without the role get 403 (PermissionDenied).

A view behind one of these decorators (or Django's `login_required`) takes an
`AuthenticatedHttpRequest`: its `request.user` is a signed-in `User`, never
`AnonymousUser`, and mypy checks the view's body with that."""

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view that only signed-in people reach."""

    user: User


class _ViewDecorator(Protocol):
    def __call__[V: Callable[..., HttpResponseBase]](self, view: V, /) -> V: ...


def _role_required(check: Callable[[User], bool]) -> _ViewDecorator:
    def decorator[V: Callable[..., HttpResponseBase]](view: V) -> V:
        @wraps(view)
        @login_required
        def wrapped(
            request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # functools.wraps keeps the view's signature

    return decorator


staff_required = _role_required(lambda user: user.is_city_staff)
reviewer_required = _role_required(lambda user: user.is_reviewer)


def verified_required[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Logged in with a verified address (the login backend already refuses
    unverified accounts; this also covers a verification withdrawn by staff)."""

    @wraps(view)
    @login_required
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.email_verified:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]  # functools.wraps keeps the view's signature
