import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Organisation, localized
from manifatture.spaces.models import Space

from .storage import get_private_storage


class Call(models.Model):
    """A call (bando): for city spaces or for investment support."""

    class Kind(models.TextChoices):
        SPACES = "spaces", _("Assegnazione di spazi")
        INVESTMENT = "investment", _("Sostegno agli investimenti")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparazione")
        PUBLISHED = "published", _("Pubblicato")
        RESULTS_PUBLISHED = "results_published", _("Risultati pubblicati")

    kind = models.CharField(_("tipo di bando"), max_length=20, choices=Kind)
    title_it = models.CharField(_("titolo (italiano)"), max_length=200)
    title_en = models.CharField(_("titolo (inglese)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary_it = models.TextField(
        _("in breve (italiano)"),
        help_text=_("Due o tre frasi semplici: a chi si rivolge, cosa offre, entro quando."),
    )
    summary_en = models.TextField(_("in breve (inglese)"), blank=True)
    description_it = models.TextField(_("il bando spiegato (italiano)"), blank=True)
    description_en = models.TextField(_("il bando spiegato (inglese)"), blank=True)
    # Who may apply: each rule is checked on the organisation's profile where possible.
    ateco_sections = models.JSONField(
        _("sezioni ATECO ammesse"),
        default=list,
        blank=True,
        help_text=_("Nessuna sezione scelta: tutte ammesse."),
    )
    requires_metro_seat = models.BooleanField(
        _("sede nella Città metropolitana di Milano"), default=True
    )
    max_employees = models.PositiveIntegerField(
        _("numero massimo di addetti"),
        null=True,
        blank=True,
        help_text=_("Dichiarato da chi si candida. Vuoto: nessun limite."),
    )
    budget = models.DecimalField(
        _("dotazione (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_grant = models.DecimalField(
        _("contributo massimo per domanda (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    min_score = models.DecimalField(
        _("punteggio minimo per l'idoneità"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Su 100. Sotto questa soglia la domanda non è idonea."),
    )
    opens_at = models.DateTimeField(_("apertura delle domande"))
    closes_at = models.DateTimeField(_("scadenza delle domande"))
    results_at = models.DateTimeField(_("pubblicazione dei risultati prevista"))
    spaces = models.ManyToManyField(
        Space, related_name="calls", blank=True, verbose_name=_("spazi offerti")
    )
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CommitteeMember",
        related_name="committee_calls",
        blank=True,
    )
    status = models.CharField(
        _("stato"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("pubblicato il"), null=True, blank=True)
    ranking_computed_at = models.DateTimeField(_("graduatoria calcolata il"), null=True, blank=True)
    ranking_approved_at = models.DateTimeField(_("graduatoria approvata il"), null=True, blank=True)
    ranking_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    results_published_at = models.DateTimeField(_("risultati pubblicati il"), null=True, blank=True)
    # Set by services.reopen_review only: the committee scores until results_at,
    # or until staff reopen the review on purpose (audited).
    review_reopened_until = models.DateTimeField(
        _("valutazione riaperta fino al"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bando")
        verbose_name_plural = _("bandi")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")), name="call_opens_before_closing"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__lt=F("results_at")), name="call_results_after_closing"
            ),
            models.CheckConstraint(
                condition=Q(kind="spaces") | Q(budget__isnull=False),
                name="call_investment_has_budget",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="call_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(max_grant__isnull=True) | Q(max_grant__gt=0),
                name="call_max_grant_positive",
            ),
            models.CheckConstraint(
                condition=Q(min_score__gte=0, min_score__lte=100), name="call_min_score_0_100"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="call_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="results_published")
                | Q(results_published_at__isnull=False, ranking_approved_at__isnull=False),
                name="call_results_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return self.title_it

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        """Published and accepting applications right now."""
        now = timezone.now()
        return self.status == self.Status.PUBLISHED and self.opens_at <= now < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at


class CallDocumentRequirement(models.Model):
    """A document applicants attach: its name, whether it is required, types and size."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        ODT = "odt", "OpenDocument (ODT)"
        ODS = "ods", "OpenDocument (ODS)"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="document_requirements")
    name_it = models.CharField(_("documento (italiano)"), max_length=200)
    name_en = models.CharField(_("documento (inglese)"), max_length=200, blank=True)
    help_it = models.TextField(_("spiegazione (italiano)"), blank=True)
    help_en = models.TextField(_("spiegazione (inglese)"), blank=True)
    required = models.BooleanField(_("obbligatorio"), default=True)
    allowed_types = models.JSONField(_("formati ammessi"), default=list)
    max_size_mb = models.PositiveSmallIntegerField(_("dimensione massima (MB)"), default=5)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("documento richiesto")
        verbose_name_plural = _("documenti richiesti")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_size_mb__gte=1, max_size_mb__lte=50),
                name="requirement_size_1_50_mb",
            ),
        ]

    def __str__(self) -> str:
        return self.name_it

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def help(self) -> str:
        return localized(self, "help")

    @property
    def max_bytes(self) -> int:
        return self.max_size_mb * 1024 * 1024

    @property
    def allowed_labels(self) -> list[str]:
        labels = dict(self.FileType.choices)
        return [str(labels[key]) for key in self.allowed_types if key in labels]


class CallCriterion(models.Model):
    """A weighted evaluation criterion: reviewers give 0..max_points on it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name_it = models.CharField(_("criterio (italiano)"), max_length=200)
    name_en = models.CharField(_("criterio (inglese)"), max_length=200, blank=True)
    description_it = models.TextField(_("cosa valutiamo (italiano)"), blank=True)
    description_en = models.TextField(_("cosa valutiamo (inglese)"), blank=True)
    weight = models.PositiveSmallIntegerField(_("peso"), default=1)
    max_points = models.PositiveSmallIntegerField(_("punteggio massimo"), default=10)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="call_criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=1), name="call_criterion_max_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name_it

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class CommitteeMember(models.Model):
    """A reviewer on the evaluation committee of a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="committee_members")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membro della commissione")
        verbose_name_plural = _("commissione")
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="committee_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.call}"


class Application(models.Model):
    """An organisation's application to a call."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Bozza")
        SUBMITTED = "submitted", _("Inviata")
        ADMISSIBLE = "admissible", _("Ammissibile, in valutazione")
        INADMISSIBLE = "inadmissible", _("Non ammissibile")
        AWARDED = "awarded", _("Vincitrice")
        NOT_AWARDED = "not_awarded", _("Non vincitrice")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="call_applications"
    )
    state = models.CharField(
        _("stato"), max_length=20, choices=State, default=State.DRAFT, db_index=True
    )
    project_summary = models.TextField(
        _("il vostro progetto in breve"),
        blank=True,
        help_text=_("Cosa volete fare, con chi, e cosa cambierà per la vostra impresa."),
    )
    answers = models.JSONField(_("risposte sui criteri"), default=dict, blank=True)
    employees = models.PositiveIntegerField(_("addetti (dichiarati)"), null=True, blank=True)
    requested_space = models.ForeignKey(
        Space,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("spazio richiesto"),
    )
    amount_requested = models.DecimalField(
        _("contributo richiesto (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("inviata il"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    protocol_seq = models.PositiveIntegerField(_("numero progressivo"), null=True, blank=True)
    protocol = models.CharField(_("protocollo"), max_length=30, blank=True)
    admissibility_note = models.TextField(_("motivazione dell'ammissibilità"), blank=True)
    checked_at = models.DateTimeField(_("ammissibilità verificata il"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Conflicts staff ruled out (deleted with it); committee members declare theirs on a Review.
    conflict_rulings = GenericRelation("reviewing.ConflictRuling")

    class Meta:
        verbose_name = _("domanda di partecipazione al bando")
        verbose_name_plural = _("domande di partecipazione ai bandi")
        ordering = ["call", "protocol_seq", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="call_application_one_per_organisation"
            ),
            models.UniqueConstraint(fields=["call", "protocol_seq"], name="call_protocol_unique"),
            models.UniqueConstraint(
                fields=["call", "protocol"],
                condition=~Q(protocol=""),
                name="call_protocol_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(submitted_at__isnull=False, protocol_seq__isnull=False) & ~Q(protocol=""),
                name="call_application_submitted_has_protocol",
            ),
            models.CheckConstraint(
                condition=~Q(state="inadmissible") | ~Q(admissibility_note=""),
                name="call_application_inadmissible_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gt=0),
                name="call_application_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.call}"

    def get_absolute_url(self) -> str:
        return reverse("calls:application", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name under the call's folder; the extension comes from the detected type."""
    return f"calls/{instance.application.call_id}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    """A document attached to an application, checked by its content."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    requirement = models.ForeignKey(
        CallDocumentRequirement, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, storage=get_private_storage, max_length=200)
    original_name = models.CharField(_("nome del file"), max_length=200)
    file_type = models.CharField(
        _("formato"), max_length=10, choices=CallDocumentRequirement.FileType
    )
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")
        ordering = ["requirement__position", "requirement__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"], name="attachment_one_per_requirement"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "calls:attachment", kwargs={"pk": self.application_id, "attachment_pk": self.pk}
        )

    @property
    def extension(self) -> str:
        return {"jpeg": "jpg"}.get(self.file_type, self.file_type)


class Review(models.Model):
    """A committee member's declaration on one application and, without a
    conflict of interest, their scores on it.

    A declared conflict excludes the reviewer: a conflicted review can never be
    completed (constraint), its scores are removed by the service, and the
    ranking reads completed reviews only.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="call_reviews"
    )
    has_conflict = models.BooleanField(_("conflitto di interessi"))
    conflict_note = models.TextField(_("nota sul conflitto"), blank=True)
    declared_at = models.DateTimeField(_("dichiarazione del"), default=timezone.now)
    comment = models.TextField(_("commento"), blank=True)
    completed_at = models.DateTimeField(_("valutazione completata il"), null=True, blank=True)

    class Meta:
        verbose_name = _("valutazione")
        verbose_name_plural = _("valutazioni")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="call_review_unique"),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | Q(completed_at__isnull=True),
                name="call_review_conflict_never_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.application}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(CallCriterion, on_delete=models.PROTECT, related_name="scores")
    points = models.PositiveSmallIntegerField(_("punti"))

    class Meta:
        verbose_name = _("punteggio")
        verbose_name_plural = _("punteggi")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="call_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class RankingEntry(models.Model):
    """One line of a call's ranking, computed by `calls.ranking.rank`."""

    class Outcome(models.TextChoices):
        AWARDED = "awarded", _("Vincitrice")
        ELIGIBLE = "eligible", _("Idonea, non vincitrice")
        BELOW_THRESHOLD = "below_threshold", _("Non idonea: punteggio sotto la soglia")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="ranking")
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="ranking_entry"
    )
    position = models.PositiveIntegerField(_("posizione"))
    score = models.DecimalField(_("punteggio"), max_digits=5, decimal_places=2)
    reviews_count = models.PositiveSmallIntegerField(_("valutazioni"))
    decided_by = models.CharField(
        _("spareggio"),
        max_length=200,
        blank=True,
        help_text=_(
            "Come si è deciso l'ordine rispetto alla domanda precedente, a parità di punteggio."
        ),
    )
    outcome = models.CharField(_("esito"), max_length=20, choices=Outcome)
    awarded_space = models.ForeignKey(
        Space, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    awarded_amount = models.DecimalField(
        _("contributo assegnato"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("posizione in graduatoria")
        verbose_name_plural = _("graduatoria")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="ranking_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="ranking_position_positive"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="ranking_score_0_100"
            ),
            models.UniqueConstraint(
                fields=["call", "awarded_space"],
                condition=Q(awarded_space__isnull=False),
                name="ranking_space_awarded_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.application}"


class CallEvent(models.Model):
    """The record of every step on a call and its applications: who, what, when."""

    class Action(models.TextChoices):
        CALL_CREATED = "call_created", _("Bando creato")
        CALL_UPDATED = "call_updated", _("Bando modificato")
        CALL_PUBLISHED = "call_published", _("Bando pubblicato")
        COMMITTEE_ADDED = "committee_added", _("Valutatore aggiunto alla commissione")
        COMMITTEE_REMOVED = "committee_removed", _("Valutatore tolto dalla commissione")
        STARTED = "started", _("Domanda iniziata")
        ATTACHMENT_ADDED = "attachment_added", _("Allegato caricato")
        ATTACHMENT_REMOVED = "attachment_removed", _("Allegato eliminato")
        SUBMITTED = "submitted", _("Domanda inviata")
        ADMISSIBLE = "admissible", _("Domanda ammissibile")
        INADMISSIBLE = "inadmissible", _("Domanda non ammissibile")
        NO_CONFLICT = "no_conflict", _("Nessun conflitto di interessi dichiarato")
        CONFLICT = "conflict", _("Conflitto di interessi dichiarato")
        CONFLICT_OVERRIDDEN = "conflict_overridden", _("Conflitto di interessi escluso dallo staff")
        REVIEWED = "reviewed", _("Valutazione completata")
        RANKING_COMPUTED = "ranking_computed", _("Graduatoria calcolata")
        RANKING_APPROVED = "ranking_approved", _("Graduatoria approvata")
        RESULTS_PUBLISHED = "results_published", _("Risultati pubblicati")
        NOTIFIED = "notified", _("Esito comunicato")
        REVIEW_REOPENED = "review_reopened", _("Valutazione riaperta dallo staff")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("cosa"), max_length=30, choices=Action)
    note = models.TextField(_("nota"), blank=True)
    created_at = models.DateTimeField(_("quando"), auto_now_add=True)

    class Meta:
        verbose_name = _("evento del bando")
        verbose_name_plural = _("eventi dei bandi")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"
