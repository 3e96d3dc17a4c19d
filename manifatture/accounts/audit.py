"""The audit trail: who decided what, on which object, when.

Services call `record_audit_event(...)` inside their own transaction, so the
event is stored with the decision or not at all. Rows are append-only (the
admin is read-only; database triggers refuse UPDATE and DELETE, migration
0006). The request's IP address, when there is a request, comes from
`AuditContextMiddleware` through a context variable: services need no request.

Every action recorded is listed in ACTIONS with its label, so this module is
also the list of what the trail covers.
"""

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .models import AuditEvent, User

ACTIONS: dict[str, StrOrPromise] = {
    # participations: the call for hosts
    "participations.application_accepted": _("Candidatura accettata"),
    "participations.application_rejected": _("Candidatura respinta"),
    "participations.changes_requested": _("Modifiche richieste alla candidatura"),
    "participations.review_saved": _("Valutazione di una candidatura"),
    "participations.review_reopened": _("Valutazione di una candidatura riaperta dallo staff"),
    "participations.criterion_saved": _("Criterio di valutazione salvato"),
    "participations.conflict_declared": _("Conflitto di interessi dichiarato da un valutatore"),
    "participations.conflict_overridden": _("Conflitto di interessi escluso dallo staff"),
    # calls (bandi)
    "calls.call_published": _("Bando pubblicato"),
    "calls.committee_added": _("Valutatore aggiunto alla commissione"),
    "calls.committee_removed": _("Valutatore tolto dalla commissione"),
    "calls.admissibility_checked": _("Ammissibilità verificata"),
    "calls.conflict_declared": _("Dichiarazione sul conflitto di interessi"),
    "calls.conflict_overridden": _("Conflitto di interessi escluso dallo staff"),
    "calls.review_saved": _("Valutazione di una domanda"),
    "calls.review_reopened": _("Valutazione di un bando riaperta dallo staff"),
    "calls.ranking_computed": _("Graduatoria calcolata"),
    "calls.ranking_approved": _("Graduatoria approvata"),
    "calls.results_published": _("Esiti pubblicati"),
    # directory: staff moderation of self-created profiles
    "directory.organisation_approved": _("Organizzazione o sua modifica pubblicata"),
    "directory.organisation_rejected": _("Organizzazione o sua modifica non pubblicata"),
    # qualifications (albo)
    "qualifications.entry_approved": _("Iscrizione all'albo approvata"),
    "qualifications.entry_rejected": _("Iscrizione all'albo respinta"),
    # ballots
    "ballots.draw_run": _("Sorteggio eseguito"),
    # editions
    "editions.edition_saved": _("Edizione creata o modificata"),
    "editions.edition_made_current": _("Edizione resa corrente"),
    # spaces
    "spaces.status_changed": _("Stato di uno spazio cambiato"),
    # bookings: cancellations by hosts and staff
    "bookings.booking_cancelled": _("Prenotazione annullata da host o staff"),
    "bookings.booking_released": _(
        "Posti di una prenotazione dati ad altri (non confermata in tempo o assenti alla porta)"
    ),
    "bookings.slot_cancelled": _("Turno annullato"),
    "bookings.activity_cancelled": _("Attività annullata"),
    "activities.booking_allowance_set": _("Prenotazioni oltre i posti impostate"),
    "bookings.release_waves_set": _("Ondate di posti definite"),
    "bookings.release_wave_released": _("Ondata di posti rilasciata"),
    # feedback: staff answers to problem reports
    "feedback.report_answered": _("Risposta a una segnalazione"),
    # accounts and personal data
    "accounts.role_changed": _("Ruolo o permessi di un account cambiati"),
    "accounts.account_deleted": _("Account cancellato e dati resi anonimi"),
    "accounts.visitor_data_purged": _("Dati dei visitatori di edizioni passate resi anonimi"),
}

_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def action_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in ACTIONS.items()), key=lambda c: c[1])


def _json_safe(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_safe(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def field_changes(before: models.Model | None, after: models.Model, fields: Iterable[str]) -> dict:
    """{field: [old, new]} for the concrete fields that differ (all of them when
    `before` is None: a creation)."""
    changes = {}
    for name in fields:
        field = after._meta.get_field(name)
        assert isinstance(field, models.Field), (
            name
        )  # a concrete field, not a relation's reverse side
        attname = field.attname
        old = getattr(before, attname) if before is not None else None
        new = getattr(after, attname)
        if before is None or old != new:
            changes[name] = [_json_safe(old), _json_safe(new)]
    return changes


def actor_role_of(actor: User | None) -> str:
    if actor is None:
        return AuditEvent.ActorRole.SYSTEM
    if actor.role == User.Role.CITY_STAFF:
        return AuditEvent.ActorRole.CITY_STAFF
    if actor.role == User.Role.REVIEWER:
        return AuditEvent.ActorRole.REVIEWER
    return AuditEvent.ActorRole.VISITOR


def record_audit_event(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    target_label: str | None = None,
    summary: str = "",
    changes: dict | None = None,
    actor_role: str = "",
) -> AuditEvent:
    """Add one event to the trail. `actor` None means the platform itself (a
    scheduled command); `actor_role` overrides the role read from the account
    (e.g. "host" for a member acting for their organisation); `target_label`
    replaces str(target) when that would name a visitor."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to accounts.audit.ACTIONS")
    label = ""
    if actor is not None:
        label = f"{actor.full_name} <{actor.email}>" if actor.full_name else actor.email
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=label[:300],
        actor_role=actor_role or actor_role_of(actor),
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=(target_label if target_label is not None else str(target or ""))[:300],
        summary=str(summary),
        changes=_json_safe(changes or {}),
        ip_address=_client_ip.get(),
    )


class AuditContextMiddleware:
    """Makes the client's address available to `record_audit_event` during the
    request. REMOTE_ADDR only: behind a proxy, set it from the proxy's header in
    the WSGI server, not here, so a client cannot forge it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
