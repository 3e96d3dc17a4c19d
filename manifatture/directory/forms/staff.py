"""Staff forms: moderating a profile, importing a file of organisations."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm

from ..models import ImportJob, Organisation


class ModerationForm(StyledForm):
    """Staff's decision on a new profile or a proposed change."""

    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Decisione"),
        choices=[(APPROVE, _("Pubblica")), (REJECT, _("Non pubblicare"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motivo (se non pubblicate)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Lo leggono i membri dell'organizzazione."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        kwargs.setdefault("prefix", f"m{organisation.pk}")
        super().__init__(*args, **kwargs)
        # The queue holds many of these forms: each names its organisation.
        self.fields["decision"].label = _("Decisione su «%(name)s»") % {"name": organisation.name}

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.REJECT and not data.get("reason", "").strip():
            self.add_error(
                "reason", _("Scrivete il motivo: lo leggono i membri dell'organizzazione.")
            )
        return data


IMPORT_MAX_BYTES = 20 * 1024 * 1024


class ImportForm(StyledForm):
    format = forms.ChoiceField(
        label=_("Formato del file"), choices=ImportJob.Format.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (separato da virgole o punti e virgola) o JSON, al massimo 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Importa le righe valide e salta quelle con errori"),
        required=False,
        help_text=_("Altrimenti, se una riga ha errori, non si importa nulla."),
    )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > IMPORT_MAX_BYTES:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("Il file pesa %(size)s: il massimo è 20 MB. Dividetelo in più parti."),
                    params={"size": filesizeformat(upload.size)},
                    code="import_too_large",
                ),
            )
            return cleaned
        raw = upload.read()
        if b"\x00" in raw[:8192]:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("Il file non è un testo CSV o JSON."), code="import_binary"
                ),
            )
            return cleaned
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                cleaned["text"] = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        return cleaned
