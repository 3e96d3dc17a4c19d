"""Reads about applications, reviews and the hosts of an edition."""

from manifatture.directory.models import Organisation
from manifatture.editions.models import Edition

from .models import Application


def organisation_can_manage_programme(organisation: Organisation, edition: Edition) -> bool:
    """True when the organisation's application to the edition was accepted."""
    return Application.objects.filter(
        organisation=organisation, edition=edition, state=Application.State.ACCEPTED
    ).exists()
