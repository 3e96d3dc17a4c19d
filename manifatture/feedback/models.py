"""What the modello Comuni asks of a public service site, and AgID of every
public administration's site: a clarity rating on each page, a way to report a
problem (with a receipt number and an answer), an FAQ that staff keep, and the
accessibility statement with its date."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


class PageRating(models.Model):
    """An anonymous answer to "Quanto sono chiare le informazioni su questa pagina?".
    Nothing links it to a person: no account, no address, no session."""

    class Reason(models.TextChoices):
        UNCLEAR = "poco-chiare", _("A volte le indicazioni non erano chiare")
        INCOMPLETE = "incomplete", _("A volte le indicazioni non erano complete")
        LOST = "non-capivo", _("A volte non capivo se stavo procedendo correttamente")
        TECHNICAL = "tecnico", _("Ho avuto problemi tecnici")
        OTHER = "altro", _("Altro")

    path = models.CharField(_("pagina"), max_length=200, db_index=True)
    score = models.PositiveSmallIntegerField(_("chiarezza (1–5)"))
    reason = models.CharField(_("difficoltà"), max_length=20, choices=Reason, blank=True)
    comment = models.CharField(_("dettagli"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("valutazione di una pagina")
        verbose_name_plural = _("valutazioni delle pagine")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="page_rating_score_1_to_5"
            ),
            # Below 4 the person says what was hard: the rating is of no use without it.
            models.CheckConstraint(
                condition=Q(score__gte=4) | ~Q(reason=""), name="page_rating_low_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path}: {self.score}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class ProblemReport(models.Model):
    """ "Segnala un problema": it reaches city staff, who answer; the person follows
    it on a private page (its link holds a secret) by its receipt number."""

    class Category(models.TextChoices):
        ACCESSIBILITY = "accessibilita", _("Accessibilità del sito")
        CONTENT = "contenuti", _("Informazioni sbagliate o mancanti")
        BOOKING = "prenotazioni", _("Prenotazioni e biglietti")
        TECHNICAL = "tecnico", _("Errore tecnico")
        OTHER = "altro", _("Altro")

    class Status(models.TextChoices):
        OPEN = "aperta", _("Ricevuta")
        ANSWERED = "risposta", _("Risposta data")

    page = models.CharField(_("pagina"), max_length=200, blank=True)
    category = models.CharField(_("argomento"), max_length=20, choices=Category)
    description = models.TextField(_("descrizione"), max_length=2000)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("segnalata da"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problem_reports",
    )
    token = models.CharField(max_length=40, unique=True, default=_new_token, editable=False)
    status = models.CharField(_("stato"), max_length=10, choices=Status, default=Status.OPEN)
    answer = models.TextField(_("risposta"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("segnalazione")
        verbose_name_plural = _("segnalazioni")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="aperta") | ~Q(answer=""), name="problem_answered_has_answer"
            ),
        ]

    def __str__(self) -> str:
        return self.receipt

    def get_absolute_url(self) -> str:
        return reverse("feedback:report_status", kwargs={"token": self.token})

    @property
    def receipt(self) -> str:
        """The number people quote: the year and the report's number."""
        return f"MA-{self.created_at:%Y}-{self.pk:05d}"


class FaqEntry(models.Model):
    class Audience(models.TextChoices):
        VISITORS = "visitatori", _("Per chi visita")
        HOSTS = "ospiti", _("Per chi apre le porte")

    audience = models.CharField(_("per chi"), max_length=12, choices=Audience)
    question_it = models.CharField(_("domanda (italiano)"), max_length=200)
    question_en = models.CharField(_("domanda (inglese)"), max_length=200, blank=True)
    answer_it = models.TextField(_("risposta (italiano)"))
    answer_en = models.TextField(_("risposta (inglese)"), blank=True)
    position = models.PositiveSmallIntegerField(_("posizione"), default=0)
    published = models.BooleanField(_("pubblicata"), default=True)

    class Meta:
        verbose_name = _("domanda frequente")
        verbose_name_plural = _("domande frequenti")
        ordering = ["audience", "position", "pk"]

    def __str__(self) -> str:
        return self.question_it

    def question(self, language: str) -> str:
        return (self.question_en if language == "en" else "") or self.question_it

    def answer(self, language: str) -> str:
        return (self.answer_en if language == "en" else "") or self.answer_it


class AccessibilityStatement(models.Model):
    """The dichiarazione di accessibilità (AgID guidelines, model of 2025): staff
    keep a new version when something changes; the page shows the latest."""

    class Conformance(models.TextChoices):
        FULL = "conforme", _("conforme")
        PARTIAL = "parziale", _("parzialmente conforme")
        NONE = "non-conforme", _("non conforme")

    conformance = models.CharField(_("stato di conformità"), max_length=12, choices=Conformance)
    not_accessible_it = models.TextField(_("contenuti non accessibili (italiano)"), blank=True)
    not_accessible_en = models.TextField(_("contenuti non accessibili (inglese)"), blank=True)
    evaluation_it = models.TextField(_("come è stata valutata (italiano)"))
    evaluation_en = models.TextField(_("come è stata valutata (inglese)"), blank=True)
    evaluated_on = models.DateField(_("data della valutazione"))
    published_on = models.DateField(_("data di pubblicazione del sito"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dichiarazione di accessibilità")
        verbose_name_plural = _("dichiarazioni di accessibilità")
        get_latest_by = "evaluated_on"

    def __str__(self) -> str:
        with override("it"):
            return f"{self.get_conformance_display()} ({self.evaluated_on})"

    def not_accessible(self, language: str) -> str:
        return (self.not_accessible_en if language == "en" else "") or self.not_accessible_it

    def evaluation(self, language: str) -> str:
        return (self.evaluation_en if language == "en" else "") or self.evaluation_it
