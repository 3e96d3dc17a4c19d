"""Apps left of participations and activities in the import graph (directory,
editions) count accepted applications and published activities through reverse
relations, so they name those states by value. The values must stay the ones
the owning models define."""

from manifatture.activities.models import Activity
from manifatture.directory import queries as directory_queries
from manifatture.editions import queries as edition_queries
from manifatture.participations.models import Application


def test_the_state_values_named_left_of_their_models_match_them():
    for queries in (directory_queries, edition_queries):
        assert queries.APPLICATION_ACCEPTED == Application.State.ACCEPTED
        assert queries.ACTIVITY_PUBLISHED == Activity.Status.PUBLISHED
