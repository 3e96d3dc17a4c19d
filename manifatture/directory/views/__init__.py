"""The directory's pages, one module per part: `public` (an organisation's page,
search, the map), `organisations` (a member's own), `members`, `sites`, `profile`
(details, links and photos, freshness), `staff` (imports, moderation).
"""

from .members import (
    invitation_accept,
    invitation_decline,
    invitation_revoke,
    leave,
    member_remove,
    member_role,
    members,
)
from .organisations import create, edit, mine
from .profile import (
    confirm,
    confirm_now,
    details,
    link_delete,
    machine_add,
    machine_delete,
    media,
    photo_delete,
)
from .public import map_data, map_page, map_popup, organisation, search_page
from .sites import site_create, site_delete, site_edit, sites
from .staff import import_job, import_start, import_status, moderation_decide, moderation_queue

__all__ = [
    "confirm",
    "confirm_now",
    "create",
    "details",
    "edit",
    "import_job",
    "import_start",
    "import_status",
    "invitation_accept",
    "invitation_decline",
    "invitation_revoke",
    "leave",
    "link_delete",
    "machine_add",
    "machine_delete",
    "map_data",
    "map_page",
    "map_popup",
    "media",
    "member_remove",
    "member_role",
    "members",
    "mine",
    "moderation_decide",
    "moderation_queue",
    "organisation",
    "photo_delete",
    "search_page",
    "site_create",
    "site_delete",
    "site_edit",
    "sites",
]
