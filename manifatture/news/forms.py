import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Organisation
from manifatture.forms import StyledForm, StyledModelForm
from manifatture.uploads import ImageUploadField, image_limit_help

from .models import Article, CaseStudy, NewsletterIssue, Opportunity, Subscriber

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MARKDOWN_HELP = _(
    "In Markdown: **grassetto**, _corsivo_, [testo del link](https://…), elenchi con «- », "
    "titoli con «## ». Le immagini caricate si inseriscono con ![descrizione](immagine:N)."
)


class PublishableForm(StyledModelForm):
    cover = ImageUploadField(
        label=_("Immagine di copertina"),
        required=False,
        help_text=image_limit_help(),
    )

    class Meta:
        fields = [
            "title_it",
            "title_en",
            "slug",
            "summary_it",
            "summary_en",
            "body_it",
            "body_en",
            "cover",
            "cover_alt_it",
            "cover_alt_en",
            "status",
            "published_at",
        ]
        labels = {
            "title_it": _("Titolo in italiano"),
            "title_en": _("Titolo in inglese"),
            "slug": _("Indirizzo breve"),
            "summary_it": _("Sommario in italiano"),
            "summary_en": _("Sommario in inglese"),
            "body_it": _("Testo in italiano"),
            "body_en": _("Testo in inglese"),
            "cover_alt_it": _("Descrizione della copertina in italiano"),
            "cover_alt_en": _("Descrizione della copertina in inglese"),
            "status": _("Stato"),
            "published_at": _("Data di pubblicazione"),
        }
        help_texts = {
            "title_en": _("Facoltativo: senza traduzione si mostra il testo italiano."),
            "slug": _(
                "Lettere minuscole, cifre e trattini. Lasciatelo vuoto e lo ricaviamo dal titolo."
            ),
            "summary_it": _("Due o tre frasi: compaiono negli elenchi e nei feed."),
            "summary_en": _("Facoltativo: senza traduzione si mostra il testo italiano."),
            "body_it": MARKDOWN_HELP,
            "body_en": _("Facoltativo: senza traduzione si mostra il testo italiano."),
            "cover_alt_it": _(
                "Obbligatoria se c'è una copertina: che cosa mostra l'immagine, per chi non "
                "la vede."
            ),
            "status": _("Le bozze le vede solo lo staff del Comune."),
            "published_at": _(
                "Un contenuto pubblicato con una data futura compare al pubblico da quel momento."
            ),
        }
        widgets = {
            "summary_it": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "body_it": forms.Textarea(attrs={"rows": 18, "data-markdown-editor": "it"}),
            "body_en": forms.Textarea(attrs={"rows": 18, "data-markdown-editor": "en"}),
            "published_at": DATETIME_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        cover = cleaned.get("cover")
        # False: "remove" was ticked; None: nothing new, the current one stays.
        has_cover = bool(cover) or (cover is None and bool(self.instance.cover))
        if has_cover and not cleaned.get("cover_alt_it", "").strip():
            self.add_error(
                "cover_alt_it",
                forms.ValidationError(
                    _("Descrivete la copertina: chi non vede l'immagine legge questo testo."),
                    code="cover_alt_required",
                ),
            )
        return cleaned


class ArticleForm(PublishableForm):
    class Meta(PublishableForm.Meta):
        model = Article


class CaseStudyForm(PublishableForm):
    # The directory may hold tens of thousands of organisations: a select would
    # not do, so staff paste the address of the organisation's page (or its slug).
    organisation = forms.CharField(
        label=_("Organizzazione"),
        max_length=300,
        help_text=_(
            "L'indirizzo della sua pagina nell'elenco delle organizzazioni, ad esempio "
            "/organizzazioni/liuteria-ferri/, oppure solo la parte finale (liuteria-ferri)."
        ),
    )

    class Meta(PublishableForm.Meta):
        model = CaseStudy
        fields = ["organisation", *PublishableForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["organisation"] = self.instance.organisation.slug

    def clean_organisation(self) -> Organisation:
        raw = self.cleaned_data["organisation"].strip()
        path = urlsplit(raw).path if "/" in raw else raw
        slug = [part for part in path.split("/") if part][-1:] or [""]
        organisation = Organisation.objects.filter(slug=slug[0]).first()
        if organisation is None:
            raise forms.ValidationError(
                _(
                    "Nessuna organizzazione ha questo indirizzo: copiatelo dalla barra del "
                    "browser aprendo la sua pagina."
                ),
                code="organisation_unknown",
            )
        return organisation


class ImageUploadForm(StyledForm):
    file = ImageUploadField(label=_("Immagine"), help_text=image_limit_help())
    alt_it = forms.CharField(
        label=_("Descrizione in italiano"),
        max_length=250,
        help_text=_("Che cosa mostra l'immagine, per chi non la vede."),
    )
    alt_en = forms.CharField(label=_("Descrizione in inglese"), max_length=250, required=False)


def validate_link(value: str) -> None:
    """A page of this site ("/bandi/…") or a web address ("https://…")."""
    if value.startswith("/") and not value.startswith("//"):
        if re.search(r"\s", value):
            raise forms.ValidationError(_("Un indirizzo non contiene spazi."), code="invalid")
        return
    URLValidator(
        schemes=["http", "https"],
        message=_(
            "Scrivete un indirizzo completo (https://…) o una pagina di questo sito (/bandi/…)."
        ),
    )(value)


class OpportunityForm(StyledModelForm):
    url = forms.CharField(
        label=_("Collegamento"),
        max_length=500,
        required=False,
        validators=[validate_link],
        help_text=_(
            "Dove saperne di più: un indirizzo completo (https://…) o una pagina di questo "
            "sito (/bandi/…)."
        ),
    )

    class Meta:
        model = Opportunity
        fields = [
            "kind",
            "title_it",
            "title_en",
            "summary_it",
            "summary_en",
            "starts_on",
            "ends_on",
            "deadline",
            "url",
        ]
        labels = {
            "kind": _("Tipo"),
            "title_it": _("Titolo in italiano"),
            "title_en": _("Titolo in inglese"),
            "summary_it": _("Descrizione in italiano"),
            "summary_en": _("Descrizione in inglese"),
            "starts_on": _("Inizia il"),
            "ends_on": _("Finisce il"),
            "deadline": _("Scadenza per partecipare"),
        }
        help_texts = {
            "title_en": _("Facoltativo: senza traduzione si mostra il testo italiano."),
            "summary_en": _("Facoltativa: senza traduzione si mostra il testo italiano."),
            "deadline": _("Almeno una delle tre date. Resta in elenco fino all'ultima."),
        }
        widgets = {
            "summary_it": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "deadline": DATE_WIDGET,
        }

    def clean(self) -> dict:
        # "At least one date" is the model's constraint, shown as a form error.
        super().clean()
        cleaned = self.cleaned_data
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on",
                forms.ValidationError(
                    _("La fine non può venire prima dell'inizio."), code="ends_before_start"
                ),
            )
        return cleaned


class SubscribeForm(StyledForm):
    email = forms.EmailField(
        label=_("Indirizzo e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Lingua della newsletter"), choices=settings.LANGUAGES, initial="it"
    )
    consent = forms.BooleanField(
        label=_(
            "Ho letto l'informativa sulla privacy e voglio ricevere la newsletter di "
            "Manifatture Aperte."
        ),
        error_messages={
            "required": _("Per iscrivervi serve il vostro consenso: spuntate la casella.")
        },
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, source: str = Subscriber.Source.NEWSLETTER, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].initial = source
        self.fields["language"].initial = (get_language() or "it")[:2]

    def clean_source(self) -> str:
        # Where the form was: a hidden field, so anything unknown counts as the newsletter page.
        value = self.cleaned_data["source"]
        return value if value in Subscriber.Source.values else Subscriber.Source.NEWSLETTER


class IssueForm(StyledModelForm):
    class Meta:
        model = NewsletterIssue
        fields = ["subject_it", "subject_en", "body_it", "body_en"]
        labels = {
            "subject_it": _("Oggetto in italiano"),
            "subject_en": _("Oggetto in inglese"),
            "body_it": _("Testo in italiano"),
            "body_en": _("Testo in inglese"),
        }
        help_texts = {
            "subject_en": _(
                "Facoltativo: chi legge in inglese riceve il testo italiano se manca la traduzione."
            ),
            "body_it": MARKDOWN_HELP,
        }
        widgets = {
            "body_it": forms.Textarea(attrs={"rows": 14, "data-markdown-editor": "it"}),
            "body_en": forms.Textarea(attrs={"rows": 14, "data-markdown-editor": "en"}),
        }
