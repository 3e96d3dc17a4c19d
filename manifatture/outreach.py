"""E-mail someone else can aim: every action that makes the platform write to a
person chosen by somebody other than that person (an address typed in a form,
an organisation picked from a list), and the one check each of them passes
before a message is queued.

Without it, a form that sends to any address is a way to bomb an inbox, or to
send phishing from the City's own address. So each action, listed in ACTIONS:

- is limited per sender (who asks: an account, or a client address for
  anonymous forms) and per recipient (the address, or the organisation,
  written to), and every recipient has one more limit across all actions;
- when its message carries a link that stays valid for a while (verifying an
  address, confirming a subscription, resetting a password), sends no new
  link to the same recipient while the last one is still valid.

The limits are in settings.RATE_LIMITS, the one home of every limit, counted
in the shared cache by manifatture/ratelimit.py: `email-sender` and
`email-recipient` for every action, unless the action has its own
`email-<kind>-sender` or `email-<kind>-recipient`; `email-recipient-all`
across actions. Each action is counted apart even when it shares a limit.

A service calls `count_sender(kind, sender_key=...)` on every request, then
`allow_recipient(kind, recipient=...)` before queueing the message (or
`allow_aimed_email` for both at once); they raise an `AimedEmailRefused`.
`SenderLimitReached` is about the sender and is shown to them;
`RecipientLimitReached` and `LinkStillValid` are about the recipient, so a
form that must not tell whether an address has an account answers as if the
message had left.

Adding an action that sends to an address someone else chose: add it to
ACTIONS with the e-mail templates it sends (or `register()` it), and call the
check in the module that sends it. `tests/test_outreach.py` walks this list (it triggers every action
until its limits refuse) and reads the code for every e-mail template sent,
failing on one that is neither listed here nor declared as going to the
person who asked for it.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from manifatture import ratelimit
from manifatture.errors import DomainError

# Errors ---------------------------------------------------------------------------


class AimedEmailRefused(DomainError):
    """The message is not sent. `about_recipient`: saying so would tell the
    sender something about the recipient."""

    default_message = _("Il messaggio non è stato inviato.")
    about_recipient = True

    def __init__(self, message: StrOrPromise | None = None, *, retry_after: int = 0):
        super().__init__(message)
        self.retry_after = retry_after


class SenderLimitReached(AimedEmailRefused):
    about_recipient = False

    def __init__(self, *, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            ngettext(
                "Avete già fatto troppe richieste di questo tipo: riprovate tra %(minutes)d "
                "minuto.",
                "Avete già fatto troppe richieste di questo tipo: riprovate tra %(minutes)d "
                "minuti.",
                minutes,
            )
            % {"minutes": minutes},
            retry_after=retry_after,
        )


class RecipientLimitReached(AimedEmailRefused):
    default_message = _(
        "Abbiamo già scritto più volte a questo destinatario: per non disturbarlo, "
        "riprovate domani."
    )


class LinkStillValid(AimedEmailRefused):
    default_message = _(
        "Il link inviato a questo indirizzo è ancora valido: cercatelo nella posta, "
        "anche tra la posta indesiderata."
    )


# The registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class AimedEmail:
    """One action that e-mails a person someone else chose."""

    kind: str
    label: StrOrPromise  # what the action is, for people
    templates: tuple[str, ...]  # the e-mails it sends (manifatture.mail templates)
    who: str  # who may trigger it, and who receives it
    # The link its message carries, valid for a while: while one is, no other
    # is sent to the same recipient (actions sending the same link share it).
    link: str = ""
    # Actions of one form share the sender's count, so that a refusal can't tell
    # which branch the form took (an address with an account or not).
    sender_counter: str = ""

    @property
    def counter(self) -> str:
        return self.sender_counter or self.kind


# The actions of the accounts, news and matching apps (others `register()` theirs): one
# row each, with the e-mail template it sends, the link its message carries (actions
# sending the same link share it), the action whose sender count it shares, what it is
# for people, and who triggers it and who receives it.
# fmt: off
_TABLE = (
    # kind               template                            link                  sender count
    ("newsletter",       "news/email/confirm_subscription",  "newsletter-confirm", "",
     _("Iscrizione alla newsletter"),
     "anyone types any address in the newsletter form; the link confirms it"),
    ("signup",           "accounts/email/verify",            "verify-email",       "",
     _("Registrazione di un nuovo account"),
     "anyone signs up with an address no account has; the link verifies it"),
    ("signup-existing",  "accounts/email/signup_existing",   "",                   "signup",
     _("Registrazione con un indirizzo che ha già un account"),
     "anyone signs up with an address an account has; its owner is told"),
    ("verification",     "accounts/email/verify",            "verify-email",       "",
     _("Nuovo link di verifica dell'indirizzo"),
     "anyone asks a new verification link for an address still to verify"),
    ("password-reset",   "accounts/email/password_reset",    "password-reset",     "",
     _("Reimpostazione della password"),
     "anyone asks a password reset for an address with an account"),
    ("contact",          "matching/email/contact",           "",                   "",
     _("Contatto da una richiesta di matching"),
     "a firm's member writes to an organisation ranked for the firm's need"),
)
# fmt: on

ACTIONS: dict[str, AimedEmail] = {
    kind: AimedEmail(
        kind=kind,
        label=label,
        templates=(template,),
        who=who,
        link=link,
        sender_counter=sender_counter,
    )
    for kind, template, link, sender_counter, label, who in _TABLE
}


def register(action: AimedEmail) -> AimedEmail:
    """Add an action defined elsewhere (once, at import)."""
    if action.kind in ACTIONS and ACTIONS[action.kind] != action:
        raise ValueError(f"Two aimed e-mail actions named {action.kind!r}.")
    ACTIONS[action.kind] = action
    return action


def kinds_sending(template: str) -> list[str]:
    return [kind for kind, action in ACTIONS.items() if template in action.templates]


# The check ------------------------------------------------------------------------------


def sender_limit_name(kind: str) -> str:
    own = f"email-{ACTIONS[kind].counter}-sender"
    return own if own in settings.RATE_LIMITS else "email-sender"


def recipient_limit_name(kind: str) -> str:
    own = f"email-{kind}-recipient"
    return own if own in settings.RATE_LIMITS else "email-recipient"


ALL_KINDS_LIMIT = "email-recipient-all"


def _normalise(recipient: str) -> str:
    return recipient.strip().casefold()


def _link_key(link: str, recipient: str) -> str:
    digest = hashlib.blake2b(_normalise(recipient).encode(), digest_size=16).hexdigest()
    return f"outreach:link:{link}:{digest}"


def count_sender(kind: str, *, sender_key: str) -> None:
    """Count one request of action `kind` by `sender_key` (e.g.
    `ratelimit.by_user(request)`), or raise SenderLimitReached. A form that
    must not tell whether an address has an account calls this on every
    request, before it knows whether a message will leave."""
    decision = ratelimit.take(sender_limit_name(kind), f"{ACTIONS[kind].counter}|{sender_key}")
    if not decision.allowed:
        raise SenderLimitReached(retry_after=decision.retry_after)


def allow_recipient(kind: str, *, recipient: str, link_valid_for: int | None = None) -> None:
    """Count one message of action `kind` to `recipient` (an e-mail address,
    or a key such as "organisation:12"), or raise RecipientLimitReached or
    LinkStillValid. For an action that sends a link, `link_valid_for`
    (seconds) is how long it works: no other is sent to the recipient meanwhile."""
    action = ACTIONS[kind]
    if action.link and not link_valid_for:
        raise ValueError(f"Action {kind!r} sends a link: say how long it stays valid.")
    recipient = _normalise(recipient)
    if action.link and cache.get(_link_key(action.link, recipient)):
        raise LinkStillValid
    decision = ratelimit.take(recipient_limit_name(kind), f"{kind}|{recipient}")
    if not decision.allowed:
        raise RecipientLimitReached(retry_after=decision.retry_after)
    decision = ratelimit.take(ALL_KINDS_LIMIT, recipient)
    if not decision.allowed:
        raise RecipientLimitReached(retry_after=decision.retry_after)
    # `add` is atomic: of two requests at the same moment, one sends the link.
    if action.link and not cache.add(_link_key(action.link, recipient), 1, link_valid_for):
        raise LinkStillValid


def allow_aimed_email(
    kind: str, *, sender_key: str, recipient: str, link_valid_for: int | None = None
) -> None:
    """Both checks, for actions whose sender may know whether the recipient
    exists (a matching contact): raises AimedEmailRefused."""
    count_sender(kind, sender_key=sender_key)
    allow_recipient(kind, recipient=recipient, link_valid_for=link_valid_for)


def forget_link(kind: str, recipient: str) -> None:
    """The link was used (or can no longer work): a new one may be sent."""
    cache.delete(_link_key(ACTIONS[kind].link, recipient))
