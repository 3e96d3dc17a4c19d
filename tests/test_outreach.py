"""E-mail someone else can aim (manifatture/outreach.py).

`TestEveryAimedEmail` walks the registry: each action is triggered the way
people trigger it (the form, or the service behind a members' page) again and
again, and must stop at the sender's limit, at the recipient's limit, and send
no new link while one is valid, answering strangers the same meanwhile. An
action in the registry without a trigger here fails.

`test_every_email_sent_is_aimed_through_outreach_or_declared_not_aimed` reads
the code: every e-mail template the platform sends is either in the registry
(and the module sending it runs the check) or declared below as going only to
the person who asked for it, or to people of their own booking, application
or organisation.
"""

import ast
import dataclasses
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from manifatture import outreach
from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import UserFactory
from manifatture.directory.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent / "manifatture"
SENDER_LIMIT = 3
RECIPIENT_LIMIT = 2


@pytest.fixture(autouse=True)
def limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "email-sender": (SENDER_LIMIT, 3600),
        "email-recipient": (RECIPIENT_LIMIT, 86400),
        "email-recipient-all": (100, 86400),
        "email-contact-sender": (SENDER_LIMIT, 86400),
        "email-contact-recipient": (RECIPIENT_LIMIT, 86400),
        # The views' own per-address limits are looser: outreach is what is tested.
        "signup": (100, 3600),
        "password-reset": (100, 3600),
        "verification": (100, 3600),
    }


def ip(sender: int) -> str:
    return f"198.51.100.{sender + 1}"


# Triggers ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    refused: bool  # the sender was told they asked too often
    answer: tuple = ()  # what a stranger sees (status, where it leads)


class Trigger:
    """How people make one action send its e-mail."""

    def recipient(self, n: int) -> str:
        """A recipient (e-mail address) the action can write to, made ready."""
        return f"destinatario-{n}@esempio.it"

    def fire(self, client, *, sender: int, recipient: str) -> Outcome:
        raise NotImplementedError

    def again(self, recipient: str) -> None:
        """Whatever must change so the action can go to `recipient` once more."""

    def address(self, recipient: str) -> str:
        """The mailbox the e-mail reaches."""
        return recipient


def _form(client, url: str, data: dict, sender: int, error: str) -> Outcome:
    response = client.post(url, data, REMOTE_ADDR=ip(sender))
    body = response.content.decode() if response.status_code == 200 else ""
    return Outcome(
        refused=error in body, answer=(response.status_code, response.get("Location", ""))
    )


TOO_MANY = "Avete già fatto troppe richieste di questo tipo"


class Newsletter(Trigger):
    def fire(self, client, *, sender, recipient):
        data = {"email": recipient, "language": "it", "consent": "on", "source": "portal"}
        return _form(client, reverse("news:newsletter"), data, sender, TOO_MANY)


class Signup(Trigger):
    def fire(self, client, *, sender, recipient):
        data = {
            "full_name": "Qualcuno",
            "email": recipient,
            "password1": "torni-e-frese-1962",
            "password2": "torni-e-frese-1962",
            "privacy": "on",
        }
        return _form(client, reverse("accounts:signup"), data, sender, TOO_MANY)

    def again(self, recipient):
        User.objects.filter(email__iexact=recipient).delete()  # a new address once more


class SignupExisting(Signup):
    def recipient(self, n):
        return UserFactory(email=f"titolare-{n}@esempio.it").email

    def again(self, recipient):
        pass


class Verification(Trigger):
    def recipient(self, n):
        return UserFactory(email=f"da-verificare-{n}@esempio.it", email_verified_at=None).email

    def fire(self, client, *, sender, recipient):
        url = reverse("accounts:resend_verification")
        return _form(client, url, {"email": recipient}, sender, TOO_MANY)


class PasswordReset(Trigger):
    def recipient(self, n):
        return UserFactory(email=f"smemorato-{n}@esempio.it").email

    def fire(self, client, *, sender, recipient):
        url = reverse("accounts:password_reset")
        return _form(client, url, {"email": recipient}, sender, TOO_MANY)


class Contact(Trigger):
    """A firm's member writes to a lab ranked for the firm's need; each sender
    is a member of their own firm, each recipient a lab (its owner's mailbox)."""

    def __init__(self):
        self.labs: dict[str, object] = {}
        self.firms: dict[int, object] = {}
        self.needs = itertools.count()

    def recipient(self, n):
        from manifatture.matching.tests.test_matching import actor

        lab = actor(f"Laboratorio {n}", "45.5000", "9.1600", capabilities=["laser-cutting"])
        key = f"organisation:{lab.pk}"
        self.labs[key] = lab
        return key

    def address(self, recipient):
        return self.labs[recipient].memberships.get().user.email

    def fire(self, client, *, sender, recipient):
        from manifatture.directory.tests.factories import SiteFactory, capability
        from manifatture.matching import services

        if sender not in self.firms:
            membership = MembershipFactory(organisation__name=f"Impresa {sender}")
            SiteFactory(
                organisation=membership.organisation, latitude="45.5030", longitude="9.1590"
            )
            self.firms[sender] = membership
        firm = self.firms[sender]
        need = services.post_need(
            firm.organisation,
            created_by=firm.user,
            title=f"Richiesta {next(self.needs)}",
            capabilities=[capability("laser-cutting")],
            materials=[],
            site=firm.organisation.sites.get(),
            max_distance_km=5,
        )
        try:
            services.contact(need, recipient=self.labs[recipient], sender=firm.user, message="x")
        except outreach.SenderLimitReached:
            return Outcome(refused=True)
        except outreach.RecipientLimitReached:
            pass  # a logged-in firm may be told; what counts is that nothing left
        return Outcome(refused=False)


class Invitation(Trigger):
    """An organisation's owner invites an address (manifatture.directory)."""

    def __init__(self):
        self.owners: dict[int, object] = {}

    def fire(self, client, *, sender, recipient):
        from manifatture.directory import services
        from manifatture.directory.exceptions import InvitationRefused

        if sender not in self.owners:
            self.owners[sender] = MembershipFactory(organisation=OrganisationFactory())
        owner = self.owners[sender]
        try:
            services.invite_member(owner.organisation, email=recipient, invited_by=owner.user)
        except InvitationRefused:
            return Outcome(refused=True)
        return Outcome(refused=False)

    def again(self, recipient):
        from manifatture.directory.models import Invitation as Row

        Row.objects.filter(email=recipient).delete()  # nothing pending any more


TRIGGERS: dict[str, Callable[[], Trigger]] = {
    "newsletter": Newsletter,
    "signup": Signup,
    "signup-existing": SignupExisting,
    "verification": Verification,
    "password-reset": PasswordReset,
    "contact": Contact,
    "invitation": Invitation,
}


def sent_to(address: str) -> int:
    return sum(address in message.to for message in mail.outbox)


def test_every_action_in_the_registry_has_a_trigger_here():
    assert sorted(TRIGGERS) == sorted(outreach.ACTIONS)


@pytest.mark.parametrize("kind", sorted(outreach.ACTIONS))
class TestEveryAimedEmail:
    def test_the_sender_is_stopped_at_their_limit(
        self, kind, client, django_capture_on_commit_callbacks
    ):
        trigger = TRIGGERS[kind]()
        recipients = [trigger.recipient(n) for n in range(SENDER_LIMIT + 2)]
        with django_capture_on_commit_callbacks(execute=True):
            outcomes = [
                trigger.fire(client, sender=0, recipient=recipient)
                for recipient in recipients[: SENDER_LIMIT + 1]
            ]
        assert [o.refused for o in outcomes] == [False] * SENDER_LIMIT + [True]
        assert [sent_to(trigger.address(r)) for r in recipients[: SENDER_LIMIT + 1]] == [
            1
        ] * SENDER_LIMIT + [0]

        # Another sender is not held back by the first one's count.
        with django_capture_on_commit_callbacks(execute=True):
            other = trigger.fire(client, sender=1, recipient=recipients[-1])
        assert not other.refused
        assert sent_to(trigger.address(recipients[-1])) == 1

    def test_the_recipient_gets_at_most_so_many_whoever_asks(
        self, kind, client, django_capture_on_commit_callbacks
    ):
        action = outreach.ACTIONS[kind]
        trigger = TRIGGERS[kind]()
        recipient = trigger.recipient(0)
        outcomes = []
        for sender in range(2 * RECIPIENT_LIMIT + 2):
            with django_capture_on_commit_callbacks(execute=True):
                outcomes.append(trigger.fire(client, sender=sender, recipient=recipient))
            trigger.again(recipient)
            if action.link and sender == 2:
                # The first link is still valid: the others sent nothing.
                assert sent_to(trigger.address(recipient)) == 1
            if action.link and sender >= 2:
                outreach.forget_link(kind, recipient)  # as when the link is used

        assert sent_to(trigger.address(recipient)) == RECIPIENT_LIMIT
        assert not any(o.refused for o in outcomes)  # no sender was over their own limit
        # Strangers can't tell a message that left from one that didn't.
        assert len({o.answer for o in outcomes}) == 1


def test_the_recipient_limit_across_all_actions(
    settings, client, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "email-recipient-all": (2, 86400)}
    UserFactory(email="bersaglio@esempio.it", email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        PasswordReset().fire(client, sender=0, recipient="bersaglio@esempio.it")
        SignupExisting().fire(client, sender=1, recipient="bersaglio@esempio.it")
        Verification().fire(client, sender=2, recipient="bersaglio@esempio.it")
        Newsletter().fire(client, sender=3, recipient="bersaglio@esempio.it")
    assert sent_to("bersaglio@esempio.it") == 2


def test_a_new_sign_up_after_the_link_was_used_may_send_again():
    outreach.allow_recipient("newsletter", recipient="a@esempio.it", link_valid_for=60)
    with pytest.raises(outreach.LinkStillValid):
        outreach.allow_recipient("newsletter", recipient="A@Esempio.it ", link_valid_for=60)
    outreach.forget_link("newsletter", "a@esempio.it")
    outreach.allow_recipient("newsletter", recipient="a@esempio.it", link_valid_for=60)


def test_an_action_sending_a_link_must_say_how_long_it_is_valid():
    with pytest.raises(ValueError):
        outreach.allow_recipient("newsletter", recipient="a@esempio.it")


def test_refusals_are_translated(settings):
    from django.utils import translation

    with translation.override("en"):
        assert str(outreach.LinkStillValid().message).startswith("The link sent")
        assert str(outreach.SenderLimitReached(retry_after=120).message) == (
            "You have made too many requests of this kind: try again in 2 minutes."
        )


# Reading the code ---------------------------------------------------------------------------

# E-mails that go only to the person who asked, or to the people of their own
# booking, entry, application or organisation, on their own business: nobody
# can aim them at an address of their choosing.
NOT_AIMED = {
    "ballots/email/result": "to each visitor who entered the ballot, about their entries",
    "bookings/email/confirmed": "to the visitor who booked, about their booking",
    "bookings/email/cancelled_by_host": "to the visitors of a slot the host cancelled",
    "bookings/email/offer": "to the visitor first on the waiting list",
    "bookings/email/reconfirm": "scheduled, to the visitor who booked, asking them to confirm "
    "their own visit (bookings.reconfirmation)",
    "bookings/email/released": "to the visitor whose unconfirmed booking was released, or "
    "whose seat the host gave away after the grace time",
    "bookings/email/demand_nudge": "to the host's own members about their slot, once per "
    "threshold crossing (bookings.demand)",
    "calls/email/receipt": "to the members of the organisation that applied",
    "calls/email/result": "to the members of the organisation that applied",
    "directory/email/confirm_profile": "scheduled, to each organisation's own members",
    "feedback/email/answer": "to the verified account that reported the problem",
    "matching/email/answer": "to the firm's member who wrote, once per message",
    "news/email/newsletter": "to confirmed subscribers only (double opt-in)",
    "participations/email/decision_accepted": "to the applicant organisation's members",
    "participations/email/decision_changes_requested": "to the applicant's members",
    "participations/email/decision_rejected": "to the applicant organisation's members",
    "qualifications/email/approved": "to the organisation's owners",
    "qualifications/email/expiry_reminder": "to the organisation's owners",
    "qualifications/email/rejected": "to the organisation's owners",
    "surveys/email/invitation": "scheduled, to the visitor admitted at the door, once per visit",
    "tickets/email/reminder": "to the visitor who booked, about their booking",
}


def _send_calls(tree: ast.AST) -> list[ast.Call]:
    """Calls of send_templated_email, direct or through partial()."""
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        first = node.args[0] if node.args else None
        if name == "send_templated_email" or (
            name == "partial" and getattr(first, "id", "") == "send_templated_email"
        ):
            calls.append(node)
    return calls


def _checks(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", ""))
        in {"allow_recipient", "allow_aimed_email"}
        for node in ast.walk(tree)
    )


def _strings(tree: ast.AST) -> set[str]:
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_email_sent_is_aimed_through_outreach_or_declared_not_aimed():
    """Every e-mail the platform can send (a template under */email/) is
    either registered in outreach, and each module that names it and sends
    mail runs the check with its kind, or declared NOT_AIMED with why."""
    on_disk = {
        str(path.relative_to(path.parents[3] / "templates")).removesuffix("_subject.txt")
        for path in ROOT.glob("*/templates/*/email/*_subject.txt")
    }
    assert len(on_disk) > 15  # the glob found them
    senders: dict[str, list[str]] = {}  # template -> modules naming it that send mail
    calls = 0
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or path.name == "mail.py":
            continue
        tree = ast.parse(path.read_text())
        sends = _send_calls(tree)
        calls += len(sends)
        if not sends:
            continue
        named = _strings(tree)
        dynamic = [ast.unparse(c) for c in sends if not _literal_template(c)]
        for template in on_disk:
            if template in named:
                senders.setdefault(template, []).append(str(path.relative_to(ROOT)))
        for kind, action in outreach.ACTIONS.items():
            for template in action.templates:
                if template in named:
                    assert _checks(tree) and kind in named, (
                        f"{path.relative_to(ROOT)} sends {template} ({kind}) without the check"
                    )
        # A template chosen at run time is one of the module's own NOT_AIMED ones.
        if dynamic:
            prefix = path.relative_to(ROOT).parts[0] + "/email/"
            assert all(t in NOT_AIMED for t in on_disk if t.startswith(prefix)), (
                f"{path.relative_to(ROOT)} picks a template at run time: {dynamic}"
            )
    assert calls > 15  # the scan found the senders

    unknown = sorted(t for t in on_disk if not outreach.kinds_sending(t) and t not in NOT_AIMED)
    assert unknown == [], "aimed at an address someone chose? register it in outreach.ACTIONS"
    registered = {t for action in outreach.ACTIONS.values() for t in action.templates}
    assert registered <= on_disk
    assert registered <= set(senders), "a registered e-mail that no module sends"
    # The declarations stay true: nothing declared for an e-mail that no longer exists.
    assert set(NOT_AIMED) <= on_disk


def _literal_template(call: ast.Call) -> bool:
    args = call.args[1:] if getattr(call.func, "id", "") == "partial" else call.args
    return len(args) >= 2 and isinstance(args[1], ast.Constant)
