"""The audit trail cannot be changed: not from the admin, not through the ORM,
not with SQL. Staff read it, filter it and download it."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import AuditEvent, User
from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    return record_audit_event(
        actor=StaffFactory(full_name="Giulia Staff"),
        action="participations.application_accepted",
        summary="Ottima proposta",
        changes={"state": ["submitted", "accepted"]},
    )


def test_an_event_records_who_what_when(event):
    assert event.actor_label.startswith("Giulia Staff <")
    assert event.actor_role == "city_staff"
    assert event.changes == {"state": ["submitted", "accepted"]}
    assert event.ip_address is None  # no request


def test_unknown_actions_are_refused():
    with pytest.raises(ValueError, match="Unknown audit action"):
        record_audit_event(actor=None, action="something.else")


def test_the_request_address_is_recorded(client):
    user = UserFactory()
    admin = User.objects.create_superuser(email="a@esempio.it", password="p", full_name="Admin")
    client.force_login(admin)
    client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": user.full_name,
            "role": "reviewer",
            "is_active": "on",
            "date_joined_0": "2026-10-01",
            "date_joined_1": "10:00:00",
        },
        REMOTE_ADDR="198.51.100.4",
    )
    assert AuditEvent.objects.get().ip_address == "198.51.100.4"


@pytest.mark.parametrize(
    "change",
    [
        lambda e: AuditEvent.objects.filter(pk=e.pk).update(summary="riscritto"),
        lambda e: AuditEvent.objects.filter(pk=e.pk).delete(),
        lambda e: e.delete(),
        lambda e: (setattr(e, "summary", "riscritto"), e.save()),
        lambda e: connection.cursor().execute(
            "UPDATE accounts_auditevent SET actor_label = 'nessuno'"
        ),
        lambda e: connection.cursor().execute("DELETE FROM accounts_auditevent"),
    ],
    ids=[
        "orm-update",
        "orm-delete",
        "instance-delete",
        "instance-save",
        "sql-update",
        "sql-delete",
    ],
)
def test_the_database_refuses_to_change_or_delete_events(event, change):
    with pytest.raises(IntegrityError, match="audit_event_append_only"), transaction.atomic():
        change(event)
    event.refresh_from_db()
    assert event.summary == "Ottima proposta"
    assert AuditEvent.objects.count() == 1


def test_an_account_with_events_cannot_be_deleted_as_a_row(event):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        event.actor.delete()


def test_the_admin_is_read_only_even_for_superusers(client, event):
    admin = User.objects.create_superuser(email="a@esempio.it", password="p", full_name="Admin")
    client.force_login(admin)

    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
    page = client.get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    changed = client.post(
        reverse("admin:accounts_auditevent_change", args=[event.pk]), {"summary": "riscritto"}
    )
    assert changed.status_code == 403
    assert (
        client.post(
            reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    bulk = client.post(
        reverse("admin:accounts_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert event.summary == "Ottima proposta"
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_puts_the_protection_back():
    """Transactional tests flush the database between tests: the trail too."""
    record_audit_event(actor=None, action="accounts.visitor_data_purged")

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()
    kept = record_audit_event(actor=None, action="accounts.visitor_data_purged")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=kept.pk).delete()


# The staff page ---------------------------------------------------------------------


def _events():
    giulia, marco = StaffFactory(full_name="Giulia Staff"), ReviewerFactory(full_name="Marco Rev")
    record_audit_event(actor=giulia, action="participations.application_accepted")
    record_audit_event(actor=marco, action="calls.review_saved", summary="=HYPERLINK(1)")
    old = record_audit_event(actor=giulia, action="ballots.draw_run")
    return giulia, marco, old


def test_staff_read_and_filter_the_trail(client):
    giulia, marco, _old = _events()
    client.force_login(giulia)
    url = reverse("accounts:audit_log")

    page = client.get(url).content.decode()
    assert "3 eventi" in page
    assert "Candidatura accettata" in page and "Valutazione di una domanda" in page

    by_actor = client.get(url, {"actor": "marco"}).content.decode()
    assert "1 evento" in by_actor and "Marco Rev" in by_actor
    by_action = client.get(url, {"action": "ballots.draw_run"}).content.decode()
    assert "1 evento" in by_action and "Sorteggio eseguito" in by_action
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert "3 eventi" in client.get(url, {"date_from": today, "date_to": today}).content.decode()
    assert "Nessun evento" in client.get(url, {"date_from": tomorrow}).content.decode()


def test_staff_download_the_trail_as_csv(client):
    giulia, marco, _old = _events()
    client.force_login(giulia)

    response = client.get(reverse("accounts:audit_log_csv"), {"actor": "marco"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == [
        "created_at",
        "actor_id",
        "actor",
        "actor_role",
        "action",
        "action_label",
    ]
    assert len(rows) == 2
    assert rows[1][1] == str(marco.pk) and rows[1][4] == "calls.review_saved"
    assert rows[1][9] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


@pytest.mark.parametrize("name", ["audit_log", "audit_log_csv"])
def test_only_city_staff_see_the_trail(client, name):
    url = reverse(f"accounts:{name}")
    assert client.get(url).status_code == 302  # to the login
    for person in (UserFactory(), ReviewerFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 403


def test_the_page_reads_a_fixed_number_of_queries(client):
    staff = StaffFactory()
    client.force_login(staff)

    def queries_with(count: int) -> int:
        for _ in range(count - AuditEvent.objects.count()):
            record_audit_event(actor=UserFactory(), action="spaces.status_changed")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("accounts:audit_log")).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(3)
