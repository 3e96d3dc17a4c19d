"""The directory's search filters (text, category, capability, material,
ATECO, place), and a select fast enough for long lists."""

from html import escape
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm, field_of, label_choices

from ..models import Capability, Municipio, Nil, Organisation
from ..queries import comuni_for_sites
from ..search import Filters, ateco_divisions, ateco_sections


class FastSelect(forms.Select):
    """A select rendered in Python rather than one template per option: the search
    filters have some 350 options (NIL, comuni, ATECO divisions), and the template
    way costs tens of milliseconds on every search. Same markup."""

    def _option_list(self):
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            # One plain query: the iterator would open a server-side cursor on
            # PostgreSQL, three round trips for a list of a hundred rows.
            field = choices.field
            empty: list[tuple[Any, Any]] = (
                [("", field.empty_label)] if field.empty_label is not None else []
            )
            assert field.queryset is not None  # set in the form's __init__
            return empty + [choices.choice(obj) for obj in field.queryset]
        return choices

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}

        def option(option_value, label) -> str:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            return f'<option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>'

        parts = [f"<select{flatatt(final_attrs)}>"]
        for option_value, label in self._option_list():
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(str(option_value))}">')
                parts.extend(option(v, sub_label) for v, sub_label in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))


def _division_choices() -> list:
    titles = dict(ateco_sections())
    grouped: dict[str, list] = {}
    for code, section, title in ateco_divisions():
        grouped.setdefault(section, []).append((code, f"{code} – {title}"))
    return [("", _("Tutte le divisioni"))] + [
        (f"{section} – {titles[section]}", choices) for section, choices in grouped.items()
    ]


class DirectoryFilterForm(StyledForm):
    """The search filters. Unknown values are dropped, never an error page."""

    q = forms.CharField(
        label=_("Cerca"),
        required=False,
        max_length=200,
        help_text=_("Nome, attività, macchine, materiali: ad esempio «taglio laser legno»."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    category = forms.ChoiceField(
        label=_("Tipo"),
        required=False,
        choices=[("", _("Tutti i tipi"))] + list(Organisation.Category.choices),
        widget=FastSelect,
    )
    section = forms.ChoiceField(label=_("Settore ATECO"), required=False, widget=FastSelect)
    division = forms.ChoiceField(label=_("Divisione ATECO"), required=False, widget=FastSelect)
    capability = forms.ModelChoiceField(
        label=_("Capacità"),
        required=False,
        queryset=Capability.objects.all(),
        to_field_name="code",
        empty_label=_("Tutte le capacità"),
        widget=FastSelect,
    )
    nil = forms.ModelChoiceField(
        label=_("Quartiere (NIL)"),
        required=False,
        queryset=Nil.objects.only("id", "name").order_by("name"),
        empty_label=_("Tutti i quartieri"),
        widget=FastSelect,
    )
    municipio = forms.ModelChoiceField(
        label=_("Municipio"),
        required=False,
        queryset=Municipio.objects.only("number").order_by("number"),
        empty_label=_("Tutti i Municipi"),
        widget=FastSelect,
    )
    comune = forms.ModelChoiceField(
        label=_("Comune"),
        required=False,
        queryset=comuni_for_sites(),
        empty_label=_("Tutti i comuni"),
        widget=FastSelect,
    )
    periphery = forms.BooleanField(label=_("Solo nelle periferie"), required=False)
    qualified = forms.BooleanField(label=_("Solo iscritti all'albo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "section", forms.ChoiceField).choices = [("", _("Tutti i settori"))] + [
            (letter, f"{letter} – {title}") for letter, title in ateco_sections()
        ]
        field_of(self, "division", forms.ChoiceField).choices = _division_choices()
        label_choices(field_of(self, "nil", forms.ModelChoiceField), lambda nil: nil.label)

    def filters(self) -> Filters:
        """The valid filters (an invalid one is ignored, and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        nil, municipio, comune = data.get("nil"), data.get("municipio"), data.get("comune")
        return Filters(
            q=data.get("q", ""),
            category=data.get("category", ""),
            section=data.get("section", ""),
            division=data.get("division", ""),
            capability=data.get("capability"),
            nil_id=nil.pk if nil else None,
            municipio_id=municipio.pk if municipio else None,
            comune_id=comune.pk if comune else "",
            periphery=bool(data.get("periphery")),
            qualified=bool(data.get("qualified")),
        )

    @property
    def is_filtered(self) -> bool:
        return self.filters() != Filters()
