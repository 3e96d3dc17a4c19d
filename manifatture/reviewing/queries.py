"""Reads about conflicts of interest, for either kind of application."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from manifatture.accounts.models import User

from .models import ConflictRuling


@dataclass(frozen=True)
class Conflict:
    """A reviewer's conflict on an application, as staff see it
    (templates/includes/conflicts.html): found by membership before submission,
    declared by the reviewer, or both; `override` is staff's ruling that the
    membership is none."""

    reviewer: User
    member_since: datetime.datetime | None  # joined the organisation before submission
    declared: bool
    override: ConflictRuling | None

    @property
    def in_force(self) -> bool:
        return self.declared or (self.member_since is not None and self.override is None)

    @property
    def can_override(self) -> bool:
        """Staff may rule out a conflict found by membership, never one declared."""
        return self.member_since is not None and self.override is None and not self.declared


def rulings_for(model: type[Model]) -> QuerySet[ConflictRuling]:
    """The rulings on applications of one model, for subqueries (object_id=OuterRef("pk"))."""
    return ConflictRuling.objects.filter(content_type=ContentType.objects.get_for_model(model))


def rulings_on(application: Model) -> QuerySet[ConflictRuling]:
    return rulings_for(type(application)).filter(object_id=application.pk)


def ruling_kind(application: Model, reviewer: User) -> str | None:
    """The kind of the reviewer's ruling on the application (ConflictRuling.Kind), if any."""
    return rulings_on(application).filter(reviewer=reviewer).values_list("kind", flat=True).first()
