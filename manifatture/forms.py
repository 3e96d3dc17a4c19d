"""Form helpers shared by every app: Bootstrap Italia classes on widgets."""

from collections.abc import Callable
from typing import Any

from django import forms


def _style(widget: forms.Widget) -> None:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


class StyledFormMixin:
    """Adds the Bootstrap Italia CSS class that suits each widget."""

    fields: dict[str, forms.Field]  # the form's, this mixin comes before a Form class

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field.widget)

    def __getitem__(self, name: str) -> forms.BoundField:
        # A field added after __init__ (one per row of a form, say) is styled
        # when it is shown.
        _style(self.fields[name].widget)
        return super().__getitem__(name)  # type: ignore[misc]


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


def field_of[F: forms.Field](form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field `name` as the kind of field it is, to set what only that
    kind has (a ModelChoiceField's queryset, a ChoiceField's choices)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind}")
    return field


def label_choices(field: forms.ModelChoiceField, label: Callable[[Any], str]) -> None:
    """Name each choice of `field` with `label(obj)` instead of `str(obj)`."""
    # Django calls field.label_from_instance(obj); this instance's own replaces the method.
    field.label_from_instance = label  # type: ignore[method-assign,assignment]
