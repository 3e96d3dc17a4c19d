"""Fields whose every change one service decides.

A guarded field is written by its service only: the service checks a rule the
database can't (a ballot not drawn, seats already booked, a state machine, a
ranking's tie-breaks, an audit record in the same transaction). A second path
that writes it directly (a form saved as it is, an admin page, an import)
would skip the rule, as the hosts' activity form once took activities out of
the staff's ballot.

So: no ModelAdmin (nor its inlines, nor `list_editable`) may edit a field
listed here (nor an admin action, unless listed in
`ADMIN_ACTIONS_THROUGH_SERVICE`), and a ModelForm may expose one only when it is listed in
`FORMS_THROUGH_SERVICE`: its view hands the cleaned data to the guarding
service, which applies the rule. `tests/test_guarded_fields.py` checks every
ModelForm and every registered ModelAdmin against this registry, so a new
form or admin exposing a guarded field fails the suite. A new rule on a field
gets its line here.
"""

# "app_label.Model" -> {field: the service that decides it}
GUARDED_FIELDS: dict[str, dict[str, str]] = {
    "activities.Activity": {
        "booking_mode": "ballots.services (balloted activities), activities.services",
        "status": "activities.services.cancel_activity, publish_activity, bookings.services",
        "proposed": "activities.services.create_drafts_from_application",
        "edition": "activities.services.create_activity",
        "organisation": "activities.services.create_activity",
    },
    "activities.TimeSlot": {
        "capacity": "activities.services.update_slot (never below the booked seats)",
        "group_seats": "activities.services.update_slot (never below the booked seats)",
        "starts_at": "activities.services.update_slot (event days, free room)",
        "ends_at": "activities.services.update_slot (event days, free room)",
        "room": "activities.services.update_slot (room's seats, no double booking)",
        "seats_taken": "bookings.services, tickets.services.count_walk_in (TimeSlotQuerySet.take_seats)",
        "group_seats_taken": "bookings.services (TimeSlotQuerySet.take_seats)",
        "cancelled_at": "bookings.services.cancel_slot (tells the visitors)",
        "safety_limit": "activities.services.update_slot (never below capacity plus allowance)",
        "booking_allowance": "activities.services.update_slot, set_booking_allowance (safety limit)",
        "released_percent": "bookings.waves (waves of places, waiting list first)",
    },
    "activities.ReleaseWave": {
        "released_at": "bookings.waves.release_due_waves",
        "share_percent": "bookings.waves.define_release_waves (adds up to 100%)",
        "opens_at": "bookings.waves.define_release_waves",
    },
    "activities.HubRoom": {
        "seats": "activities.services.update_hub_room (never below a slot in it)",
    },
    "ballots.Ballot": {
        "status": "ballots.services.run_draw",
        "seed": "ballots.services.run_draw",
        "drawn_at": "ballots.services.run_draw",
        "drawn_by": "ballots.services.run_draw",
    },
    "ballots.BallotActivity": {
        "ballot": "ballots.services.add_ballot_activity (sets the booking mode)",
        "activity": "ballots.services.add_ballot_activity (sets the booking mode)",
    },
    "ballots.BallotEntry": {
        "rank": "ballots.services.save_choices",
        "slot": "ballots.services.save_choices",
        "party_size": "ballots.services.save_choices",
        "result": "ballots.services.run_draw",
        "round": "ballots.services.run_draw",
        "booking": "ballots.services.run_draw",
        "waiting_entry": "ballots.services.run_draw",
    },
    "bookings.Booking": {
        "slot": "bookings.services.book_slot",
        "party_size": "bookings.services.book_slot (seats taken with the row)",
        "kind": "bookings.services.book_slot",
        "status": "bookings.services.cancel_booking (frees the seats)",
        "checked_in_at": "tickets.services (admitted once)",
    },
    "bookings.WaitingListEntry": {
        "status": "bookings.services (offers hold seats)",
        "party_size": "bookings.services.join_waiting_list",
        "offer_expires_at": "bookings.services",
    },
    "participations.Application": {
        "state": "participations.services (transitions, deadlines, history)",
        "submitted_at": "participations.services",
        "decided_at": "participations.services",
        "review_reopened_until": "participations.services.reopen_review (staff, audited)",
    },
    "participations.Score": {
        "value": "participations.services (the reviewer's own review, 1 to 5)",
    },
    "calls.Call": {
        "status": "calls.services",
        "ranking_computed_at": "calls.services",
        "ranking_approved_at": "calls.services",
        "ranking_approved_by": "calls.services",
        "results_published_at": "calls.services",
        "review_reopened_until": "calls.services.reopen_review (staff, audited)",
    },
    "calls.Application": {
        "state": "calls.services (deadlines, eligibility, history)",
        "submitted_at": "calls.services",
        "protocol": "calls.services",
    },
    "calls.Score": {
        "points": "calls.services (committee members without a conflict)",
    },
    "calls.RankingEntry": {
        "position": "calls.services / calls.ranking (tie-breaks)",
        "score": "calls.services / calls.ranking",
        "outcome": "calls.services / calls.ranking",
        "decided_by": "calls.services / calls.ranking",
    },
    "qualifications.Entry": {
        "state": "qualifications.services (verification, history)",
        "valid_from": "qualifications.services",
        "expires_on": "qualifications.services (expiry, reminders)",
        "decided_by": "qualifications.services",
        "decided_at": "qualifications.services",
    },
    "spaces.Space": {
        "status": "spaces.services (history of status changes)",
    },
    "directory.Organisation": {
        "moderation": "directory.services (moderation, audit trail)",
        "archived_at": "directory.services",
    },
    "editions.Edition": {
        "is_current": "editions.services.make_current (one current edition)",
        "host_call_opens": "editions.services.save_edition (phases in order, audit trail)",
        "host_call_closes": "editions.services.save_edition (phases in order, audit trail)",
        "review_closes": "editions.services.save_edition (phases in order, audit trail)",
        "registration_opens": "editions.services.save_edition (phases in order, audit trail)",
        "registration_closes": "editions.services.save_edition (phases in order, audit trail)",
        "event_start": "editions.services.save_edition (phases in order, audit trail)",
        "event_end": "editions.services.save_edition (phases in order, audit trail)",
    },
}

# "module.FormClass" -> the guarded fields it may expose, because its views pass
# the cleaned data to the guarding service (named in GUARDED_FIELDS).
FORMS_THROUGH_SERVICE: dict[str, frozenset[str]] = {
    # activities.views -> create_activity / update_activity, which refuse a change
    # of booking mode while the activity is in the ballot (and ballot mode itself).
    "manifatture.activities.forms.ActivityForm": frozenset({"booking_mode"}),
    # editions.views -> editions.services.save_edition.
    "manifatture.editions.forms.EditionForm": frozenset(
        {
            "host_call_opens",
            "host_call_closes",
            "review_closes",
            "registration_opens",
            "registration_closes",
            "event_start",
            "event_end",
        }
    ),
}

# "app_label.Model.action" -> the service the admin action calls. An admin action
# on a model with guarded fields is a second path too; none is needed today.
ADMIN_ACTIONS_THROUGH_SERVICE: dict[str, str] = {}


def guarded(model) -> tuple[str, ...]:
    """The model's guarded fields, for an admin's `readonly_fields`."""
    return tuple(GUARDED_FIELDS.get(model._meta.label, {}))
