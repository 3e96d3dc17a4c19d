"""A short survey after each visit, answered anonymously.

Two tables that share nothing a join could use: `SurveyInvitation` knows whose
visit it was (the booking) and only whether the survey was used; `SurveyResponse`
holds the answers and knows only the activity visited, with no visitor, booking,
slot or time. The invitation makes the link single-use and only for admitted
visitors; the response can't be traced back to the person.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from manifatture.activities.models import Activity
from manifatture.bookings.models import Booking
from manifatture.editions.models import Edition


class SurveyInvitation(models.Model):
    """A checked-in booking's survey: when it was e-mailed, and whether it was
    answered (no time is kept, so the answer can't be matched by its moment)."""

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, primary_key=True, related_name="survey_invitation"
    )
    emailed_at = models.DateTimeField(_("inviato il"), null=True, blank=True)
    answered = models.BooleanField(_("compilato"), default=False)

    class Meta:
        verbose_name = _("invito al questionario")
        verbose_name_plural = _("inviti ai questionari")

    def __str__(self) -> str:
        return str(self.booking)


class SurveyResponse(models.Model):
    """The answers of one visit's survey. Deliberately without visitor, booking,
    slot or timestamp: only the activity visited (for its host's report card and
    the city's figures by Municipio) and the edition."""

    class FirstTime(models.TextChoices):
        YES = "yes", _("Sì, era la prima volta")
        NO = "no", _("No, c'ero già stato o stata")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="survey_responses"
    )
    overall = models.PositiveSmallIntegerField(_("giudizio complessivo"))
    would_recommend = models.BooleanField(_("la consigliereste"))
    first_time = models.CharField(
        _("prima volta a Manifatture Aperte"), max_length=3, choices=FirstTime
    )
    comment = models.TextField(
        _("che cosa avete imparato, un commento"), blank=True, max_length=1000
    )

    class Meta:
        verbose_name = _("risposta al questionario")
        verbose_name_plural = _("risposte ai questionari")
        # The order tells nothing about who answered when: by activity, then at random-ish.
        ordering = ["activity", "comment"]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5), name="survey_overall_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.overall}/5)"
