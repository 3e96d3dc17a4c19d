from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Organisation, localized
from manifatture.editions.models import Edition


class ActivityKind(models.TextChoices):
    """The kinds of activity a host can offer (shared with the programme)."""

    GUIDED_VISIT = "guided_visit", _("Visita guidata")
    OPEN_DOORS = "open_doors", _("Porte aperte")
    WORKSHOP = "workshop", _("Laboratorio")
    TALK = "talk", _("Talk all'hub")
    EVENING = "evening", _("Evento serale")


class ApplicationQuerySet(models.QuerySet):
    def accepted(self) -> "ApplicationQuerySet":
        """The hosts' applications. Apps left of this one in the import graph reach it
        through their reverse relations (`organisation.applications.accepted()`)."""
        return self.filter(state=Application.State.ACCEPTED)


class Application(models.Model):
    """An organisation's application to take part in an edition."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Bozza")
        SUBMITTED = "submitted", _("Inviata")
        CHANGES_REQUESTED = "changes_requested", _("Modifiche richieste")
        ACCEPTED = "accepted", _("Accettata")
        REJECTED = "rejected", _("Respinta")
        WITHDRAWN = "withdrawn", _("Ritirata")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="applications"
    )
    state = models.CharField(_("stato"), max_length=20, choices=State, default=State.DRAFT)
    motivation = models.TextField(
        _("perché partecipate"),
        help_text=_("Raccontate chi siete, cosa mostrerete ai visitatori e perché."),
    )
    expected_visitors = models.PositiveIntegerField(
        _("visitatori che potete accogliere in totale"), default=0
    )
    notes_for_staff = models.TextField(_("note per lo staff"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("inviata il"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    # Set by services.reopen_review only: staff reopen the review of one
    # application after the edition's review phase closed, on purpose and audited.
    review_reopened_until = models.DateTimeField(
        _("valutazione riaperta fino al"), null=True, blank=True, editable=False
    )
    decision_note = models.TextField(_("motivazione della decisione"), blank=True)
    # Conflicts of interest a reviewer declared or staff ruled out (deleted with it).
    conflict_rulings = GenericRelation("reviewing.ConflictRuling")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidatura")
        verbose_name_plural = _("candidature")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation"], name="application_one_per_edition"
            ),
            # A draft may be withdrawn before it was ever submitted.
            models.CheckConstraint(
                condition=Q(state__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="application_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["accepted", "rejected"]) | Q(decided_at__isnull=False),
                name="application_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.edition.year}"

    def get_absolute_url(self) -> str:
        return reverse("participations:application", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.CHANGES_REQUESTED}


class ProposedActivity(models.Model):
    """An activity proposed in an application (the programme proper comes after acceptance)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="proposed_activities"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=ActivityKind)
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    capacity = models.PositiveIntegerField(_("persone per turno"), default=15)
    slots = models.PositiveSmallIntegerField(_("turni previsti"), default=2)

    class Meta:
        verbose_name = _("attività proposta")
        verbose_name_plural = _("attività proposte")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="proposed_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class ReviewCriterion(models.Model):
    """A named criterion on which reviewers score applications of an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    name_it = models.CharField(_("nome (italiano)"), max_length=120)
    name_en = models.CharField(_("nome (inglese)"), max_length=120, blank=True)
    description_it = models.TextField(_("descrizione (italiano)"), blank=True)
    description_en = models.TextField(_("descrizione (inglese)"), blank=True)
    weight = models.PositiveSmallIntegerField(_("peso"), default=1)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name_it"], name="criterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Review(models.Model):
    """One reviewer's scores and comment on one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    comment = models.TextField(_("commento"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("valutazione")
        verbose_name_plural = _("valutazioni")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"

    @property
    def weighted_average(self) -> float | None:
        """Weighted mean of the scores (load the scores with their criteria, as
        queries.reviews_of does)."""
        total = weights = 0
        for score in self.scores.all():
            total += score.value * score.criterion.weight
            weights += score.criterion.weight
        return total / weights if weights else None


class Score(models.Model):
    MIN, MAX = 1, 5

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("punteggio"))

    class Meta:
        verbose_name = _("punteggio")
        verbose_name_plural = _("punteggi")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="score_value_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ApplicationEvent(models.Model):
    """The history of an application: every change of state, who made it and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, choices=Application.State, blank=True)
    to_state = models.CharField(max_length=20, choices=Application.State)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evento della candidatura")
        verbose_name_plural = _("eventi della candidatura")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_state} → {self.to_state}"
