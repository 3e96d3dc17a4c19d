"""Writes on the directory. Bulk imports are in `directory/imports.py`.

One module per concept:

* `geography`: the Municipio and NIL of a point, of many at once, of every
  site; the NIL and the periphery loaded;
* `organisations`: a profile created and changed;
* `moderation`: staff publish or refuse a profile or a proposed change;
* `members`, `invitations`: who belongs, with which role, and who is invited;
* `sites`: an organisation's sites, placed in Milan's Municipi and NIL;
* `profile`: capabilities, materials, tags, machines, links, photos, and the
  search keywords they give;
* `freshness`: yearly confirmation by the owners, or archived;
* `personal_data`: a person's data erased.

Callers use the package (`from manifatture.directory import services`,
`services.invite_member(...)`): the names below are its public ones.
"""

from .freshness import (
    archive_stale,
    confirm_organisation,
    confirmation_recipients,
    confirmation_token,
    organisation_for_token,
    request_confirmations,
)
from .geography import Locator, load_nils, locate_sites, municipio_at, nil_at, periphery_nil_ids
from .invitations import (
    INVITATION_EMAIL,
    accept_invitation,
    decline_invitation,
    invite_member,
    prune_invitations,
    revoke_invitation,
)
from .members import change_member_role, leave_organisation, remove_member
from .moderation import approve_organisation, reject_organisation
from .organisations import RESERVED_SLUGS, create_organisation, unique_slug, update_organisation
from .personal_data import erase_personal_data
from .profile import (
    add_link,
    add_machine,
    add_photo,
    delete_link,
    delete_machine,
    delete_photo,
    keywords_for,
    refresh_keywords,
    tags_from_names,
    update_profile_details,
)
from .sites import delete_site, save_site

__all__ = [
    "INVITATION_EMAIL",
    "RESERVED_SLUGS",
    "Locator",
    "accept_invitation",
    "add_link",
    "add_machine",
    "add_photo",
    "approve_organisation",
    "archive_stale",
    "change_member_role",
    "confirm_organisation",
    "confirmation_recipients",
    "confirmation_token",
    "create_organisation",
    "decline_invitation",
    "delete_link",
    "delete_machine",
    "delete_photo",
    "delete_site",
    "erase_personal_data",
    "invite_member",
    "keywords_for",
    "leave_organisation",
    "load_nils",
    "locate_sites",
    "municipio_at",
    "nil_at",
    "organisation_for_token",
    "periphery_nil_ids",
    "prune_invitations",
    "refresh_keywords",
    "reject_organisation",
    "remove_member",
    "request_confirmations",
    "revoke_invitation",
    "save_site",
    "tags_from_names",
    "unique_slug",
    "update_organisation",
    "update_profile_details",
]
