"""The directory's forms, one module per part: `organisations` (the profile),
`sites`, `members`, `profile` (details, machines, links, photos, confirmation),
`search` (the directory's filters), `staff` (moderation, imports).
"""

from .members import MemberAddForm, MemberRoleForm
from .organisations import LOGO_FORMATS, LOGO_MAX_SIDE, LogoInput, OrganisationForm
from .profile import (
    PHOTO_FORMATS,
    PHOTOS_PER_ORGANISATION,
    ConfirmForm,
    LinkForm,
    MachineForm,
    PhotoForm,
    ProfileDetailsForm,
)
from .search import DirectoryFilterForm, FastSelect
from .sites import METRO_LATITUDE, METRO_LONGITUDE, CoordinateField, SiteForm
from .staff import IMPORT_MAX_BYTES, ImportForm, ModerationForm

__all__ = [
    "IMPORT_MAX_BYTES",
    "LOGO_FORMATS",
    "LOGO_MAX_SIDE",
    "METRO_LATITUDE",
    "METRO_LONGITUDE",
    "PHOTOS_PER_ORGANISATION",
    "PHOTO_FORMATS",
    "ConfirmForm",
    "CoordinateField",
    "DirectoryFilterForm",
    "FastSelect",
    "ImportForm",
    "LinkForm",
    "LogoInput",
    "MachineForm",
    "MemberAddForm",
    "MemberRoleForm",
    "ModerationForm",
    "OrganisationForm",
    "PhotoForm",
    "ProfileDetailsForm",
    "SiteForm",
]
