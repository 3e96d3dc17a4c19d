"""The page action both kinds of application share: city staff rule out a conflict."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import Promise
from django.views.decorators.http import require_POST

from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.accounts.models import User
from manifatture.errors import DomainError, show_error

from .exceptions import ReviewingError


def staff_conflict_override_view(
    *,
    get_application: Callable,
    override_conflict: Callable,
    errors: type[DomainError],
    staff_page: str,
    done: Promise,
) -> Callable[..., HttpResponse]:
    """The view of an app's `staff_conflict_override` URL: `get_application` is the
    app's access helper, `override_conflict` its service (which calls
    services.clear_conflict), `errors` its domain-error base, `staff_page` the URL
    name of its staff page of the application, `done` the success message (with
    %(person)s)."""

    @staff_required
    @require_POST
    def staff_conflict_override(
        request: AuthenticatedHttpRequest, pk: int, reviewer_pk: int
    ) -> HttpResponse:
        """City staff rule out a conflict found by the membership rule (audited)."""
        application = get_application(request.user, pk)
        reviewer = get_object_or_404(User, pk=reviewer_pk)
        try:
            override_conflict(
                application,
                reviewer=reviewer,
                by=request.user,
                reason=request.POST.get("reason", "")[:1000],
            )
        except (errors, ReviewingError) as error:
            show_error(request, error)
        else:
            messages.success(request, done % {"person": reviewer.full_name or reviewer.email})
        return redirect(staff_page, pk=application.pk)

    return staff_conflict_override
