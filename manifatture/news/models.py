from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from manifatture.directory.models import Organisation, localized


class NewsImage(models.Model):
    """A picture uploaded by staff (checked and re-encoded), used in Markdown as
    `![alt](immagine:ID)`."""

    file = models.ImageField(_("file"), upload_to="news/images/")
    width = models.PositiveIntegerField(_("larghezza"))
    height = models.PositiveIntegerField(_("altezza"))
    alt_it = models.CharField(_("testo alternativo (italiano)"), max_length=250)
    alt_en = models.CharField(_("testo alternativo (inglese)"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("caricata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("immagine")
        verbose_name_plural = _("immagini")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_it=""), name="newsimage_alt_required"),
            models.CheckConstraint(
                condition=Q(width__gt=0, height__gt=0), name="newsimage_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.alt_it

    @property
    def alt(self) -> str:
        return localized(self, "alt")

    @property
    def markdown(self) -> str:
        """What to write in a text to show this picture."""
        return f"![{self.alt_it}](immagine:{self.pk})"


class Publishable(models.Model):
    """What news articles and case studies share: texts in Italian and English,
    a Markdown body, a cover picture with its alt text, a status and a date."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bozza")
        PUBLISHED = "published", _("Pubblicato")

    title_it = models.CharField(_("titolo (italiano)"), max_length=200)
    title_en = models.CharField(_("titolo (inglese)"), max_length=200, blank=True)
    slug = models.SlugField(_("indirizzo breve"), max_length=220, unique=True)
    summary_it = models.TextField(_("sommario (italiano)"), max_length=600)
    summary_en = models.TextField(_("sommario (inglese)"), max_length=600, blank=True)
    body_it = models.TextField(_("testo (italiano)"))
    body_en = models.TextField(_("testo (inglese)"), blank=True)
    cover = models.ImageField(_("immagine di copertina"), upload_to="news/covers/", blank=True)
    cover_alt_it = models.CharField(
        _("testo alternativo della copertina (italiano)"), max_length=250, blank=True
    )
    cover_alt_en = models.CharField(
        _("testo alternativo della copertina (inglese)"), max_length=250, blank=True
    )
    status = models.CharField(_("stato"), max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("data di pubblicazione"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-published_at", "-pk"]
        constraints = [
            # A cover picture always has its description for people who cannot see it.
            models.CheckConstraint(
                condition=Q(cover="") | ~Q(cover_alt_it=""), name="%(class)s_cover_has_alt"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="%(class)s_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title_it

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def body(self) -> str:
        return localized(self, "body")

    @property
    def cover_alt(self) -> str:
        return localized(self, "cover_alt")

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()


class Article(Publishable):
    """A news article of the portal."""

    class Meta(Publishable.Meta):
        verbose_name = _("notizia")
        verbose_name_plural = _("notizie")

    def get_absolute_url(self) -> str:
        return reverse("news:article", kwargs={"slug": self.slug})


class CaseStudy(Publishable):
    """The story of one organisation of the directory."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("organizzazione"),
    )

    class Meta(Publishable.Meta):
        verbose_name = _("caso aziendale")
        verbose_name_plural = _("casi aziendali")

    def get_absolute_url(self) -> str:
        return reverse("news:case_study", kwargs={"slug": self.slug})


class Opportunity(models.Model):
    """A call, event or training course worth knowing about, here or elsewhere."""

    class Kind(models.TextChoices):
        CALL = "call", _("Bando")
        EVENT = "event", _("Evento")
        TRAINING = "training", _("Formazione")

    kind = models.CharField(_("tipo"), max_length=10, choices=Kind)
    title_it = models.CharField(_("titolo (italiano)"), max_length=200)
    title_en = models.CharField(_("titolo (inglese)"), max_length=200, blank=True)
    summary_it = models.TextField(_("descrizione (italiano)"), max_length=1000)
    summary_en = models.TextField(_("descrizione (inglese)"), max_length=1000, blank=True)
    starts_on = models.DateField(_("inizio"), null=True, blank=True)
    ends_on = models.DateField(_("fine"), null=True, blank=True)
    deadline = models.DateField(_("scadenza"), null=True, blank=True)
    url = models.CharField(_("collegamento"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("singular", "opportunità")
        verbose_name_plural = _("opportunità")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=False)
                | Q(ends_on__isnull=False)
                | Q(deadline__isnull=False),
                name="opportunity_has_a_date",
                violation_error_message=_("Indicate almeno una data: inizio, fine o scadenza."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="opportunity_ends_after_start",
                violation_error_message=_("La fine non può venire prima dell'inizio."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["call", "event", "training"]), name="opportunity_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title_it

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def is_external(self) -> bool:
        return self.url.startswith(("http://", "https://"))


class Subscriber(models.Model):
    """A newsletter address. It counts only once confirmed (double opt-in) and
    until unsubscribed; no account is needed."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("Home del portale")
        ARTICLE = "article", _("Pagina di una notizia")
        NEWSLETTER = "newsletter", _("Pagina della newsletter")

    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("lingua"), max_length=8, choices=settings.LANGUAGES)
    source = models.CharField(_("dove si è iscritto"), max_length=20, choices=Source)
    consented_at = models.DateTimeField(_("consenso dato il"))
    confirmed_at = models.DateTimeField(_("confermato il"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("disiscritto il"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("iscritto alla newsletter")
        verbose_name_plural = _("iscritti alla newsletter")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class NewsletterIssue(models.Model):
    """One newsletter, written in Markdown, sent once to the confirmed subscribers,
    each in their language (English falls back to Italian)."""

    subject_it = models.CharField(_("oggetto (italiano)"), max_length=200)
    subject_en = models.CharField(_("oggetto (inglese)"), max_length=200, blank=True)
    body_it = models.TextField(_("testo (italiano)"))
    body_en = models.TextField(_("testo (inglese)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("inviata il"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipients = models.PositiveIntegerField(_("destinatari"), default=0)

    class Meta:
        verbose_name = _("numero della newsletter")
        verbose_name_plural = _("numeri della newsletter")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject_it

    def subject_in(self, language: str) -> str:
        return (self.subject_en if language == "en" else "") or self.subject_it

    def body_in(self, language: str) -> str:
        return (self.body_en if language == "en" else "") or self.body_it
