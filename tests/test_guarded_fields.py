"""No second path to a guarded field (manifatture/guarded_fields.py).

Every ModelForm of the project and every registered ModelAdmin (its form, its
inlines, its list_editable) is checked against the registry of fields one
service decides, so a new form or admin page that exposes one fails here.
"""

import importlib
import importlib.util

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import flatten_fieldsets
from django.test import RequestFactory

from manifatture.accounts.models import User
from manifatture.guarded_fields import (
    ADMIN_ACTIONS_THROUGH_SERVICE,
    FORMS_THROUGH_SERVICE,
    GUARDED_FIELDS,
)


def _import_every_forms_module() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("manifatture.") and importlib.util.find_spec(
            f"{config.name}.forms"
        ):
            importlib.import_module(f"{config.name}.forms")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_model_forms() -> list[type[forms.ModelForm]]:
    _import_every_forms_module()
    found = {
        form
        for form in _subclasses(forms.ModelForm)
        if form.__module__.startswith("manifatture.") and getattr(form._meta, "model", None)
    }
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def _guarded(model) -> set[str]:
    return set(GUARDED_FIELDS.get(model._meta.label, {}))


def test_the_registry_names_real_fields():
    for label, fields in GUARDED_FIELDS.items():
        model = apps.get_model(label)
        names = {field.name for field in model._meta.get_fields()}
        assert set(fields) <= names, f"{label}: {set(fields) - names} are not fields"
    for path in FORMS_THROUGH_SERVICE:
        module, name = path.rsplit(".", 1)
        assert issubclass(getattr(importlib.import_module(module), name), forms.ModelForm)


def test_the_check_sees_the_forms_it_must():
    names = {f"{form.__module__}.{form.__qualname__}" for form in _project_model_forms()}
    assert set(FORMS_THROUGH_SERVICE) <= names
    assert len(names) > 10


@pytest.mark.parametrize(
    "form", _project_model_forms(), ids=lambda form: f"{form.__module__}.{form.__qualname__}"
)
def test_no_model_form_writes_a_guarded_field_past_its_service(form):
    allowed = FORMS_THROUGH_SERVICE.get(f"{form.__module__}.{form.__qualname__}", frozenset())
    exposed = (set(form.base_fields) & _guarded(form._meta.model)) - allowed
    assert not exposed, (
        f"{form.__qualname__} lets people write {sorted(exposed)}, which "
        f"{form._meta.model._meta.label}'s services decide (manifatture/guarded_fields.py)"
    )


def _request():
    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True, is_active=True)
    return request


def _editable(model_admin, request, obj) -> set[str]:
    """Fields the admin page (or inline) lets staff write for `obj` (None: adding)."""
    if isinstance(model_admin, InlineModelAdmin):
        writes = model_admin.has_add_permission(request, obj) or (
            obj is not None and model_admin.has_change_permission(request, obj)
        )
    elif obj is None:
        writes = model_admin.has_add_permission(request)
    else:
        writes = model_admin.has_change_permission(request, obj)
    if not writes:
        return set()
    fields = set(flatten_fieldsets(model_admin.get_fieldsets(request, obj)))
    return fields - set(model_admin.get_readonly_fields(request, obj))


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_no_admin_page_edits_a_guarded_field(model):
    model_admin = admin.site._registry[model]
    request = _request()
    exposed = {}
    for obj in (None, model()):
        editable = _editable(model_admin, request, obj) | set(model_admin.list_editable)
        if hit := editable & _guarded(model):
            exposed[model._meta.label] = sorted(hit)
        for inline in model_admin.get_inline_instances(request, obj):
            if hit := _editable(inline, request, obj) & _guarded(inline.model):
                exposed[f"{model._meta.label} / inline {inline.model._meta.label}"] = sorted(hit)
    assert not exposed, f"the admin edits guarded fields: {exposed} (manifatture/guarded_fields.py)"
    if _guarded(model):
        actions = set(model_admin.get_actions(request)) - {"delete_selected"}
        unlisted = {f"{model._meta.label}.{name}" for name in actions} - set(
            ADMIN_ACTIONS_THROUGH_SERVICE
        )
        assert not unlisted, f"admin actions on guarded rows without a service: {unlisted}"


@pytest.mark.django_db
def test_the_admin_still_shows_what_it_no_longer_edits(client):
    """The pages made read-only render, with the guarded values shown."""
    from manifatture.ballots.tests.factories import BallotActivityFactory
    from manifatture.bookings.tests.factories import BookingFactory

    listed = BallotActivityFactory()
    booking = BookingFactory(slot__activity=listed.activity, party_size=3)
    client.force_login(User.objects.create_superuser(email="admin@esempio.it", password="x" * 12))
    for url in (
        f"/admin/activities/activity/{listed.activity.pk}/change/",
        f"/admin/ballots/ballot/{listed.ballot.pk}/change/",
        f"/admin/editions/edition/{listed.ballot.edition.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/admin/activities/activity/{listed.activity.pk}/change/").text
    assert booking.slot.capacity and "Su sorteggio" in page
    assert 'name="slots-0-capacity"' not in page
