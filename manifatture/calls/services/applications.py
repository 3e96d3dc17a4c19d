"""Applications: a draft opened by a member of an eligible organisation,
saved while the call is open, then submitted with a protocol number."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.directory.models import Organisation
from manifatture.spaces.models import Space
from manifatture.unset import UNSET, Unset, given

from .. import exceptions
from ..eligibility import check_eligibility
from ..models import Application, Call, CallEvent
from .guards import _lock_application, _lock_call, _require_member, _when
from .history import _notify_members, _record

State = Application.State
Action = CallEvent.Action


def _require_open(call: Call) -> None:
    now = timezone.now()
    if call.status != Call.Status.PUBLISHED or now < call.opens_at:
        raise exceptions.CallClosed
    if now >= call.closes_at:
        raise exceptions.DeadlinePassed(
            _("Le domande si sono chiuse il %(date)s: non si possono più modificare né inviare.")
            % {"date": _when(call.closes_at)}
        )


def start_application(call: Call, *, organisation: Organisation, by: User) -> Application:
    """Open a draft. An organisation that does not meet the call's rules is told why."""
    _require_member(by, organisation.pk)
    _require_open(call)
    eligibility = check_eligibility(call, organisation)
    if not eligibility.eligible:
        raise exceptions.NotEligible(eligibility.reasons)
    spaces = list(call.spaces.all()[:2]) if call.kind == Call.Kind.SPACES else []
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                organisation=organisation,
                created_by=by,
                requested_space=spaces[0] if len(spaces) == 1 else None,
            )
            _record(call, Action.STARTED, by=by, application=application)
    except IntegrityError as error:
        raise exceptions.ApplicationExists from error
    return application


def _require_editable(application: Application, by: User) -> None:
    _require_member(by, application.organisation_id)
    _lock_application(application)
    if application.state != State.DRAFT:
        raise exceptions.NotADraft
    _require_open(application.call)


def save_application(
    application: Application,
    *,
    by: User,
    project_summary: str | Unset = UNSET,
    answers: dict[str, str] | Unset = UNSET,
    employees: int | None | Unset = UNSET,
    requested_space: Space | None | Unset = UNSET,
    amount_requested: Decimal | None | Unset = UNSET,
) -> Application:
    """Save the draft's answers (called by the save button and by autosave):
    the fields given; the others stay."""
    fields = given(
        project_summary=project_summary,
        answers=answers,
        employees=employees,
        requested_space=requested_space,
        amount_requested=amount_requested,
    )
    with transaction.atomic():
        _require_editable(application, by)
        for name, value in fields.items():
            setattr(application, name, value)
        application.save(update_fields=[*fields, "updated_at"])
    return application


def missing_for_submission(application: Application) -> list[str]:
    """What the applicant still has to write or attach, in plain words."""
    call = application.call
    missing = []
    if not application.project_summary.strip():
        missing.append(_("Descrivete il vostro progetto."))
    for criterion in call.criteria.all():
        if not str(application.answers.get(str(criterion.pk), "")).strip():
            missing.append(_("Rispondete sul criterio «%(name)s».") % {"name": criterion.name})
    if call.kind == Call.Kind.SPACES:
        if application.requested_space_id is None:
            missing.append(_("Scegliete lo spazio che chiedete."))
        elif not call.spaces.filter(pk=application.requested_space_id).exists():
            missing.append(_("Lo spazio scelto non è tra quelli offerti dal bando."))
    if call.kind == Call.Kind.INVESTMENT:
        if application.amount_requested is None:
            missing.append(_("Indicate il contributo che chiedete."))
        elif call.max_grant is not None and application.amount_requested > call.max_grant:
            missing.append(
                _("Il contributo richiesto supera il massimo di %(max)s euro.")
                % {"max": formats.number_format(call.max_grant, 2, use_l10n=True)}
            )
    attached = set(application.attachments.values_list("requirement_id", flat=True))
    for requirement in call.document_requirements.filter(required=True):
        if requirement.pk not in attached:
            missing.append(_("Allegate il documento «%(name)s».") % {"name": requirement.name})
    return missing


def submit_application(application: Application, *, by: User) -> Application:
    """Send the application: checks the deadline, the rules and completeness,
    gives it a protocol number and time stamp, and e-mails the receipt."""
    call = application.call
    with transaction.atomic():
        _lock_call(call)  # protocol numbers are handed out one at a time per call
        _require_editable(application, by)
        application.refresh_from_db()
        organisation = application.organisation
        eligibility = check_eligibility(call, organisation, employees=application.employees)
        if not eligibility.eligible:
            raise exceptions.NotEligible(eligibility.reasons)
        missing = [*eligibility.to_declare, *missing_for_submission(application)]
        if missing:
            raise exceptions.ApplicationIncomplete(missing)
        seq = (Application.objects.filter(call=call).aggregate(n=Max("protocol_seq"))["n"] or 0) + 1
        now = timezone.now()
        application.protocol_seq = seq
        application.protocol = f"MA-{timezone.localtime(now).year}-{seq:06d}"
        application.submitted_at = now
        application.submitted_by = by
        application.state = State.SUBMITTED
        application.save(
            update_fields=[
                "protocol_seq",
                "protocol",
                "submitted_at",
                "submitted_by",
                "state",
                "updated_at",
            ]
        )
        _record(call, Action.SUBMITTED, by=by, application=application, note=application.protocol)
        _notify_members(
            application,
            "calls/email/receipt",
            {
                "application": application,
                "call": call,
                "organisation": organisation,
                "attachments": list(application.attachments.select_related("requirement")),
            },
        )
    return application
