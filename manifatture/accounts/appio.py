"""Booking messages in the IO app (the public administration's app, io.italia.it),
as well as by e-mail, for people who log in with SPID or CIE and ask for it.

- Off unless IO_API_KEY is set (the key of the City's service on IO's back office);
  IO_API_URL is IO's services API (https://api.io.pagopa.it by default).
- Only the messages in `IO_TEMPLATES` go to IO: booking confirmations, the request
  to confirm a visit and its release, a waiting list's offer, reminders the day
  before, cancellations by the host, call and ballot results. They are the
  e-mail's own subject and text, rendered once (manifatture.mail's `email_queued`
  signal), with a due date when the message is about a visit.
- Never in the way of the e-mail: a task of its own sends to IO, after the e-mail
  was queued; an IO error is logged, the e-mail goes anyway.
- The fiscal code is kept (AppIoContact) only with the person's consent, given on
  `accounts:app_io` after a SPID/CIE login put it in the session, and it is erased
  when the consent is withdrawn or the account deleted.

IO's API: a profile check (POST /api/v1/profiles {fiscal_code} → sender_allowed),
then the message (POST /api/v1/messages {fiscal_code, content: {subject, markdown,
due_date}}), with the key in the Ocp-Apim-Subscription-Key header.
"""

import functools
import logging
import re

import requests
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

IO_TEMPLATES = frozenset(
    {
        "bookings/email/confirmed",
        "bookings/email/reconfirm",
        "bookings/email/released",
        "bookings/email/offer",
        "bookings/email/cancelled_by_host",
        "tickets/email/reminder",
        "ballots/email/result",
        "calls/email/result",
    }
)
SESSION_KEY = "accounts_app_io_fiscal_code"
# IO's limits on a message's content.
SUBJECT_LENGTH = (10, 120)
MARKDOWN_LENGTH = (80, 10000)
TIMEOUT_SECONDS = 10
FISCAL_CODE = re.compile(
    r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$"
)
# Where SPID and CIE identity providers put the fiscal code among the claims.
FISCAL_CODE_CLAIMS = (
    "https://attributes.eid.gov.it/fiscal_number",
    "fiscal_number",
    "fiscalNumber",
)


class IoError(Exception):
    pass


def enabled() -> bool:
    return bool(settings.IO_API_KEY)


def fiscal_code_from_claims(claims: dict) -> str:
    """The fiscal code in a SPID/CIE login's claims ("TINIT-RSSMRA…" or bare), or ""."""
    for name in FISCAL_CODE_CLAIMS:
        value = str(claims.get(name) or "").strip().upper().removeprefix("TINIT-")
        if FISCAL_CODE.match(value):
            return value
    return ""


class Client:
    def __init__(self, base_url: str, api_key: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Ocp-Apim-Subscription-Key"] = api_key

    def _post(self, path: str, payload: dict) -> requests.Response:
        try:
            return self.session.post(self.base_url + path, json=payload, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise IoError(f"IO unreachable: {error}") from error

    def sender_allowed(self, fiscal_code: str) -> bool:
        """Whether the person uses IO and accepts messages from our service."""
        response = self._post("/api/v1/profiles", {"fiscal_code": fiscal_code})
        if response.status_code == 404:
            return False
        if response.status_code != 200:
            raise IoError(f"profile check answered {response.status_code}")
        return bool(response.json().get("sender_allowed"))

    def send(self, fiscal_code: str, *, subject: str, markdown: str, due_date: str = "") -> str:
        content = {"subject": subject, "markdown": markdown}
        if due_date:
            content["due_date"] = due_date
        response = self._post("/api/v1/messages", {"fiscal_code": fiscal_code, "content": content})
        if response.status_code != 201:
            raise IoError(f"message refused with {response.status_code}: {response.text[:200]}")
        return str(response.json().get("id", ""))


def _fit(text: str, limits: tuple[int, int], filler: str) -> str:
    """The text within IO's length limits: completed by `filler` if too short,
    cut with an ellipsis if too long."""
    low, high = limits
    if len(text) < low:
        text = f"{text} {filler}".strip()
    return text[: high - 1] + "…" if len(text) > high else text


@task
def send_io_message(user_id: int, subject: str, text: str, due_date: str = "") -> str:
    """Send one message to a person's IO app, if they still want it and use IO."""
    from .models import AppIoContact

    contact = AppIoContact.objects.filter(user_id=user_id).first()
    if contact is None or not enabled():
        return "skipped"
    client = Client(settings.IO_API_URL, settings.IO_API_KEY)
    try:
        if not client.sender_allowed(contact.fiscal_code):
            return "not on IO"
        client.send(
            contact.fiscal_code,
            subject=_fit(" ".join(subject.split()), SUBJECT_LENGTH, "– Manifatture Aperte"),
            markdown=_fit(
                text.strip(), MARKDOWN_LENGTH, "\n\nManifatture Aperte, Comune di Milano."
            ),
            due_date=due_date,
        )
    except IoError:
        logger.exception("App IO: message for user %s not sent", user_id)
        return "failed"
    finally:
        client.session.close()
    return "sent"


def forward_email(
    sender, *, template: str, to: list[str], subject: str, text: str, context: dict, **kwargs
):
    """manifatture.mail's `email_queued`: the same message to IO for the recipients
    who asked for it. Due date: the visit's start when the message is about one."""
    if template not in IO_TEMPLATES or not enabled():
        return
    from .models import AppIoContact

    slot = context.get("slot")
    due = slot.starts_at if slot is not None and getattr(slot, "starts_at", None) else None
    due_date = timezone.localtime(due).isoformat() if due else ""
    users = AppIoContact.objects.filter(user__email__in=to).values_list("user_id", flat=True)
    for user_id in users:
        transaction.on_commit(
            functools.partial(send_io_message.enqueue, user_id, subject, text, due_date)
        )


def forget(user) -> None:
    """The consent withdrawn: the fiscal code goes (privacy.set_consent's handler)."""
    from .models import AppIoContact

    AppIoContact.objects.filter(user=user).delete()
