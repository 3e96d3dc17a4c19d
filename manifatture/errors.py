"""The one base of domain errors, and the one way views show them.

A service refuses what a rule forbids by raising a `DomainError` (each app
derives its own base from it, in its `exceptions.py`): `message` is for the
person, translated (Italian first, English in locale/en), and `field` names the
form field it is about, if any. A view catches the app's error and calls
`show_error`: on the form (on its field when the form has one, else at the top
with the form's error summary), or, without a form, as a message on the next
page. Never a server error, never a message written twice."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    default_message: StrOrPromise = _("Operazione non consentita.")
    field: str | None = None

    def __init__(self, message: StrOrPromise | None = None, *, field: str | None = None):
        self.message = message or self.default_message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


def show_error(where: forms.BaseForm | HttpRequest, error: DomainError) -> None:
    """Show `error` on the form `where` (next to its field when the form has
    it), or, when `where` is the request, as an error message on the next page."""
    if isinstance(where, HttpRequest):
        messages.error(where, error.message)
        return
    field = error.field if error.field in where.fields else None
    where.add_error(field, str(error.message))
