from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm, field_of, label_choices
from manifatture.uploads import document_max_bytes, image_is_sound, sniff

from .models import Entry
from .queries import active_criteria
from .services import Upload

DOCUMENTS_MAX = 5


def sniff_document(data: bytes) -> str | None:
    """The document's type from its content (never from its name or the browser's
    word): a whole PDF, or a PNG or JPEG image that Pillow can read. None otherwise."""
    kind = sniff(data)
    if kind == "application/pdf":
        return kind if b"%%EOF" in data[-2048:] else None
    if kind in {"image/png", "image/jpeg"}:
        return kind if image_is_sound(data) else None
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several files in one input, each checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[Upload]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [super(DocumentsField, self).clean(f, initial) for f in files]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > DOCUMENTS_MAX:
            raise forms.ValidationError(
                _("Al massimo %(n)s documenti per domanda."),
                params={"n": DOCUMENTS_MAX},
                code="too_many_documents",
            )
        uploads = []
        for upload in files:
            if upload.size > document_max_bytes():
                raise forms.ValidationError(
                    _("«%(name)s» pesa %(size)s: il massimo è %(max)s per documento."),
                    params={
                        "name": upload.name,
                        "size": filesizeformat(upload.size),
                        "max": filesizeformat(document_max_bytes()),
                    },
                    code="document_too_large",
                )
            data = upload.read()
            content_type = sniff_document(data)
            if content_type is None:
                raise forms.ValidationError(
                    _(
                        "«%(name)s» non è un PDF, PNG o JPEG valido: salvate il documento in "
                        "uno di questi formati e riprovate."
                    ),
                    params={"name": upload.name},
                    code="document_type",
                )
            name = get_valid_filename(upload.name)[-200:] or "documento"
            uploads.append(Upload(name=name, content_type=content_type, data=data))
        return uploads


class ApplyForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Iscrizione come"), choices=Entry.Kind.choices, widget=forms.RadioSelect
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Dichiaro che lo spazio soddisfa i criteri"),
        queryset=active_criteria(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Dichiarate di soddisfare tutti i criteri.")},
    )
    statement = forms.CharField(
        label=_("Presentazione"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Come lo spazio soddisfa i criteri: orari, macchine, attività per la comunità."
        ),
    )
    documents = DocumentsField(
        label=_("Documenti"),
        help_text=_(
            "Regolamento d'uso, polizza assicurativa, elenco delle attrezzature: PDF, PNG o "
            "JPEG, fino a 5 documenti di 5 MB ciascuno."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].widget.attrs["class"] = "form-check-input"
        label_choices(
            field_of(self, "criteria", forms.ModelChoiceField), lambda criterion: criterion.title
        )

    def clean_criteria(self):
        criteria = self.cleaned_data["criteria"]
        if set(active_criteria()) - set(criteria):
            raise forms.ValidationError(
                _("Dichiarate di soddisfare tutti i criteri."), code="criteria_missing"
            )
        return list(criteria)


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Esito"),
        choices=[("approve", _("Approva l'iscrizione")), ("reject", _("Respingi la domanda"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motivo del rifiuto"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obbligatorio se respingete: sarà inviato a chi ha fatto domanda."),
    )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                forms.ValidationError(
                    _("Scrivete il motivo: sarà comunicato a chi ha presentato la domanda."),
                    code="reason_required",
                ),
            )
        return cleaned


class KindFilterForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Tipo"),
        required=False,
        choices=[("", _("Tutti i tipi"))] + list(Entry.Kind.choices),
    )
