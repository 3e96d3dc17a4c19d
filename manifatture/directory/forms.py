import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm, StyledModelForm, field_of, label_choices
from manifatture.uploads import ImageUploadField, image_limit_help

from .models import (
    Capability,
    ImportJob,
    Link,
    Machine,
    Membership,
    Municipio,
    Nil,
    Organisation,
    Site,
)
from .queries import comuni_for_sites
from .search import Filters, ateco_divisions, ateco_sections
from .validators import normalize_ateco, validate_ateco, validate_partita_iva

LOGO_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
LOGO_MAX_SIDE = 1200

# The Città metropolitana di Milano, with a margin: sites outside are typing mistakes.
METRO_LATITUDE = (Decimal("45.15"), Decimal("45.75"))
METRO_LONGITUDE = (Decimal("8.65"), Decimal("9.60"))


class LogoInput(forms.ClearableFileInput):
    """The current logo as a picture, with a "remove" checkbox in Bootstrap Italia markup."""

    template_name = "directory/widgets/logo_input.html"


class OrganisationForm(StyledModelForm):
    # Wider than the stored value: people type "IT 12345678901" or "25 62 00".
    vat_number = forms.CharField(
        label=_("Partita IVA"),
        max_length=20,
        required=False,
        help_text=_("11 cifre. Lasciate vuoto se l'organizzazione non ha partita IVA."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ateco_code = forms.CharField(
        label=_("Codice ATECO"),
        max_length=20,
        required=False,
        help_text=_(
            "Classificazione ISTAT ATECO 2025, ad esempio 25.62.00 (potete scrivere anche 256200)."
        ),
    )
    logo = ImageUploadField(
        label=_("Logo"),
        required=False,
        formats=LOGO_FORMATS,
        max_side=LOGO_MAX_SIDE,
        help_text=image_limit_help(LOGO_FORMATS),
        widget=LogoInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "category",
            "description_it",
            "description_en",
            "website",
            "vat_number",
            "ateco_code",
            "logo",
        ]
        labels = {
            "name": _("Nome"),
            "category": _("Categoria"),
            "description_it": _("Descrizione in italiano"),
            "description_en": _("Descrizione in inglese"),
            "website": _("Sito web"),
        }
        help_texts = {
            "description_it": _("Chi siete, cosa fate, cosa può vedere chi vi visita."),
            "description_en": _("Facoltativa: per i visitatori che leggono il sito in inglese."),
            "website": _("L'indirizzo completo, ad esempio https://www.esempio.it"),
        }
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_vat_number(self) -> str | None:
        value = re.sub(r"[\s.\-]", "", self.cleaned_data["vat_number"]).upper()
        value = value.removeprefix("IT")
        if not value:
            return None
        validate_partita_iva(value)
        others = Organisation.objects.filter(vat_number=value)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _(
                    "Un'altra organizzazione è già registrata con questa partita IVA. Se è la "
                    "vostra, chiedete ai suoi titolari di aggiungervi come membri."
                ),
                code="vat_taken",
            )
        return value

    def clean_ateco_code(self) -> str:
        raw = self.cleaned_data["ateco_code"].strip()
        if not raw:
            return ""
        # "25 62 00", "25-62-00" and "256200" all mean 25.62.00.
        candidate = re.sub(r"[\s.\-]", "", raw) if re.fullmatch(r"[\d\s.\-]+", raw) else raw
        try:
            code = normalize_ateco(candidate)
            validate_ateco(code)
        except (ValueError, forms.ValidationError) as error:
            raise forms.ValidationError(
                _("«%(code)s» non è un codice della classificazione ATECO dell'ISTAT."),
                params={"code": raw},
                code="ateco_unknown",
            ) from error
        if len(code) > 8:
            raise forms.ValidationError(
                _("«%(code)s» non è un codice della classificazione ATECO dell'ISTAT."),
                params={"code": raw},
                code="ateco_unknown",
            )
        return code


class CoordinateField(forms.DecimalField):
    """A decimal degree, typed with a dot or a comma, rounded to six decimals (about 10 cm)."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        super().__init__(
            min_value=min_value,
            max_value=max_value,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        # Out-of-range numbers are left as typed: the range check explains them.
        if number is None or not number.is_finite() or abs(number) >= 1000:
            return number
        return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


class SiteForm(StyledModelForm):
    latitude = CoordinateField(
        label=_("Latitudine"),
        min_value=-90,
        max_value=90,
        help_text=_("In gradi decimali, ad esempio 45.4842 (Milano è intorno a 45,46 nord)."),
        error_messages={
            "invalid": _("Scrivete la latitudine come numero decimale, ad esempio 45.4842."),
            "min_value": _("La latitudine deve essere compresa tra -90 e 90."),
            "max_value": _("La latitudine deve essere compresa tra -90 e 90."),
        },
    )
    longitude = CoordinateField(
        label=_("Longitudine"),
        min_value=-180,
        max_value=180,
        help_text=_("In gradi decimali, ad esempio 9.2399 (Milano è intorno a 9,19 est)."),
        error_messages={
            "invalid": _("Scrivete la longitudine come numero decimale, ad esempio 9.2399."),
            "min_value": _("La longitudine deve essere compresa tra -180 e 180."),
            "max_value": _("La longitudine deve essere compresa tra -180 e 180."),
        },
    )
    postcode = forms.RegexField(
        label=_("CAP"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("Il CAP è fatto di 5 cifre, ad esempio 20134.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "address",
            "postcode",
            "comune",
            "latitude",
            "longitude",
            "step_free",
            "accessible_toilet",
            "seating",
            "hearing_loop",
            "accessibility_notes",
        ]
        labels = {
            "name": _("Nome della sede"),
            "address": _("Indirizzo"),
            "comune": _("Comune"),
        }
        help_texts = {
            "name": _("Ad esempio «Laboratorio di via Ventura» o «Sede principale»."),
            "address": _("Via e numero civico."),
            "accessibility_notes": _(
                "Ad esempio: ingresso accessibile dal cortile, ascensore, percorso con "
                "pavimentazione irregolare."
            ),
        }
        widgets = {"accessibility_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "comune", forms.ModelChoiceField).queryset = comuni_for_sites(
            including=self.instance.comune_id if self.instance.pk else None
        )
        field_of(self, "comune", forms.ModelChoiceField).empty_label = None
        self.fields["comune"].help_text = _("I comuni della Città metropolitana di Milano.")

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is None or longitude is None:
            return cleaned
        lat_ok = METRO_LATITUDE[0] <= latitude <= METRO_LATITUDE[1]
        lon_ok = METRO_LONGITUDE[0] <= longitude <= METRO_LONGITUDE[1]
        if lat_ok and lon_ok:
            return cleaned
        swapped = (
            METRO_LATITUDE[0] <= longitude <= METRO_LATITUDE[1]
            and METRO_LONGITUDE[0] <= latitude <= METRO_LONGITUDE[1]
        )
        if swapped:
            raise forms.ValidationError(
                _(
                    "Sembra che latitudine e longitudine siano scambiate: a Milano la "
                    "latitudine è intorno a 45 e la longitudine intorno a 9."
                ),
                code="coordinates_swapped",
            )
        if not lat_ok:
            self.add_error(
                "latitude",
                forms.ValidationError(
                    _(
                        "Questo punto è fuori dalla Città metropolitana di Milano: la latitudine "
                        "deve essere tra 45,15 e 45,75 nord."
                    ),
                    code="outside_metro",
                ),
            )
        if not lon_ok:
            self.add_error(
                "longitude",
                forms.ValidationError(
                    _(
                        "Questo punto è fuori dalla Città metropolitana di Milano: la longitudine "
                        "deve essere tra 8,65 e 9,60 est."
                    ),
                    code="outside_metro",
                ),
            )
        return cleaned


class MemberAddForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail della persona"),
        help_text=_(
            "Riceverà un invito da accettare; se non ha ancora un account, potrà "
            "registrarsi con questo indirizzo e poi accettarlo."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Ruolo"),
        choices=Membership.Role.choices,
        initial=Membership.Role.STAFF,
        help_text=_(
            "I collaboratori modificano il profilo e le sedi; i titolari gestiscono anche i membri."
        ),
    )


class MemberRoleForm(StyledForm):
    role = forms.ChoiceField(label=_("Ruolo"), choices=Membership.Role.choices)


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


def _checkbox_lists(form: forms.BaseForm) -> None:
    # StyledForm gives every non-checkbox widget "form-control"; lists of checkboxes
    # want the checkbox class on each input.
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-check-input"


class ProfileDetailsForm(StyledModelForm):
    """What the organisation can do and offers: the data that search and matching use."""

    tags = forms.CharField(
        label=_("Etichette"),
        required=False,
        max_length=500,
        help_text=_("Parole chiave separate da virgole, ad esempio: design, upcycling, su misura."),
    )

    class Meta:
        model = Organisation
        fields = [
            "capabilities",
            "materials",
            "services_it",
            "services_en",
            "opening_hours",
            "contact_email",
        ]
        labels = {
            "capabilities": _("Cosa sapete fare"),
            "materials": _("Materiali che lavorate"),
            "services_it": _("Servizi offerti, in italiano"),
            "services_en": _("Servizi offerti, in inglese"),
            "opening_hours": _("Orari di apertura"),
            "contact_email": _("E-mail per i contatti"),
        }
        help_texts = {
            "services_it": _("Ad esempio: prototipazione, corsi, noleggio delle macchine a ore."),
            "services_en": _("Facoltativi: per chi legge il sito in inglese."),
            "opening_hours": _("Ad esempio: dal lunedì al venerdì 9–18, sabato su appuntamento."),
        }
        widgets = {
            "capabilities": forms.CheckboxSelectMultiple,
            "materials": forms.CheckboxSelectMultiple,
            "services_it": forms.Textarea(attrs={"rows": 3}),
            "services_en": forms.Textarea(attrs={"rows": 3}),
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _checkbox_lists(self)
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(self.instance.tags.values_list("name", flat=True))

    def clean_tags(self) -> list[str]:
        names = [" ".join(part.split()) for part in self.cleaned_data["tags"].split(",")]
        names = [name for name in names if name]
        too_long = [name for name in names if len(name) > 40]
        if too_long:
            raise forms.ValidationError(
                _("Ogni etichetta può avere al massimo 40 caratteri: «%(tag)s» è troppo lunga."),
                params={"tag": too_long[0]},
                code="tag_too_long",
            )
        if len(names) > 15:
            raise forms.ValidationError(
                _("Al massimo 15 etichette: tenete le più significative."), code="too_many_tags"
            )
        return names


class MachineForm(StyledModelForm):
    class Meta:
        model = Machine
        fields = ["capability", "model", "notes"]
        labels = {
            "capability": _("Tipo di macchina"),
            "model": _("Marca e modello"),
            "notes": _("Note"),
        }
        help_texts = {
            "model": _("Ad esempio «Trotec Speedy 400» o «Prusa MK4»."),
            "notes": _("Ad esempio il piano di lavoro: 100 × 60 cm, fino a 12 mm di legno."),
        }


class LinkForm(StyledModelForm):
    class Meta:
        model = Link
        fields = ["label", "url"]
        labels = {"label": _("Testo del link"), "url": _("Indirizzo")}
        help_texts = {
            "label": _("Ad esempio «Negozio online» o «Instagram»."),
            "url": _("L'indirizzo completo, ad esempio https://www.esempio.it/negozio"),
        }


PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTOS_PER_ORGANISATION = 12


class PhotoForm(StyledForm):
    """A photo, checked by its content (what Pillow reads), not by its name."""

    image = ImageUploadField(
        label=_("Foto"), formats=PHOTO_FORMATS, help_text=image_limit_help(PHOTO_FORMATS)
    )
    alt_text = forms.CharField(
        label=_("Descrizione della foto"),
        max_length=200,
        help_text=_("Cosa mostra la foto, per chi non la vede: ad esempio «Il banco di lavoro»."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_image(self):
        image = self.cleaned_data["image"]
        if self.organisation.photos.count() >= PHOTOS_PER_ORGANISATION:
            raise forms.ValidationError(
                _("Al massimo %(n)s foto: eliminatene una prima di aggiungerne altre."),
                params={"n": PHOTOS_PER_ORGANISATION},
                code="too_many_photos",
            )
        return image


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


class ConfirmForm(StyledForm):
    """The button on the one-click confirmation page (a POST, so that mail scanners
    following links do not confirm in the owners' place)."""

    token = forms.CharField(widget=forms.HiddenInput)


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
