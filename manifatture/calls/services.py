"""Every write on calls: the call and its rules, applications with their
attachments, admissibility, the committee's declarations and scores, the
ranking and the results.

Every step is recorded as a CallEvent (who, what, when). Deadlines are checked
here, so no view, command or admin action can get around them.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.directory.models import Organisation
from manifatture.mail import send_templated_email
from manifatture.reviewing import services as reviewing
from manifatture.reviewing.models import ConflictRuling
from manifatture.spaces import services as spaces_services
from manifatture.spaces.models import Space

from . import exceptions, queries, ranking
from .eligibility import check_eligibility
from .models import (
    Application,
    Attachment,
    Call,
    CallDocumentRequirement,
    CallEvent,
    CommitteeMember,
    RankingEntry,
    Review,
    Score,
)
from .storage import private_storage
from .uploads import CheckedFile

State = Application.State
Action = CallEvent.Action

CALL_FIELDS = (
    "kind",
    "title_it",
    "title_en",
    "summary_it",
    "summary_en",
    "description_it",
    "description_en",
    "ateco_sections",
    "requires_metro_seat",
    "max_employees",
    "budget",
    "max_grant",
    "min_score",
    "opens_at",
    "closes_at",
    "results_at",
)
APPLICATION_FIELDS = (
    "project_summary",
    "answers",
    "employees",
    "requested_space",
    "amount_requested",
)


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


# The call's history records every step; those that are decisions of staff or
# reviewers also go in the platform's audit trail.
AUDITED = {
    Action.CALL_PUBLISHED: "calls.call_published",
    Action.COMMITTEE_ADDED: "calls.committee_added",
    Action.COMMITTEE_REMOVED: "calls.committee_removed",
    Action.ADMISSIBLE: "calls.admissibility_checked",
    Action.INADMISSIBLE: "calls.admissibility_checked",
    Action.NO_CONFLICT: "calls.conflict_declared",
    Action.CONFLICT: "calls.conflict_declared",
    Action.CONFLICT_OVERRIDDEN: "calls.conflict_overridden",
    Action.REVIEWED: "calls.review_saved",
    Action.RANKING_COMPUTED: "calls.ranking_computed",
    Action.RANKING_APPROVED: "calls.ranking_approved",
    Action.RESULTS_PUBLISHED: "calls.results_published",
    Action.REVIEW_REOPENED: "calls.review_reopened",
}


def _record(
    call: Call,
    action: str,
    *,
    by: User | None,
    application: Application | None = None,
    note="",
    changes: dict | None = None,
) -> CallEvent:
    event = CallEvent.objects.create(
        call=call, application=application, actor=by, action=action, note=str(note)
    )
    if action in AUDITED:
        record_audit_event(
            actor=by,
            action=AUDITED[action],
            target=application if application is not None else call,
            summary=" ".join(part for part in (str(Action(action).label), str(note)) if part),
            changes=changes,
        )
    return event


def _require_staff(user: User | None) -> None:
    if user is None or not user.is_city_staff:
        raise exceptions.NotAllowed


def _require_member(user: User, organisation_id: int) -> None:
    if not queries.is_member(user, organisation_id):
        raise exceptions.NotAMember


def _lock_call(call: Call) -> Call:
    """Lock the call row (protocol numbers, ranking) and refresh its state."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    for name in (
        "status",
        "ranking_computed_at",
        "ranking_approved_at",
        "closes_at",
        "opens_at",
        "results_at",
        "review_reopened_until",
    ):
        setattr(call, name, getattr(locked, name))
    return call


def _lock_application(application: Application) -> Application:
    current = Application.objects.select_for_update().only("state").get(pk=application.pk)
    application.state = current.state
    return application


# The call and its rules ---------------------------------------------------------


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


def create_call(*, by: User, spaces: Iterable[Space] = (), **fields) -> Call:
    """A new call, in preparation (not public until `publish_call`)."""
    _require_staff(by)
    with transaction.atomic():
        call = Call(created_by=by, **fields)
        call.slug = unique_call_slug(call.title_it)
        call.save()
        call.spaces.set(spaces)
        _record(call, Action.CALL_CREATED, by=by)
    return call


def _require_draft(call: Call) -> None:
    if call.status != Call.Status.DRAFT:
        raise exceptions.CallNotEditable


def update_call(call: Call, *, by: User, spaces: Iterable[Space] | None = None, **fields) -> Call:
    """Change a call in preparation. A published call keeps the rules it announced."""
    _require_staff(by)
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
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


def add_committee_member(call: Call, *, reviewer: User, by: User) -> CommitteeMember:
    _require_staff(by)
    if not reviewer.is_reviewer:
        raise exceptions.NotAllowed(_("Solo chi ha il ruolo di valutatore entra in commissione."))
    try:
        with transaction.atomic():
            member = CommitteeMember.objects.create(call=call, reviewer=reviewer)
            _record(call, Action.COMMITTEE_ADDED, by=by, note=reviewer.email)
    except IntegrityError as error:
        raise exceptions.CallsError(_("È già in commissione.")) from error
    return member


def remove_committee_member(member: CommitteeMember, *, by: User) -> None:
    """Take a reviewer off the committee, if they have not scored anything yet."""
    _require_staff(by)
    with transaction.atomic():
        if Review.objects.filter(
            application__call=member.call_id,
            reviewer=member.reviewer_id,
            completed_at__isnull=False,
        ).exists():
            raise exceptions.CallsError(
                _("Ha già valutato delle domande: resta in commissione perché i punteggi contano.")
            )
        Review.objects.filter(
            application__call=member.call_id, reviewer=member.reviewer_id
        ).delete()
        member.delete()
        _record(member.call, Action.COMMITTEE_REMOVED, by=by, note=member.reviewer.email)


# Applications -------------------------------------------------------------------


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


def save_application(application: Application, *, by: User, **fields) -> Application:
    """Save the draft's answers (called by the save button and by autosave)."""
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    with transaction.atomic():
        _require_editable(application, by)
        for name, value in fields.items():
            setattr(application, name, value)
        application.save(update_fields=[*fields, "updated_at"])
    return application


def add_attachment(
    application: Application,
    *,
    requirement: CallDocumentRequirement,
    upload,
    checked: CheckedFile,
    by: User,
) -> Attachment:
    """Store a file already checked by `uploads.check_attachment`, replacing the
    previous one for the same document."""
    if requirement.call_id != application.call_id:
        raise exceptions.NotAllowed
    with transaction.atomic():
        _require_editable(application, by)
        previous = Attachment.objects.filter(application=application, requirement=requirement)
        old_names = list(previous.values_list("file", flat=True))
        previous.delete()
        attachment = Attachment(
            application=application,
            requirement=requirement,
            original_name=checked.original_name,
            file_type=checked.file_type,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
        )
        upload.seek(0)
        attachment.file.save("upload", upload, save=False)
        try:
            attachment.save()
            _record(
                application.call,
                Action.ATTACHMENT_ADDED,
                by=by,
                application=application,
                note=f"{requirement.name_it}: {checked.original_name} ({checked.sha256[:12]})",
            )
        except Exception:
            _delete_files([attachment.file.name])  # no orphan file behind a failed save
            raise
        # The replaced file goes once the new one is recorded.
        transaction.on_commit(partial(_delete_files, old_names))
    return attachment


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            private_storage.delete(name)


def remove_attachment(attachment: Attachment, *, by: User) -> None:
    application = attachment.application
    with transaction.atomic():
        _require_editable(application, by)
        name = attachment.file.name
        attachment.delete()
        _record(
            application.call,
            Action.ATTACHMENT_REMOVED,
            by=by,
            application=application,
            note=f"{attachment.requirement.name_it}: {attachment.original_name}",
        )
        transaction.on_commit(partial(_delete_files, [name]))


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


def _notify_members(application: Application, template: str, context: dict) -> None:
    """E-mail every active member of the organisation, each in their language."""
    members = User.objects.filter(
        memberships__organisation=application.organisation_id, is_active=True
    ).order_by("pk")
    for member in members:
        transaction.on_commit(
            partial(
                send_templated_email,
                [member.email],
                template,
                {**context, "recipient": member},
                member.language,
            )
        )


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


# Evaluation ---------------------------------------------------------------------


def _require_evaluation_open(call: Call) -> None:
    if call.ranking_approved_at is not None or call.status != Call.Status.PUBLISHED:
        raise exceptions.EvaluationClosed


def _discard_ranking(call: Call) -> None:
    """A change in admissibility or scores makes a computed ranking stale."""
    if call.ranking_computed_at is not None:
        RankingEntry.objects.filter(call=call).delete()
        Call.objects.filter(pk=call.pk).update(ranking_computed_at=None)
        call.ranking_computed_at = None


def check_admissibility(
    application: Application, *, admissible: bool, note: str = "", by: User
) -> Application:
    """Staff check the formal requirements of a submitted application."""
    _require_staff(by)
    note = note.strip()
    if not admissible and not note:
        raise exceptions.NoteRequired
    call = application.call
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        _lock_application(application)
        if application.state not in (State.SUBMITTED, State.ADMISSIBLE, State.INADMISSIBLE):
            raise exceptions.WrongState
        application.state = State.ADMISSIBLE if admissible else State.INADMISSIBLE
        application.admissibility_note = note
        application.checked_at = timezone.now()
        application.checked_by = by
        application.save(
            update_fields=["state", "admissibility_note", "checked_at", "checked_by", "updated_at"]
        )
        _discard_ranking(call)
        _record(
            call,
            Action.ADMISSIBLE if admissible else Action.INADMISSIBLE,
            by=by,
            application=application,
            note=note,
        )
    return application


def _require_committee(call: Call, reviewer: User) -> None:
    if (
        not reviewer.is_reviewer
        or not CommitteeMember.objects.filter(call=call, reviewer=reviewer).exists()
    ):
        raise exceptions.NotOnCommittee


def declare_conflict(
    application: Application, *, reviewer: User, has_conflict: bool, note: str = ""
) -> Review:
    """A committee member declares, before reading it, whether they have a conflict
    of interest on the application. A conflict is final and excludes them from it;
    whoever was a member of the applicant organisation when it applied has one."""
    call = application.call
    _require_committee(call, reviewer)
    if not has_conflict and queries.has_conflict(reviewer, application):
        raise exceptions.ConflictOfInterest(
            _("Siete membri dell'organizzazione che si candida: avete un conflitto di interessi.")
        )
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        _lock_application(application)
        if application.state != State.ADMISSIBLE:
            raise exceptions.WrongState
        review = (
            Review.objects.select_for_update()
            .filter(application=application, reviewer=reviewer)
            .first()
        )
        if review is not None and review.has_conflict:
            raise exceptions.ConflictOfInterest
        if review is not None and not has_conflict:
            return review  # already declared: nothing changes
        if review is None:
            review = Review.objects.create(
                application=application,
                reviewer=reviewer,
                has_conflict=has_conflict,
                conflict_note=note.strip(),
            )
        else:
            # Declared free of conflicts, now a conflict: the scores go.
            review.scores.all().delete()
            review.has_conflict = True
            review.conflict_note = note.strip()
            review.completed_at = None
            review.declared_at = timezone.now()
            review.save()
            _discard_ranking(call)
        _record(
            call,
            Action.CONFLICT if has_conflict else Action.NO_CONFLICT,
            by=reviewer,
            application=application,
            note=note.strip(),
        )
    return review


def override_conflict(
    application: Application, *, reviewer: User, by: User, reason: str
) -> ConflictRuling:
    """City staff rule that a committee member's membership of the applicant is
    no conflict of interest: the member may declare none and score. A conflict the
    member declared is theirs and stays (reviewing.services.clear_conflict)."""
    _require_staff(by)
    with transaction.atomic():
        _lock_application(application)
        conflict = reviewing.clear_conflict(
            application, queries.conflicts_on(application), reviewer=reviewer, by=by, reason=reason
        )
        _record(
            application.call,
            Action.CONFLICT_OVERRIDDEN,
            by=by,
            application=application,
            note=conflict.override.note,
            changes={"reviewer": reviewer.pk, "member_since": conflict.member_since},
        )
    return conflict.override


def score_application(
    application: Application, *, reviewer: User, points: dict[int, int], comment: str = ""
) -> Review:
    """Save the reviewer's points on every criterion (0..max points)."""
    call = application.call
    _require_committee(call, reviewer)
    criteria = {criterion.pk: criterion for criterion in call.criteria.all()}
    valid = set(points) == set(criteria) and all(
        type(value) is int and 0 <= value <= criteria[pk].max_points for pk, value in points.items()
    )
    if not valid:
        raise exceptions.InvalidScores
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if not queries.review_is_open(call):
            raise exceptions.EvaluationClosed(
                _("La valutazione si è chiusa il %(date)s: non si possono più dare punteggi.")
                % {"date": _when(queries.review_closes_at(call))}
            )
        _lock_application(application)
        if application.state != State.ADMISSIBLE:
            raise exceptions.WrongState
        review = (
            Review.objects.select_for_update()
            .filter(application=application, reviewer=reviewer)
            .first()
        )
        if review is None:
            raise exceptions.DeclarationRequired
        if review.has_conflict:
            raise exceptions.ConflictOfInterest
        review.scores.all().delete()
        Score.objects.bulk_create(
            Score(review=review, criterion_id=pk, points=value)
            for pk, value in sorted(points.items())
        )
        first_time = review.completed_at is None
        review.comment = comment.strip()
        review.completed_at = timezone.now()
        review.save(update_fields=["comment", "completed_at"])
        _discard_ranking(call)
        _record(
            call,
            Action.REVIEWED,
            by=reviewer,
            application=application,
            note="" if first_time else _("Punteggi aggiornati."),
            changes={"points": dict(sorted(points.items())), "comment": review.comment},
        )
    return review


def reopen_review(call: Call, *, by: User, until: datetime.datetime, reason: str) -> Call:
    """Staff reopen the committee's review after it closed (a member could not
    score in time, a score must be corrected): on purpose, with a reason, until
    a given moment; recorded in the call's history and the audit trail."""
    _require_staff(by)
    reason = reason.strip()
    if not reason:
        raise exceptions.CallsError(_("Spiegate perché riaprite la valutazione."))
    now = timezone.now()
    if until <= now:
        raise exceptions.CallsError(_("Indicate un momento futuro."))
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if queries.review_is_open(call, now=now):
            raise exceptions.CallsError(
                _("La valutazione è ancora aperta fino al %(date)s.")
                % {"date": _when(queries.review_closes_at(call))}
            )
        previous = call.review_reopened_until
        call.review_reopened_until = until
        call.save(update_fields=["review_reopened_until", "updated_at"])
        _record(
            call,
            Action.REVIEW_REOPENED,
            by=by,
            note=reason,
            changes={"review_reopened_until": [previous, until]},
        )
    return call


def compute_ranking(call: Call, *, by: User) -> list[RankingEntry]:
    """Rank the admissible applications (see calls.ranking) and decide the
    provisional outcomes; staff then approve and publish."""
    _require_staff(by)
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if not call.has_closed:
            raise exceptions.RankingNotReady(
                _("Le domande sono aperte fino al %(date)s.") % {"date": _when(call.closes_at)}
            )
        unchecked = list(
            call.applications.filter(state=State.SUBMITTED).values_list("protocol", flat=True)
        )
        if unchecked:
            raise exceptions.RankingNotReady(
                _("Verificate prima l'ammissibilità di tutte le domande."), pending=unchecked
            )
        candidates, review_counts, unscored = queries.ranking_candidates(call)
        if unscored:
            raise exceptions.RankingNotReady(
                _("Ogni domanda ammissibile deve avere almeno una valutazione completa."),
                pending=unscored,
            )
        criteria = [
            ranking.Criterion(
                id=c.pk,
                name=c.name_it,
                weight=c.weight,
                max_points=c.max_points,
                position=c.position,
            )
            for c in call.criteria.all()
        ]
        lines = ranking.rank(candidates, criteria)
        applications = {
            a.pk: a
            for a in call.applications.filter(state=State.ADMISSIBLE).select_related(
                "requested_space"
            )
        }
        offered = set(call.spaces.values_list("pk", flat=True))
        taken_spaces: set[int] = set()
        remaining = call.budget if call.budget is not None else Decimal(0)
        RankingEntry.objects.filter(call=call).delete()
        entries = []
        for line in lines:
            application = applications[line.application_id]
            entry = RankingEntry(
                call=call,
                application=application,
                position=line.position,
                score=line.score,
                reviews_count=review_counts[line.application_id],
                decided_by=line.decided_by,
                outcome=RankingEntry.Outcome.ELIGIBLE,
            )
            if line.exact_score < Fraction(call.min_score):
                entry.outcome = RankingEntry.Outcome.BELOW_THRESHOLD
            elif call.kind == Call.Kind.SPACES:
                space_id = application.requested_space_id
                if space_id in offered and space_id not in taken_spaces:
                    entry.outcome = RankingEntry.Outcome.AWARDED
                    entry.awarded_space_id = space_id
                    taken_spaces.add(space_id)
            else:
                amount = application.amount_requested or Decimal(0)
                if 0 < amount <= remaining:
                    entry.outcome = RankingEntry.Outcome.AWARDED
                    entry.awarded_amount = amount
                    remaining -= amount
            entries.append(entry)
        RankingEntry.objects.bulk_create(entries)
        call.ranking_computed_at = timezone.now()
        call.save(update_fields=["ranking_computed_at", "updated_at"])
        _record(
            call,
            Action.RANKING_COMPUTED,
            by=by,
            note=_("%(n)s domande in graduatoria.") % {"n": len(entries)},
            changes={
                "ranking": [
                    [entry.position, entry.application.protocol, str(entry.score), entry.outcome]
                    for entry in entries
                ]
            },
        )
    return entries


def approve_ranking(call: Call, *, by: User) -> Call:
    _require_staff(by)
    with transaction.atomic():
        _lock_call(call)
        _require_evaluation_open(call)
        if call.ranking_computed_at is None:
            raise exceptions.RankingNotReady(_("Calcolate prima la graduatoria."))
        call.ranking_approved_at = timezone.now()
        call.ranking_approved_by = by
        call.save(update_fields=["ranking_approved_at", "ranking_approved_by", "updated_at"])
        _record(call, Action.RANKING_APPROVED, by=by)
    return call


def publish_results(call: Call, *, by: User) -> Call:
    """Publish the approved ranking: outcomes on the applications, awarded spaces
    assigned (the others available again), every applicant told by e-mail."""
    _require_staff(by)
    with transaction.atomic():
        _lock_call(call)
        if call.status != Call.Status.PUBLISHED or call.ranking_approved_at is None:
            raise exceptions.RankingNotReady(_("Approvate prima la graduatoria."))
        entries = {
            entry.application_id: entry
            for entry in RankingEntry.objects.filter(call=call).select_related("awarded_space")
        }
        awarded_spaces = {e.awarded_space_id for e in entries.values() if e.awarded_space_id}
        for space in call.spaces.select_for_update().order_by("pk"):
            if space.pk in awarded_spaces and space.status != Space.Status.ASSIGNED:
                winner = next(e for e in entries.values() if e.awarded_space_id == space.pk)
                spaces_services.change_space_status(
                    space,
                    to=Space.Status.ASSIGNED,
                    by=by,
                    note=_("Assegnato con il bando «%(title)s» (domanda %(protocol)s).")
                    % {"title": call.title_it, "protocol": winner.application.protocol},
                )
            elif space.status == Space.Status.UNDER_CALL:
                spaces_services.change_space_status(
                    space,
                    to=Space.Status.AVAILABLE,
                    by=by,
                    note=_("Non assegnato con il bando «%(title)s».") % {"title": call.title_it},
                )
        call.status = Call.Status.RESULTS_PUBLISHED
        call.results_published_at = timezone.now()
        call.save(update_fields=["status", "results_published_at", "updated_at"])
        _record(call, Action.RESULTS_PUBLISHED, by=by)
        applications = call.applications.exclude(state=State.DRAFT).select_related("organisation")
        for application in applications:
            entry = entries.get(application.pk)
            if application.state == State.ADMISSIBLE:
                awarded = entry is not None and entry.outcome == RankingEntry.Outcome.AWARDED
                application.state = State.AWARDED if awarded else State.NOT_AWARDED
                application.save(update_fields=["state", "updated_at"])
            _record(
                call,
                Action.NOTIFIED,
                by=by,
                application=application,
                note=application.get_state_display(),
            )
            _notify_members(
                application,
                "calls/email/result",
                {
                    "application": application,
                    "call": call,
                    "organisation": application.organisation,
                    "entry": entry,
                    "total": len(entries),
                },
            )
    return call
