from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Organisation
from manifatture.editions.models import Edition
from manifatture.forms import StyledForm, field_of

from .queries import Filters

YES, NO = "si", "no"


class DashboardFilterForm(StyledForm):
    """The dashboard's filters, read from the query string (the downloads take the same)."""

    edizione = forms.TypedChoiceField(label=_("Edizione"), coerce=int, required=False)
    categoria = forms.ChoiceField(
        label=_("Categoria degli host"),
        choices=[("", _("Tutte"))] + Organisation.Category.choices,
        required=False,
    )
    municipio = forms.TypedChoiceField(
        label=_("Municipio"),
        choices=[("", _("Tutti"))] + [(n, _("Municipio %(n)s") % {"n": n}) for n in range(1, 10)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    periferia = forms.ChoiceField(
        label=_("Periferia"),
        choices=[
            ("", _("Periferia e centro")),
            (YES, _("Solo periferia")),
            (NO, _("Fuori dalla periferia")),
        ],
        required=False,
    )

    def __init__(self, *args, editions: list[Edition], **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "edizione", forms.ChoiceField).choices = [
            (e.year, str(e.year)) for e in editions
        ]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        periphery = {YES: True, NO: False}.get(data.get("periferia", ""))
        return Filters(
            category=data.get("categoria", ""),
            municipio=data.get("municipio"),
            periphery=periphery,
        )

    def year(self) -> int | None:
        if self.is_valid():
            return self.cleaned_data.get("edizione")
        return None
