"""The call and its rules: created and changed in preparation, then published
(its spaces go "under call")."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.spaces import services as spaces_services
from manifatture.spaces.models import Space
from manifatture.unset import UNSET, Unset, given

from .. import exceptions, queries
from ..models import Call, CallEvent
from .guards import _lock_call, _require_staff
from .history import _record

Action = CallEvent.Action


def unique_call_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200].strip("-") or "bando"
    taken = Call.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True)) | queries.RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken_slugs:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_call(
    *,
    by: User,
    spaces: Iterable[Space] = (),
    kind: str,
    title_it: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    results_at: datetime.datetime,
    title_en: str | Unset = UNSET,
    summary_it: str | Unset = UNSET,
    summary_en: str | Unset = UNSET,
    description_it: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    ateco_sections: list[str] | Unset = UNSET,
    requires_metro_seat: bool | Unset = UNSET,
    max_employees: int | None | Unset = UNSET,
    budget: Decimal | None | Unset = UNSET,
    max_grant: Decimal | None | Unset = UNSET,
    min_score: Decimal | Unset = UNSET,
) -> Call:
    """A new call, in preparation (not public until `publish_call`). A rule
    left out takes the model's default."""
    _require_staff(by)
    fields = given(
        title_en=title_en,
        summary_it=summary_it,
        summary_en=summary_en,
        description_it=description_it,
        description_en=description_en,
        ateco_sections=ateco_sections,
        requires_metro_seat=requires_metro_seat,
        max_employees=max_employees,
        budget=budget,
        max_grant=max_grant,
        min_score=min_score,
    )
    with transaction.atomic():
        call = Call(
            created_by=by,
            kind=kind,
            title_it=title_it,
            opens_at=opens_at,
            closes_at=closes_at,
            results_at=results_at,
            **fields,
        )
        call.slug = unique_call_slug(call.title_it)
        call.save()
        call.spaces.set(spaces)
        _record(call, Action.CALL_CREATED, by=by)
    return call


def _require_draft(call: Call) -> None:
    if call.status != Call.Status.DRAFT:
        raise exceptions.CallNotEditable


def update_call(
    call: Call,
    *,
    by: User,
    spaces: Iterable[Space] | None = None,
    kind: str | Unset = UNSET,
    title_it: str | Unset = UNSET,
    title_en: str | Unset = UNSET,
    summary_it: str | Unset = UNSET,
    summary_en: str | Unset = UNSET,
    description_it: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    ateco_sections: list[str] | Unset = UNSET,
    requires_metro_seat: bool | Unset = UNSET,
    max_employees: int | None | Unset = UNSET,
    budget: Decimal | None | Unset = UNSET,
    max_grant: Decimal | None | Unset = UNSET,
    min_score: Decimal | Unset = UNSET,
    opens_at: datetime.datetime | Unset = UNSET,
    closes_at: datetime.datetime | Unset = UNSET,
    results_at: datetime.datetime | Unset = UNSET,
) -> Call:
    """Change a call in preparation (the rules given; the others stay). A
    published call keeps the rules it announced."""
    _require_staff(by)
    fields = given(
        kind=kind,
        title_it=title_it,
        title_en=title_en,
        summary_it=summary_it,
        summary_en=summary_en,
        description_it=description_it,
        description_en=description_en,
        ateco_sections=ateco_sections,
        requires_metro_seat=requires_metro_seat,
        max_employees=max_employees,
        budget=budget,
        max_grant=max_grant,
        min_score=min_score,
        opens_at=opens_at,
        closes_at=closes_at,
        results_at=results_at,
    )
    with transaction.atomic():
        _lock_call(call)
        _require_draft(call)
        for name, value in fields.items():
            setattr(call, name, value)
        call.save()
        if spaces is not None:
            call.spaces.set(spaces)
        _record(call, Action.CALL_UPDATED, by=by)
    return call


def save_call_parts(call: Call, *, by: User, formset) -> list:
    """Save a valid formset of the call's criteria or document requirements."""
    _require_staff(by)
    with transaction.atomic():
        _lock_call(call)
        _require_draft(call)
        formset.instance = call
        saved = formset.save()
        _record(call, Action.CALL_UPDATED, by=by, note=formset.model._meta.verbose_name_plural)
    return saved


def publish_call(call: Call, *, by: User) -> Call:
    """Make the call public. Its spaces go "under call"."""
    _require_staff(by)
    problems = []
    with transaction.atomic():
        _lock_call(call)
        _require_draft(call)
        if not call.criteria.exists():
            problems.append(_("Aggiungete almeno un criterio di valutazione."))
        if timezone.now() >= call.closes_at:
            problems.append(_("La scadenza è già passata: spostatela in avanti."))
        spaces = list(call.spaces.select_for_update().order_by("name"))
        if call.kind == Call.Kind.SPACES:
            if not spaces:
                problems.append(_("Scegliete almeno uno spazio da offrire."))
            for space in spaces:
                if not space.is_published:
                    problems.append(
                        _("Lo spazio «%(name)s» non è pubblicato sulla mappa.") % {"name": space}
                    )
                elif space.status not in (Space.Status.SURVEYED, Space.Status.AVAILABLE):
                    problems.append(
                        _("Lo spazio «%(name)s» è «%(status)s»: non si può offrire.")
                        % {"name": space, "status": space.get_status_display()}
                    )
        if problems:
            raise exceptions.CallNotReady(" ".join(str(p) for p in problems))
        call.status = Call.Status.PUBLISHED
        call.published_at = timezone.now()
        call.save(update_fields=["status", "published_at", "updated_at"])
        for space in spaces:
            spaces_services.change_space_status(
                space,
                to=Space.Status.UNDER_CALL,
                by=by,
                note=_("Offerto dal bando «%(title)s».") % {"title": call.title_it},
            )
        _record(call, Action.CALL_PUBLISHED, by=by)
    return call
