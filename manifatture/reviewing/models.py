"""What the review of an edition's applications (participations) and of a call's
applications (calls) share: the conflicts of interest a person decided."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConflictRuling(models.Model):
    """A conflict of interest decided by a person rather than by the membership
    rule (directory.queries.conflicting_memberships), on an application of either
    kind (`participations.Application` or `calls.Application`, each with a
    `conflict_rulings` GenericRelation, which deletes its rulings with it): a
    reviewer declares one (the call for hosts; a call's committee declares on its
    `calls.Review`), or city staff find that a membership is not one (audited by
    the app). A reviewer's own declaration always wins."""

    class Kind(models.TextChoices):
        DECLARED = "declared", _("Dichiarato dal valutatore")
        CLEARED = "cleared", _("Escluso dallo staff")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    application = GenericForeignKey("content_type", "object_id")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_rulings"
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind)
    note = models.TextField(_("motivo"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decisione sul conflitto di interessi")
        verbose_name_plural = _("decisioni sui conflitti di interessi")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reviewer"],
                name="reviewing_ruling_one_per_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(kind="declared") | ~Q(note=""),
                name="reviewing_ruling_cleared_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.application} ({self.get_kind_display()})"
