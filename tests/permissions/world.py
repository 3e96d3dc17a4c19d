"""The fixture world of the permission matrix: one of each object a URL can
point to, in two organisations, so that every "only your own" rule has
something of someone else's to refuse.

`host` is the organisation of the host member (staff membership) and the host
owner; `other` belongs to somebody else. Names on the world say whose an
object is: `activity` is the host's, `other_activity` the other organisation's.
"""

import datetime
import io
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import (
    ActivityFactory,
    HubRoomFactory,
    RouteFactory,
    RouteStopFactory,
    TimeSlotFactory,
)
from manifatture.ballots.tests.factories import (
    BallotActivityFactory,
    BallotEntryFactory,
    BallotFactory,
)
from manifatture.bookings import reconfirmation
from manifatture.bookings.models import WaitingListEntry
from manifatture.bookings.tests.factories import WaitingListEntryFactory
from manifatture.calls import models as calls_models
from manifatture.calls.tests.factories import (
    AdmissibleApplicationFactory as CallApplicationFactory,
)
from manifatture.calls.tests.factories import (
    CallFactory,
    CommitteeMemberFactory,
    CriterionFactory,
    DraftCallFactory,
    RequirementFactory,
)
from manifatture.calls.tests.factories import (
    SubmittedApplicationFactory as SubmittedCallApplicationFactory,
)
from manifatture.directory import services as directory_services
from manifatture.directory.models import (
    Capability,
    ImportJob,
    Invitation,
    Link,
    Machine,
    Membership,
    Photo,
)
from manifatture.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SiteFactory,
)
from manifatture.editions.tests.factories import EditionFactory
from manifatture.feedback.tests.factories import ProblemReportFactory
from manifatture.matching.models import Contact, Need
from manifatture.news import tokens as news_tokens
from manifatture.news.tests.factories import (
    ArticleFactory,
    CaseStudyFactory,
    DraftArticleFactory,
    NewsletterIssueFactory,
    OpportunityFactory,
    SubscriberFactory,
)
from manifatture.participations.models import Application as HostApplication
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    ReviewCriterionFactory,
)
from manifatture.plans.models import PlanItem, PlanShare
from manifatture.qualifications.tests.factories import (
    DocumentFactory,
    EntryFactory,
    FablabFactory,
    PendingEntryFactory,
)
from manifatture.spaces.models import SpacePhoto
from manifatture.spaces.tests.factories import SpaceFactory
from manifatture.surveys import services as survey_services
from manifatture.tickets import door as ticket_door
from manifatture.tickets import links as ticket_links
from manifatture.tickets.models import CalendarFeed
from manifatture.tickets.tests.factories import BookingFactory

ROLES = ("anonymous", "visitor", "host_member", "host_owner", "reviewer", "staff")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class World(SimpleNamespace):
    """Attribute bag; `users` maps each role to its user (None for anonymous)."""

    users: dict[str, User | None]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def build_world() -> World:
    w = World()
    now = timezone.now()

    # People -----------------------------------------------------------------------
    w.visitor = UserFactory(full_name="Vera Visitatrice")
    w.member = UserFactory(full_name="Marco Membro")
    w.owner = UserFactory(full_name="Olga Titolare")
    w.reviewer = ReviewerFactory(full_name="Renato Valutatore")
    w.staff = StaffFactory(full_name="Stefania Staff")
    w.other_owner = UserFactory(full_name="Oscar Altro")
    w.other_visitor = UserFactory(full_name="Viola Altra")
    w.users = {
        "anonymous": None,
        "visitor": w.visitor,
        "host_member": w.member,
        "host_owner": w.owner,
        "reviewer": w.reviewer,
        "staff": w.staff,
    }

    # The current edition, the host (accepted) and someone else's organisation ------
    w.edition = EditionFactory(year=2031, is_current=True)
    w.host = OrganisationFactory(name="Officina Ospite", slug="officina-ospite")
    w.other = OrganisationFactory(name="Fonderia Altrui", slug="fonderia-altrui")
    w.owner_membership = MembershipFactory(
        organisation=w.host, user=w.owner, role=Membership.Role.OWNER
    )
    w.member_membership = MembershipFactory(
        organisation=w.host, user=w.member, role=Membership.Role.STAFF
    )
    w.other_membership = MembershipFactory(
        organisation=w.other, user=w.other_owner, role=Membership.Role.OWNER
    )
    # Invitations waiting for an answer: the host invited the visitor; the other
    # organisation invited someone else.
    w.invitation = Invitation.objects.create(
        organisation=w.host,
        email=w.visitor.email.lower(),
        invited_by=w.owner,
        expires_at=now + datetime.timedelta(days=14),
    )
    w.other_invitation = Invitation.objects.create(
        organisation=w.other,
        email=w.other_visitor.email.lower(),
        invited_by=w.other_owner,
        expires_at=now + datetime.timedelta(days=14),
    )
    w.site = SiteFactory(organisation=w.host, name="Sede ospite")
    w.other_site = SiteFactory(organisation=w.other, name="Sede altrui")
    w.host_application = AcceptedApplicationFactory(edition=w.edition, organisation=w.host)
    w.other_application = ApplicationFactory(
        edition=w.edition, organisation=w.other, state=HostApplication.State.DRAFT
    )
    w.review_criterion = ReviewCriterionFactory(edition=w.edition)

    # The vocabulary comes with a migration, but transactional tests elsewhere may have
    # flushed it before this module runs.
    laser, _ = Capability.objects.get_or_create(
        code="laser-cutting",
        defaults={"name_it": "Taglio laser", "name_en": "Laser cutting", "machine_it": "Laser"},
    )
    w.machine = Machine.objects.create(organisation=w.host, capability=laser, model="Trotec")
    w.other_machine = Machine.objects.create(organisation=w.other, capability=laser, model="Epilog")
    w.link = Link.objects.create(organisation=w.host, label="Sito", url="https://esempio.it/")
    w.other_link = Link.objects.create(
        organisation=w.other, label="Sito", url="https://esempio.it/altro"
    )
    w.photo = Photo.objects.create(organisation=w.host, image="photos/ospite.jpg", alt_text="x")
    w.other_photo = Photo.objects.create(
        organisation=w.other, image="photos/altrui.jpg", alt_text="x"
    )
    w.import_job = ImportJob.objects.create(
        format=ImportJob.Format.CHAMBER, filename="elenco.csv", content="", created_by=w.staff
    )
    w.confirm_token = directory_services.confirmation_token(w.host)

    # Programme --------------------------------------------------------------------
    w.activity = ActivityFactory(edition=w.edition, organisation=w.host, site=w.site)
    w.slot = TimeSlotFactory(activity=w.activity, capacity=20)
    w.other_activity = ActivityFactory(edition=w.edition, organisation=w.other, site=w.other_site)
    w.other_slot = TimeSlotFactory(activity=w.other_activity, capacity=20)
    w.room = HubRoomFactory(edition=w.edition)
    w.route = RouteFactory(edition=w.edition)
    w.route_stop = RouteStopFactory(route=w.route, activity=w.activity)

    # Visitors: bookings, waiting lists, plans, feeds, ballots -----------------------
    w.booking = BookingFactory(slot=w.slot, visitor=w.visitor)
    w.other_booking = BookingFactory(slot=w.other_slot, visitor=w.other_visitor)
    w.entry = WaitingListEntryFactory(slot=w.other_slot, visitor=w.visitor)
    w.offer = WaitingListEntryFactory(
        slot=w.slot,
        visitor=w.visitor,
        status=WaitingListEntry.Status.OFFERED,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(days=1),
    )
    w.other_entry = WaitingListEntryFactory(slot=w.slot, visitor=w.other_visitor)
    w.cancel_token = ticket_links.cancel_token(w.booking)
    # Not admitted at the door (the visit is to come): its survey link opens nothing.
    w.survey_token = survey_services.survey_token(w.booking)
    w.reconfirm_token = reconfirmation.reconfirm_token(w.booking)
    # The door app: a device at the host's door, one at the other organisation's.
    w.door_device = ticket_door.register_door_device(w.host, name="Porta ospite", by=w.owner)
    w.other_door_device = ticket_door.register_door_device(
        w.other, name="Porta altrui", by=w.other_owner
    )
    w.plan_item = PlanItem.objects.create(
        user=w.visitor, activity=w.activity, slot=w.slot, day=w.slot.starts_at.date()
    )
    w.other_plan_item = PlanItem.objects.create(
        user=w.other_visitor,
        activity=w.other_activity,
        slot=w.other_slot,
        day=w.other_slot.starts_at.date(),
    )
    w.share = PlanShare.objects.create(user=w.visitor)
    w.feed = CalendarFeed.objects.create(user=w.visitor)
    w.ballot = BallotFactory(edition=w.edition)
    w.ballot_activity = BallotActivityFactory(
        ballot=w.ballot,
        activity=ActivityFactory(
            edition=w.edition,
            organisation=w.host,
            site=w.site,
            booking_mode=Activity.BookingMode.BALLOT,
        ),
    )
    w.ballot_slot = TimeSlotFactory(activity=w.ballot_activity.activity)
    w.ballot_entry = BallotEntryFactory(ballot=w.ballot, visitor=w.visitor, slot=w.ballot_slot)

    # Calls: the host applied to a call the reviewer evaluates; the other organisation
    # applied to a call the reviewer does not sit on --------------------------------
    w.call = CallFactory(slug="bando-ospite")
    w.draft_call = DraftCallFactory(slug="bando-in-preparazione")
    w.criterion = CriterionFactory(call=w.call)
    w.requirement = RequirementFactory(call=w.call)
    w.committee_member = CommitteeMemberFactory(call=w.call, reviewer=w.reviewer)
    w.call_application = CallApplicationFactory(call=w.call, organisation=w.host)
    calls_models.Review.objects.create(
        application=w.call_application, reviewer=w.reviewer, has_conflict=False
    )
    w.attachment = calls_models.Attachment(
        application=w.call_application,
        requirement=w.requirement,
        original_name="piano.pdf",
        file_type="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=w.owner,
    )
    w.attachment.file.save("piano.pdf", ContentFile(PDF), save=True)
    w.other_call = CallFactory(slug="bando-altrui")
    w.other_requirement = RequirementFactory(call=w.other_call)
    w.other_call_application = SubmittedCallApplicationFactory(
        call=w.other_call, organisation=w.other
    )
    w.other_attachment = calls_models.Attachment(
        application=w.other_call_application,
        requirement=w.other_requirement,
        original_name="altrui.pdf",
        file_type="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=w.other_owner,
    )
    w.other_attachment.file.save("altrui.pdf", ContentFile(PDF), save=True)

    # Albo -------------------------------------------------------------------------
    # The host organisation is a fablab here so that it may apply to the albo.
    w.host.category = w.host.Category.FABLAB
    w.host.save(update_fields=["category"])
    w.albo_entry = EntryFactory(organisation=w.host, submitted_by=w.owner)
    w.document = DocumentFactory(entry=w.albo_entry)
    w.other_albo_entry = PendingEntryFactory(
        organisation=FablabFactory(name="FabLab Altrui", slug="fablab-altrui")
    )
    w.other_document = DocumentFactory(entry=w.other_albo_entry)

    # Matching ---------------------------------------------------------------------
    w.need = Need.objects.create(organisation=w.host, created_by=w.owner, title="Taglio laser")
    w.other_need = Need.objects.create(
        organisation=w.other, created_by=w.other_owner, title="Fresatura"
    )
    # The other organisation writes to the host about its need: the host is the recipient.
    w.contact = Contact.objects.create(
        need=w.other_need, recipient=w.host, sender=w.other_owner, message="Salve"
    )
    third = OrganisationFactory(name="Terza Parte", slug="terza-parte")
    MembershipFactory(organisation=third, role=Membership.Role.OWNER)
    w.other_contact = Contact.objects.create(
        need=w.other_need, recipient=third, sender=w.other_owner, message="Salve"
    )

    # Spaces -----------------------------------------------------------------------
    w.space = SpaceFactory(slug="ex-magazzino")
    w.hidden_space = SpaceFactory(slug="spazio-non-pubblicato", is_published=False)
    w.space_photo = SpacePhoto.objects.create(
        space=w.space,
        image=default_storage.save("spaces/foto.png", ContentFile(_png())),
        width=4,
        height=3,
        alt_text_it="Cortile",
        uploaded_by=w.staff,
    )

    # News -------------------------------------------------------------------------
    w.article = ArticleFactory(slug="notizia")
    w.draft_article = DraftArticleFactory(slug="bozza")
    w.case_study = CaseStudyFactory(organisation=w.host, slug="caso")
    w.draft_case_study = CaseStudyFactory(organisation=w.host, slug="caso-in-bozza", status="draft")
    w.opportunity = OpportunityFactory()
    w.issue = NewsletterIssueFactory()
    subscriber = SubscriberFactory(confirmed_at=None)
    w.newsletter_confirm_token = news_tokens.confirmation_token(subscriber)
    w.newsletter_unsubscribe_token = news_tokens.unsubscribe_token(SubscriberFactory())

    # Service quality: a problem report someone sent.
    w.problem_report = ProblemReportFactory()

    return w
