"""Domain errors derive from one base with a translated message, and views
show them one way (manifatture/errors.py)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation

import manifatture
from manifatture.errors import DomainError, show_error

# Exceptions that are not refusals shown to a person: a lost task worker
# (operations, retried by the queue).
NOT_DOMAIN_ERRORS = {"manifatture.operations.exceptions.WorkerLost"}


def _domain_modules():
    for app in pkgutil.iter_modules(manifatture.__path__):
        try:
            yield importlib.import_module(f"manifatture.{app.name}.exceptions")
        except ModuleNotFoundError:
            continue


def _errors_defined_in(module):
    for _name, value in inspect.getmembers(module, inspect.isclass):
        if issubclass(value, BaseException) and value.__module__ == module.__name__:
            yield value


def test_every_apps_errors_derive_from_the_one_base():
    others = [
        f"{error.__module__}.{error.__qualname__}"
        for module in _domain_modules()
        for error in _errors_defined_in(module)
        if not issubclass(error, DomainError)
    ]
    assert sorted(set(others) - NOT_DOMAIN_ERRORS) == []


def test_every_default_message_has_its_english_translation():
    untranslated = []
    for module in _domain_modules():
        for error in _errors_defined_in(module):
            if not issubclass(error, DomainError):
                continue
            with translation.override("it"):
                italian = str(error.default_message)
            with translation.override("en"):
                english = str(error.default_message)
            if italian == english:
                untranslated.append(f"{error.__module__}.{error.__qualname__}")
    assert untranslated == []


class _PartyForm(forms.Form):
    party_size = forms.IntegerField()


class _TooMany(DomainError):
    default_message = "Troppe persone."
    field = "party_size"


def test_an_error_goes_on_its_field_when_the_form_has_it():
    form = _PartyForm(data={"party_size": "3"})
    assert form.is_valid()
    show_error(form, _TooMany())
    assert form.errors == {"party_size": ["Troppe persone."]}


def test_an_error_about_no_field_of_the_form_goes_at_the_top():
    form = _PartyForm(data={"party_size": "3"})
    assert form.is_valid()
    show_error(form, _TooMany(field="group_name"))
    show_error(form, DomainError("Turno annullato."))
    assert form.non_field_errors() == ["Troppe persone.", "Turno annullato."]


@pytest.mark.parametrize(
    "language, expected",
    [("it", "Operazione non consentita."), ("en", "This operation is not allowed.")],
)
def test_without_a_form_the_error_is_a_message_on_the_next_page(language, expected):
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override(language):
        show_error(request, DomainError())
        assert [str(m) for m in get_messages(request)] == [expected]
