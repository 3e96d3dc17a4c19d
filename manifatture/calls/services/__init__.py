"""Every write on calls. Each function owns its transaction and raises a
`CallsError` with a message for the person when a rule says no.

Every step is recorded as a CallEvent (who, what, when). Deadlines are checked
here, so no view, command or admin action can get around them.

One module per part of a call's life:

* `call`: the call and its rules, in preparation, then published;
* `committee`: the reviewers on the call's committee;
* `applications`: a draft opened, saved, then submitted with a protocol number;
* `attachments`: the documents attached to a draft;
* `admissibility`: staff check each submitted application;
* `review`: conflicts of interest, scores, the review reopened;
* `results`: the ranking computed (`calls.ranking`, `calls.awards`),
  approved and published;
* `guards` and `history`: the checks each step starts with, and what it
  records and who it tells.

Callers use the package (`from manifatture.calls import services`,
`services.submit_application(...)`): the names below are its public ones.
"""

from .admissibility import check_admissibility
from .applications import (
    missing_for_submission,
    save_application,
    start_application,
    submit_application,
)
from .attachments import add_attachment, remove_attachment
from .call import create_call, publish_call, save_call_parts, unique_call_slug, update_call
from .committee import add_committee_member, remove_committee_member
from .results import approve_ranking, compute_ranking, publish_results
from .review import declare_conflict, override_conflict, reopen_review, score_application

__all__ = [
    "add_attachment",
    "add_committee_member",
    "approve_ranking",
    "check_admissibility",
    "compute_ranking",
    "create_call",
    "declare_conflict",
    "missing_for_submission",
    "override_conflict",
    "publish_call",
    "publish_results",
    "remove_attachment",
    "remove_committee_member",
    "reopen_review",
    "save_application",
    "save_call_parts",
    "score_application",
    "start_application",
    "submit_application",
    "unique_call_slug",
    "update_call",
]
