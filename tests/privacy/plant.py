"""Personal data of one person planted in every app, each piece marked with a
word of theirs (`tag`), so that a test can look for it in an export or in the
whole database."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from manifatture.accounts.models import Consent, ExternalIdentity, LoginFailure, User
from manifatture.accounts.privacy import record_consent
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.ballots.models import Ballot
from manifatture.ballots.tests.factories import BallotEntryFactory, BallotFactory
from manifatture.bookings.models import Booking
from manifatture.bookings.tests.factories import VisitorProfileFactory, WaitingListEntryFactory
from manifatture.calls.models import CommitteeMember
from manifatture.calls.models import Review as CallReview
from manifatture.calls.tests.factories import SubmittedApplicationFactory as CallApplicationFactory
from manifatture.directory.models import Membership
from manifatture.directory.tests.factories import ComuneFactory, MembershipFactory
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.matching.models import Contact, Need
from manifatture.news.tests.factories import SubscriberFactory
from manifatture.participations.models import ApplicationEvent
from manifatture.participations.tests.factories import SubmittedApplicationFactory
from manifatture.plans.models import PlanItem, PlanShare
from manifatture.qualifications.tests.factories import PendingEntryFactory
from manifatture.surveys.models import SurveyInvitation
from manifatture.tickets.models import CalendarFeed, ReminderSent
from manifatture.tickets.tests.factories import BookingFactory


def editions() -> SimpleNamespace:
    """A past edition (its event over) and the current one (its event to come)."""
    return SimpleNamespace(
        past=PhasedEditionFactory(past=True), current=EditionFactory(is_current=True)
    )


def plant(person: User, *, tag: str, where: SimpleNamespace) -> SimpleNamespace:
    """Everything the platform may hold about `person`; returns what was made."""
    made = SimpleNamespace(person=person, tag=tag)
    comune = ComuneFactory(istat_code=f"9{sum(map(ord, tag)):05d}", name=f"Comune {tag}")
    made.profile = VisitorProfileFactory(user=person, comune=comune)

    past_slot = TimeSlotFactory(activity=ActivityFactory(edition=where.past))
    made.past_booking = BookingFactory(
        slot=past_slot,
        visitor=person,
        party_size=3,
        kind=Booking.Kind.GROUP,
        group_name=f"Classe {tag}",
        checked_in_at=event_time(where.past, hour=10),
    )
    # The past visit's survey was answered: the invitation says so, the answer names nobody.
    SurveyInvitation.objects.create(booking=made.past_booking, answered=True)
    made.future_slot = TimeSlotFactory(activity=ActivityFactory(edition=where.current), capacity=2)
    made.future_booking = BookingFactory(slot=made.future_slot, visitor=person, party_size=2)
    ReminderSent.objects.create(booking=made.future_booking)
    full_slot = TimeSlotFactory(
        activity=ActivityFactory(edition=where.current),
        capacity=1,
        starts_at=event_time(where.current, hour=14),
        ends_at=event_time(where.current, hour=15),
    )
    made.waiting = WaitingListEntryFactory(slot=full_slot, visitor=person)

    ballot = Ballot.objects.filter(edition=where.current).first() or BallotFactory(
        edition=where.current
    )
    made.ballot_entry = BallotEntryFactory(
        ballot=ballot,
        visitor=person,
        slot=TimeSlotFactory(activity=ActivityFactory(edition=where.current)),
    )
    made.plan_item = PlanItem.objects.create(
        user=person,
        activity=made.future_slot.activity,
        slot=made.future_slot,
        day=where.current.event_start,
    )
    made.plan_share = PlanShare.objects.create(user=person)
    made.feed = CalendarFeed.objects.create(user=person)

    # As a member of a host (staff; the organisation has another owner).
    made.membership = MembershipFactory(user=person, role=Membership.Role.STAFF)
    organisation = made.membership.organisation
    MembershipFactory(organisation=organisation, role=Membership.Role.OWNER)
    made.application = SubmittedApplicationFactory(
        edition=where.current,
        organisation=organisation,
        created_by=person,
        motivation=f"Motivazione {tag}",
    )
    ApplicationEvent.objects.create(
        application=made.application,
        actor=person,
        from_state="draft",
        to_state="submitted",
        note=f"Nota {tag}",
    )
    made.call_application = CallApplicationFactory(
        organisation=organisation,
        created_by=person,
        submitted_by=person,
        project_summary=f"Progetto {tag}",
    )
    made.albo_entry = PendingEntryFactory(
        organisation=organisation, submitted_by=person, statement=f"Presentazione {tag}"
    )
    made.need = Need.objects.create(
        organisation=organisation, created_by=person, title=f"Serve una fresa {tag}"
    )
    made.contact = Contact.objects.create(
        need=made.need,
        recipient=MembershipFactory().organisation,
        sender=person,
        message=f"Messaggio {tag}",
    )
    made.subscriber = SubscriberFactory(email=person.email)
    record_consent(user=person, purpose=Consent.Purpose.HOST_CONTACT, given=True, source="booking")
    record_consent(
        email=person.email, purpose=Consent.Purpose.NEWSLETTER, given=True, source="newsletter"
    )
    ExternalIdentity.objects.create(user=person, issuer="https://spid.esempio.it", subject=tag)
    LoginFailure.objects.create(kind="password", email=person.email, ip_address="192.0.2.7")
    return made


def plant_reviewer(person: User, *, tag: str, call_application) -> None:
    """Reviews and a committee seat: the person as a reviewer."""
    CommitteeMember.objects.create(call=call_application.call, reviewer=person)
    CallReview.objects.create(
        application=call_application,
        reviewer=person,
        has_conflict=False,
        comment=f"Commento {tag}",
        completed_at=timezone.now(),
    )


def person(tag: str, **fields) -> User:
    return UserFactory(
        full_name=f"Persona {tag} Cognome{tag}",
        email=f"{tag.lower()}@esempio.it",
        last_login=timezone.now() - datetime.timedelta(minutes=1),
        **fields,
    )


def find_everywhere(*needles: str) -> list[str]:
    """Every text column of every model holding one of `needles` (case-insensitive),
    as "app.model.field"; JSON columns are searched as text."""
    from django.apps import apps
    from django.db import models
    from django.db.models.functions import Cast

    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                for needle in needles:
                    lookup = {f"{field.attname}__icontains": needle}
                    if model._default_manager.filter(**lookup).exists():
                        found.append(f"{model._meta.label}.{field.name}")
            elif isinstance(field, models.JSONField):
                for needle in needles:
                    if (
                        model._default_manager.annotate(
                            _text=Cast(field.attname, models.TextField())
                        )
                        .filter(_text__icontains=needle)
                        .exists()
                    ):
                        found.append(f"{model._meta.label}.{field.name}")
    return sorted(set(found))
