"""Who may apply to a call: the rules checked on the organisation's profile
(ATECO section, seat in the metropolitan area) and on what it declares in the
application (number of employees). Each reason is a sentence the applicant reads."""

from dataclasses import dataclass, field

import ateco
from django.utils.translation import gettext as _

from manifatture.directory.models import Organisation

from .models import Call

METRO_PROVINCE = "MI"


@dataclass
class Eligibility:
    reasons: list[str] = field(default_factory=list)
    # Rules the applicant still has to answer in the form (not a refusal yet).
    to_declare: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reasons


def ateco_section(code: str) -> str | None:
    """The section letter (A..V) of an ATECO code, walking up its parents."""
    if not code:
        return None
    try:
        node = ateco.lookup(code)
    except ValueError:
        return None
    while node is not None and node.level != "section":
        node = ateco.lookup(node.parent) if node.parent else None
    return node.code if node else None


def section_choices() -> list[tuple[str, str]]:
    """The sections of the ATECO classification, e.g. ("C", "C – Attività manifatturiere")."""
    choices = []
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        node = ateco.lookup(letter)
        if node is not None and node.level == "section":
            choices.append((letter, f"{letter} – {node.title.capitalize()}"))
    return choices


def check_eligibility(
    call: Call, organisation: Organisation, *, employees: int | None = None, sites=None
) -> Eligibility:
    """Check the organisation against the call's rules.

    `sites`: the organisation's sites with their comune, if already loaded.
    `employees`: the number declared in the application (None: not yet declared).
    """
    result = Eligibility()
    if call.ateco_sections:
        allowed = ", ".join(sorted(call.ateco_sections))
        section = ateco_section(organisation.ateco_code)
        if not organisation.ateco_code:
            result.reasons.append(
                _(
                    "Il profilo dell'organizzazione non ha un codice ATECO: aggiungetelo per "
                    "candidarvi (sezioni ammesse: %(allowed)s)."
                )
                % {"allowed": allowed}
            )
        elif section not in call.ateco_sections:
            result.reasons.append(
                _(
                    "Il codice ATECO %(code)s (sezione %(section)s) non è ammesso: il bando è "
                    "aperto alle sezioni %(allowed)s."
                )
                % {"code": organisation.ateco_code, "section": section or "?", "allowed": allowed}
            )
    if call.requires_metro_seat:
        if sites is None:
            sites = organisation.sites.select_related("comune")
        if not any(site.comune.province == METRO_PROVINCE for site in sites):
            result.reasons.append(_("La vostra sede non è nella Città metropolitana di Milano."))
    if call.max_employees is not None:
        if employees is None:
            result.to_declare.append(
                _("Dichiarate nella domanda il numero di addetti (al massimo %(max)s).")
                % {"max": call.max_employees}
            )
        elif employees > call.max_employees:
            result.reasons.append(
                _(
                    "Il bando è riservato a imprese con al massimo %(max)s addetti: ne avete "
                    "dichiarati %(n)s."
                )
                % {"max": call.max_employees, "n": employees}
            )
    return result
