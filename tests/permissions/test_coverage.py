"""Every URL name of the site has an entry in the permission matrix."""

from django.views.static import serve

from .matrix import MATRIX
from .resolver import all_routes, is_admin, url_names


def test_every_url_name_has_an_entry_in_the_matrix():
    missing = sorted(name for name in url_names() if not is_admin(name) and name not in MATRIX)
    assert not missing, (
        "URL names without an entry in tests/permissions/matrix.py (add one: see the "
        "module's docstring):\n  " + "\n  ".join(missing)
    )


def test_every_entry_names_an_existing_url():
    existing = url_names()
    stale = sorted(name for name in MATRIX if name not in existing)
    assert not stale, (
        "Entries of tests/permissions/matrix.py for URL names that no longer exist:\n  "
        + "\n  ".join(stale)
    )


def test_every_url_outside_the_admin_has_a_name():
    # An unnamed pattern could never have an entry, so it would escape the matrix.
    unnamed = sorted(
        route.pattern
        for route in all_routes()
        if route.name is None
        and not route.pattern.startswith("admin/")
        # static(): media files served by Django itself, only with DEBUG on.
        and route.callback is not serve
    )
    assert not unnamed, "URL patterns without a name:\n  " + "\n  ".join(unnamed)
