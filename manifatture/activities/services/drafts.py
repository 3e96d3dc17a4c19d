"""The activities proposed in an accepted application become drafts of the
programme, for the host to complete and publish."""

from manifatture.accounts.models import User
from manifatture.participations.models import Application
from manifatture.participations.queries import organisation_can_manage_programme

from ..exceptions import HostNotAccepted
from ..models import HUB_KINDS, Activity, Language

# Until the host says otherwise: a proposal has no duration.
DRAFT_DURATION_MINUTES = 60


def create_drafts_from_application(application: Application, *, by: User | None) -> list[Activity]:
    """The activities proposed in an accepted application, put into the
    programme as drafts for the host to complete and publish: kind, title,
    description; what was planned (slots, people per slot) stays on the draft
    through `proposed`. One draft per proposal, so calling it again adds none.

    Called by participations when it accepts an application (registered in
    ActivitiesConfig.ready: participations may not import activities), inside
    the acceptance's transaction."""
    if not organisation_can_manage_programme(application.organisation, application.edition):
        raise HostNotAccepted
    first_site = application.organisation.sites.order_by("pk").first()
    # In Italian until the host adds another language.
    italian = list(Language.objects.filter(code="it"))
    drafts = []
    for proposed in application.proposed_activities.filter(programme_activity__isnull=True):
        draft = Activity.objects.create(
            organisation=application.organisation,
            edition=application.edition,
            status=Activity.Status.DRAFT,
            kind=proposed.kind,
            title_it=proposed.title,
            description_it=proposed.description,
            # Talks are at the hub; everything else at the host's first site,
            # which the host may change before publishing.
            site=None if proposed.kind in HUB_KINDS else first_site,
            duration_minutes=DRAFT_DURATION_MINUTES,
            created_by=by,
            proposed=proposed,
        )
        draft.languages.set(italian)
        drafts.append(draft)
    return drafts
