"""The second step of the login, enforced for every page.

An account that needs a second factor (city staff, admin accounts, and anyone
who turned it on) and whose session has not passed the second step reaches
only the pages of that step, the logout and the language switch: every other
request goes to the step (or to setting it up, the first time). Enforced here,
for every URL, rather than in the staff decorators, because staff see more
than staff pages (the access helpers of every app let them read everything).
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import second_factor

ALLOWED_URL_NAMES = {
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "accounts:logout",
    "accounts:privacy",
    "set_language",
}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user.second_factor_required:
            return None
        if second_factor.is_verified(request.session, user):
            return None
        if request.resolver_match.view_name in ALLOWED_URL_NAMES:
            return None
        target = (
            "accounts:second_factor"
            if user.second_factor_enabled
            else ("accounts:second_factor_setup")
        )
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
