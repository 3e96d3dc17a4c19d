"""The vocabulary of the permission matrix (matrix.py): outcomes, cases and the
usual role patterns. See matrix.py for how to add an entry."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .world import ROLES, World

# Outcomes -------------------------------------------------------------------------------
# OK: the view served the person: 2xx, or a redirect anywhere but a login page
#     (for POST, also 400: the view ran and answered with the form's errors).
# LOGIN: a redirect to the login page (with ?next=).
# Any other outcome is an exact status code: 403 (refused), 404 (does not exist for
# this person), 400, 405, 410 ...
OK = "ok"
LOGIN = "login"
FORBIDDEN = 403
NOT_FOUND = 404

Outcome = str | int
Expect = Mapping[str, Outcome]


def expect(**outcomes: Outcome) -> dict[str, Outcome]:
    """Every role spelled out: expect(anonymous=LOGIN, visitor=403, ...)."""
    missing = set(ROLES) - set(outcomes)
    unknown = set(outcomes) - set(ROLES)
    if missing or unknown:
        raise ValueError(f"roles missing {sorted(missing)}, unknown {sorted(unknown)}")
    return dict(outcomes)


def allow(*roles: str, others: Outcome = FORBIDDEN, anonymous: Outcome = LOGIN) -> dict:
    """OK for `roles`; `others` (403 by default) for every other logged-in role;
    `anonymous` (the login page by default) unless listed in `roles`."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    outcomes = {role: OK if role in roles else others for role in ROLES}
    if "anonymous" not in roles:
        outcomes["anonymous"] = anonymous
    return outcomes


def everyone(outcome: Outcome) -> dict:
    """The same outcome for every role, anonymous included (a bad token: 400 for all)."""
    return dict.fromkeys(ROLES, outcome)


# The usual patterns.
PUBLIC = allow(*ROLES)
LOGGED_IN = allow("visitor", "host_member", "host_owner", "reviewer", "staff")
STAFF = allow("staff")
REVIEWERS = allow("reviewer", "staff")  # city staff review too
# Members (owner or staff membership) of the host organisation, and city staff.
MEMBERS = allow("host_member", "host_owner", "staff")
OWNERS = allow("host_owner", "staff")
# Someone else's object that only city staff may reach: STAFF, named for reading.
SOMEONE_ELSES = STAFF


# Building URL kwargs from the world -------------------------------------------------------


@dataclass(frozen=True)
class lit:
    """A literal kwarg value: kw(token=lit("not-a-token"))."""

    value: Any


def kw(**paths: str | lit | int) -> Callable[[World], dict]:
    """URL kwargs from dotted paths on the world: kw(pk="activity.pk", slug="host.slug");
    ints and lit(...) are taken as they are."""

    def build(world: World) -> dict:
        kwargs = {}
        for name, path in paths.items():
            if isinstance(path, lit):
                kwargs[name] = path.value
            elif isinstance(path, int):
                kwargs[name] = path
            else:
                value: Any = world
                for part in path.split("."):
                    value = getattr(value, part)
                kwargs[name] = value
        return kwargs

    return build


def no_kwargs(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Case:
    """One request to a URL name, made by each role, with the outcome expected."""

    expect: Expect
    kwargs: Callable[[World], dict] = no_kwargs
    method: str = "GET"
    data: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


def get(expect: Expect, kwargs: Callable[[World], dict] = no_kwargs, note: str = "") -> Case:
    return Case(expect=expect, kwargs=kwargs, method="GET", note=note)


def post(
    expect: Expect,
    kwargs: Callable[[World], dict] = no_kwargs,
    note: str = "",
    data: Mapping[str, Any] | None = None,
) -> Case:
    """A POST with empty data (or `data`): for POST-only views and for actions."""
    return Case(expect=expect, kwargs=kwargs, method="POST", data=data or {}, note=note)
