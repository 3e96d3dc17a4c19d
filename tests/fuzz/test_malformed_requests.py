"""No malformed request gets a server error (5xx), whoever sends it.

Every URL of config.urls is requested as an anonymous person, a visitor, a host and
a member of the city staff: with the path arguments of real objects and with
malformed ones (huge numbers, non-existent keys, NUL bytes, long and non-ASCII
strings); then with malformed query strings and malformed bodies built from the
fields of the forms its page shows. The malformed values are sampled with a fixed
seed per URL and person, so a run is reproducible; FUZZ_SEED=n explores other
samples and FUZZ_ROUNDS=n sends n times as many."""

import os
import random
import time
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.opendata.resources import RESOURCES
from tests.permissions.matrix import MATRIX

from .requests import COMMON_GET, HUGE, MALFORMED_PATH, FormInfo, Fuzzer, Url, forms_of, site_urls

SEED = os.environ.get("FUZZ_SEED", "0")
ROUNDS = int(os.environ.get("FUZZ_ROUNDS", "1"))
GETS_PER_URL = 2 * ROUNDS  # malformed query strings per URL and person
POSTS_PER_URL = 3 * ROUNDS  # malformed bodies per URL and person
BAD_PATHS_PER_ARGUMENT = 2 * ROUNDS  # malformed values per path argument
ROLES = ("anonymous", "visitor", "host_owner", "staff")

URLS = [url for url in site_urls() if url.namespace != "admin"]
NAMESPACES = sorted({url.namespace for url in URLS})


def valid_kwargs(url: Url, world) -> dict[str, str]:
    """The path arguments of a real object: the permission matrix's first case
    for this URL name (the host's own object, the visitor's own booking...)."""
    if not url.arguments:
        return {}
    if url.name.startswith("api:") and url.name.endswith("-detail"):
        spec = RESOURCES[dict(url.default_args)["resource"]]
        key = spec.rows().values_list(spec.lookup, flat=True).first()
        return {"key": str(key if key is not None else 1)}
    entry = MATRIX[url.name]
    case = entry[0] if isinstance(entry, list) else entry
    return {name: quote(str(value), safe="") for name, value in case.kwargs(world).items()}


def fuzzers_for(world, label: str, roles=ROLES) -> list[Fuzzer]:
    fuzzers = []
    for role in roles:
        user = world.users[role] if role in world.users else getattr(world, role)
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        rng = random.Random(f"{SEED}:{label}:{role}")
        fuzzers.append(Fuzzer(role, client, rng))
    return fuzzers


def page_forms(response) -> list[FormInfo]:
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        return forms_of(response.content)
    return []


def fuzz_url(url: Url, fuzzers: dict[str, Fuzzer], world) -> None:
    """Every person requests the page with real arguments; one who reaches the view
    (200, or the first to be let through a POST-only view) gets the malformed
    query strings and bodies built from its forms, another person a sample of them,
    and the path arguments are replaced with malformed ones."""
    rng = random.Random(f"{SEED}:{url.name}")
    kwargs = valid_kwargs(url, world)
    path = url.path(kwargs)
    pages = {role: fuzzer.send("GET", path, "real arguments") for role, fuzzer in fuzzers.items()}
    reaching = [role for role, page in pages.items() if page.status_code == 200]
    if not reaching:  # POST-only views, redirects: prefer whoever is most likely let in
        reaching = [role for role in ("staff", "host_owner", "visitor") if role in fuzzers]
    main = rng.choice(reaching)
    forms = page_forms(pages[main])
    get_names = [name for form in forms if form.method == "get" for name in form.fields]
    get_names += [name for name in COMMON_GET if name not in get_names]
    post_forms = [form for form in forms if form.method == "post"]
    # The page's own form if it has one (others post elsewhere, e.g. the language switch).
    own = [form for form in post_forms if not form.action or form.action == path]
    post_form = (own or post_forms or [None])[0]
    fuzzers[main].get_variants(path, get_names, GETS_PER_URL)
    fuzzers[main].post_variants(path, post_form, POSTS_PER_URL)
    # NUL bytes every time: PostgreSQL refuses them in text with an error.
    fuzzers[main].send_nul(path, get_names, post_form)
    other = fuzzers[rng.choice([role for role in fuzzers if role != main])]
    other.get_variants(path, get_names, ROUNDS)
    other.post_variants(path, post_form, ROUNDS)
    for argument, converter in url.arguments.items():
        candidates = MALFORMED_PATH.get(converter, MALFORMED_PATH["str"])
        sample = rng.sample(candidates, min(BAD_PATHS_PER_ARGUMENT, len(candidates)))
        if converter in {"str", "path"} and "%00" not in sample:
            sample = ["%00", *sample]
        for bad in sample:
            bad_path = url.path({**kwargs, argument: bad})
            method = rng.choice(["GET", "POST"])
            fuzzers[rng.choice([main, *fuzzers])].send(method, bad_path, f"{argument}={bad[:20]}")


def report(fuzzers: list[Fuzzer], label: str, started: float) -> None:
    sent = sum(f.sent for f in fuzzers)
    print(f"fuzz {label}: {sent} requests in {time.monotonic() - started:.1f}s")
    failures = [failure for f in fuzzers for failure in f.failures]
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(
        str(failure) for failure in failures[:40]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_no_server_error_on_malformed_requests(namespace, world):
    started = time.monotonic()
    fuzzers = {fuzzer.user: fuzzer for fuzzer in fuzzers_for(world, namespace)}
    for url in URLS:
        if url.namespace == namespace:
            fuzz_url(url, fuzzers, world)
    # Bodies past the size and field-count limits, once per app, as a visitor.
    posting = next((u for u in URLS if u.namespace == namespace and not u.arguments), None)
    if posting is not None:
        fuzzers["visitor"].post_oversized(posting.path({}), ["q"])
    report(list(fuzzers.values()), namespace or "root", started)


@pytest.mark.django_db
def test_no_server_error_in_the_admin_on_malformed_requests(world):
    """The admin of every model: its list with malformed filters, sorting and pages;
    its forms with malformed bodies; objects with malformed keys (a superuser; and
    anonymous on a sample, who is sent to the login page)."""
    started = time.monotonic()
    world.admin = StaffFactory(is_staff=True, is_superuser=True)
    anonymous, staff = fuzzers_for(world, "admin", roles=("anonymous", "admin"))
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"{prefix}_changelist")
        if staff.rng.random() < 0.2:
            anonymous.send("GET", changelist, "anonymous")
        names = ["q", "o", "p", "e", "all", "_popup", "_to_field"]
        names += [f"{name}__exact" for name in model_admin.list_filter if isinstance(name, str)]
        names += [f"{field.name}__gte" for field in opts.fields]
        staff.send("GET", changelist, "changelist")
        staff.get_variants(changelist, names, ROUNDS)
        for bad in [HUGE, staff.rng.choice(["abc", "%00", "-1", "x" * 300])]:
            staff.send("GET", f"{changelist}{bad}/change/", f"object id {bad[:12]}")
        obj = model._default_manager.order_by("pk").first()
        form = None
        if obj is not None:
            change = reverse(f"{prefix}_change", args=[obj.pk])
            forms = [
                f for f in page_forms(staff.send("GET", change, "change")) if f.method == "post"
            ]
            form = forms[0] if forms else None
            staff.post_variants(change, form, ROUNDS)
        if model_admin.has_add_permission(request):
            staff.post_variants(reverse(f"{prefix}_add"), form, ROUNDS)
    report([anonymous, staff], "admin", started)
