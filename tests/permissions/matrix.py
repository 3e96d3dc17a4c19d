"""Who may reach every URL of the site: one entry per URL name of config.urls.

test_coverage.py fails when a URL name has no entry here (or an entry names a
URL that no longer exists); test_matrix.py requests each entry as each role
(anonymous, visitor, host_member, host_owner, reviewer, staff) and checks the
outcome, that refusals never write to the database, and that nothing gives 500.

How to add an entry for a new URL name
--------------------------------------
    "app:name": get(LOGGED_IN),                               # no kwargs
    "app:name": get(MEMBERS, kw(pk="activity.pk")),           # kwargs from the world
    "app:name": post(STAFF, kw(pk="call.pk")),                # POST-only view: empty POST
    "app:name": [                                             # own vs someone else's
        get(MEMBERS, kw(pk="activity.pk")),                   #   the host's own object
        get(SOMEONE_ELSES, kw(pk="other_activity.pk")),       #   the other organisation's
    ],

- Outcomes (rules.py): OK (2xx or a redirect that is not the login page; for POST
  also 400), LOGIN (redirect to the login page), or an exact status: 403, 404, 400 ...
- Patterns: PUBLIC, LOGGED_IN, STAFF, REVIEWERS, MEMBERS (host members, owners and
  staff), OWNERS, SOMEONE_ELSES; allow("visitor", others=NOT_FOUND) for anything
  else, or expect(anonymous=..., visitor=..., ...) spelling out every role.
- kwargs: kw(name="dotted.path.on.the.world") or kw(token=lit("literal")). The world
  (world.py) has the host organisation's objects (`activity`, `slot`, `booking` of the
  visitor, `need`, ...) and the other organisation's (`other_activity`, ...); add
  what your URL needs there, with the existing factories.
- Where the outcome depends on the object, give the case a role must NOT reach
  (someone else's object, refused) as well as the owner's positive case.
- admin:* URLs are one group rule (test_matrix.py): they all require is_staff.
"""

from .rules import (
    FORBIDDEN,
    LOGGED_IN,
    MEMBERS,
    NOT_FOUND,
    OWNERS,
    PUBLIC,
    REVIEWERS,
    SOMEONE_ELSES,
    STAFF,
    allow,
    everyone,
    get,
    kw,
    lit,
    post,
)

# Refused for everyone: someone else's object behind an "only your own" rule that not
# even city staff pass (a visitor's own booking, a plan, a draft they must manage).
NOBODY = allow(others=FORBIDDEN)
NOBODY_404 = allow(others=NOT_FOUND)
# Drafts and unpublished objects: they exist for city staff only.
STAFF_ELSE_404 = allow("staff", others=NOT_FOUND, anonymous=NOT_FOUND)

MATRIX = {
    # accounts ---------------------------------------------------------------------------
    "accounts:dashboard": get(LOGGED_IN),
    "accounts:login": get(PUBLIC),
    "accounts:logout": [get(PUBLIC), post(PUBLIC)],
    "accounts:signup": get(PUBLIC),
    "accounts:check_inbox": get(PUBLIC),
    "accounts:resend_verification": get(PUBLIC),
    "accounts:verify_email": get(everyone(400), kw(token=lit("not-a-token"))),
    "accounts:privacy": get(PUBLIC),
    "accounts:password_change": get(LOGGED_IN),
    "accounts:password_reset": get(PUBLIC),
    "accounts:password_reset_done": get(PUBLIC),
    "accounts:password_reset_confirm": get(PUBLIC, kw(uidb64=lit("MQ"), token=lit("x-y"))),
    "accounts:password_reset_complete": get(PUBLIC),
    # The second step of the login: the test client's force_login has passed it.
    "accounts:second_factor": get(LOGGED_IN, note="without the app set up: to set-up"),
    "accounts:second_factor_setup": get(LOGGED_IN),
    "accounts:second_factor_manage": get(LOGGED_IN, note="without the app set up: to set-up"),
    "accounts:second_factor_disable": post(
        allow("visitor", "host_member", "host_owner", "reviewer"),
        note="city staff must keep the second factor",
    ),
    # Login through an OpenID Connect provider: off while OIDC_ISSUER is empty
    # (accounts/tests/test_oidc.py covers it on).
    "accounts:oidc_login": get(everyone(NOT_FOUND)),
    "accounts:oidc_callback": get(everyone(NOT_FOUND)),
    "accounts:oidc_consent": get(everyone(NOT_FOUND)),
    # Privacy: one's own notice, consents, data and account (no object in the URL), and the
    # audit trail for city staff.
    "accounts:acknowledge_notice": post(LOGGED_IN),
    "accounts:consents": [get(LOGGED_IN), post(LOGGED_IN)],
    "accounts:export_data": get(LOGGED_IN),
    "accounts:delete_account": [
        get(LOGGED_IN),
        post(LOGGED_IN, note="without the password: refused with the form's errors"),
    ],
    # Messages in the IO app: off while IO_API_KEY is empty (tests/test_app_io.py covers it on).
    "accounts:app_io": [get(NOBODY_404), post(NOBODY_404)],
    "accounts:audit_log": get(STAFF),
    "accounts:audit_log_csv": get(STAFF),
    "set_language": post(PUBLIC, data={"language": "en"}),
    # editions ---------------------------------------------------------------------------
    "editions:home": get(PUBLIC),
    "editions:archive": get(PUBLIC),
    "editions:detail": get(PUBLIC, kw(year="edition.year")),
    "editions:staff_list": get(STAFF),
    "editions:staff_create": get(STAFF),
    "editions:staff_edit": get(STAFF, kw(pk="edition.pk")),
    "editions:staff_make_current": post(STAFF, kw(pk="edition.pk")),
    # directory --------------------------------------------------------------------------
    "directory:search": get(PUBLIC),
    "directory:map": get(PUBLIC),
    "directory:map_data": get(PUBLIC),
    "directory:map_popup": get(PUBLIC, kw(pk="site.pk")),
    "directory:import_start": get(STAFF),
    "directory:import_job": get(STAFF, kw(pk="import_job.pk")),
    "directory:import_status": get(STAFF, kw(pk="import_job.pk")),
    "directory:confirm": [
        get(PUBLIC, kw(token="confirm_token"), note="the signed link is the key"),
        get(everyone(410), kw(token=lit("not-a-token"))),
    ],
    "directory:mine": get(LOGGED_IN),
    "directory:create": get(LOGGED_IN),
    "directory:organisation": get(PUBLIC, kw(slug="host.slug")),
    "directory:edit": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:details": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:machine_add": [
        post(MEMBERS, kw(slug="host.slug")),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:machine_delete": [
        post(MEMBERS, kw(slug="host.slug", pk="machine.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_machine.pk")),
        post(
            allow(others=NOT_FOUND) | {"visitor": 403, "reviewer": 403},
            kw(slug="host.slug", pk="other_machine.pk"),
            note="another organisation's machine through one's own organisation",
        ),
    ],
    "directory:media": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:link_delete": [
        post(MEMBERS, kw(slug="host.slug", pk="link.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_link.pk")),
        post(
            allow(others=NOT_FOUND) | {"visitor": 403, "reviewer": 403},
            kw(slug="host.slug", pk="other_link.pk"),
        ),
    ],
    "directory:photo_delete": [
        post(MEMBERS, kw(slug="host.slug", pk="photo.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_photo.pk")),
        post(
            allow(others=NOT_FOUND) | {"visitor": 403, "reviewer": 403},
            kw(slug="host.slug", pk="other_photo.pk"),
        ),
    ],
    "directory:confirm_now": [
        post(MEMBERS, kw(slug="host.slug")),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:sites": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:site_create": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:site_edit": [
        get(MEMBERS, kw(slug="host.slug", pk="site.pk")),
        get(SOMEONE_ELSES, kw(slug="other.slug", pk="other_site.pk")),
        get(
            allow(others=NOT_FOUND) | {"visitor": 403, "reviewer": 403},
            kw(slug="host.slug", pk="other_site.pk"),
        ),
    ],
    "directory:site_delete": [
        get(MEMBERS, kw(slug="host.slug", pk="site.pk")),
        get(SOMEONE_ELSES, kw(slug="other.slug", pk="other_site.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_site.pk")),
    ],
    "directory:members": [
        get(OWNERS, kw(slug="host.slug"), note="staff members of the host may not manage people"),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "directory:member_remove": [
        post(OWNERS, kw(slug="host.slug", pk="member_membership.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_membership.pk")),
    ],
    "directory:member_role": [
        post(OWNERS, kw(slug="host.slug", pk="member_membership.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_membership.pk")),
    ],
    # Invitations: only the invited address answers; nobody else learns one exists.
    "directory:invitation_accept": [
        post(allow("visitor", others=NOT_FOUND), kw(pk="invitation.pk")),
        post(NOBODY_404, kw(pk="other_invitation.pk"), note="addressed to someone else"),
    ],
    "directory:invitation_decline": [
        post(allow("visitor", others=NOT_FOUND), kw(pk="invitation.pk")),
        post(NOBODY_404, kw(pk="other_invitation.pk"), note="addressed to someone else"),
    ],
    "directory:invitation_revoke": [
        post(OWNERS, kw(slug="host.slug", pk="invitation.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_invitation.pk")),
        post(
            allow(others=NOT_FOUND) | {"visitor": 403, "reviewer": 403, "host_member": 403},
            kw(slug="host.slug", pk="other_invitation.pk"),
            note="another organisation's invitation through one's own organisation",
        ),
    ],
    "directory:leave": [
        get(allow("host_member", "host_owner") | {"staff": NOT_FOUND}, kw(slug="host.slug")),
        post(
            allow("host_member", "host_owner") | {"staff": NOT_FOUND},
            kw(slug="host.slug"),
            note="anyone leaves, the last owner too; city staff are no member: 404",
        ),
        post(allow(others=FORBIDDEN) | {"staff": NOT_FOUND}, kw(slug="other.slug")),
    ],
    "directory:moderation_queue": get(STAFF),
    "directory:moderation_decide": post(
        STAFF, kw(pk="host.pk"), note="empty POST: the form's error, back to the queue"
    ),
    # participations ---------------------------------------------------------------------
    "participations:start": get(PUBLIC),
    "participations:application": [
        get(allow("host_member", "host_owner", "reviewer", "staff"), kw(pk="host_application.pk")),
        get(SOMEONE_ELSES, kw(pk="other_application.pk"), note="a draft: not for reviewers"),
    ],
    "participations:apply": [
        post(MEMBERS, kw(slug="host.slug")),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "participations:edit": [
        get(allow("host_member", "host_owner"), kw(pk="host_application.pk")),
        get(NOBODY, kw(pk="other_application.pk")),
    ],
    "participations:withdraw": [
        get(allow("host_member", "host_owner"), kw(pk="host_application.pk")),
        get(NOBODY, kw(pk="other_application.pk")),
        post(NOBODY, kw(pk="other_application.pk")),
    ],
    "participations:review_queue": get(REVIEWERS),
    "participations:review": [
        get(REVIEWERS, kw(pk="host_application.pk")),
        get(STAFF, kw(pk="other_application.pk"), note="reviewers never see drafts"),
    ],
    "participations:review_conflict": [
        post(REVIEWERS, kw(pk="host_application.pk")),
        post(STAFF, kw(pk="other_application.pk"), note="reviewers never see drafts"),
    ],
    "participations:staff_applications": get(STAFF),
    "participations:staff_application": get(STAFF, kw(pk="host_application.pk")),
    "participations:staff_conflict_override": post(
        STAFF,
        kw(pk="host_application.pk", reviewer_pk="reviewer.pk"),
        note="no reason and no conflict: refused with a message, nothing written",
    ),
    "participations:staff_reopen_review": post(
        STAFF,
        kw(pk="host_application.pk"),
        note="an empty form: refused with a message, nothing written",
    ),
    "participations:staff_criteria": get(STAFF, kw(year="edition.year")),
    "participations:staff_criterion_create": get(STAFF, kw(year="edition.year")),
    "participations:staff_criterion_edit": get(STAFF, kw(pk="review_criterion.pk")),
    # activities -------------------------------------------------------------------------
    "activities:programme": get(PUBLIC),
    "activities:map": get(PUBLIC),
    "activities:map_data": get(PUBLIC),
    "activities:municipi_data": get(PUBLIC),
    "activities:routes": get(PUBLIC),
    "activities:route": get(PUBLIC, kw(year="edition.year", slug="route.slug")),
    "activities:detail": get(PUBLIC, kw(pk="activity.pk")),
    "activities:manage": get(LOGGED_IN),
    "activities:activity_create": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "activities:activity_edit": [
        get(MEMBERS, kw(pk="activity.pk")),
        get(SOMEONE_ELSES, kw(pk="other_activity.pk")),
        post(SOMEONE_ELSES, kw(pk="other_activity.pk")),
    ],
    "activities:activity_cancel": [
        get(MEMBERS, kw(pk="activity.pk")),
        get(SOMEONE_ELSES, kw(pk="other_activity.pk")),
        post(SOMEONE_ELSES, kw(pk="other_activity.pk")),
    ],
    "activities:activity_publish": [
        post(MEMBERS, kw(pk="activity.pk"), note="already published: refused with a message"),
        post(SOMEONE_ELSES, kw(pk="other_activity.pk")),
    ],
    "activities:slot_add": [
        post(MEMBERS, kw(pk="activity.pk")),
        post(SOMEONE_ELSES, kw(pk="other_activity.pk")),
    ],
    "activities:slot_edit": [
        get(MEMBERS, kw(pk="slot.pk")),
        get(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "activities:slot_remove": [
        post(MEMBERS, kw(pk="slot.pk")),
        post(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "activities:staff_rooms": get(STAFF),
    "activities:staff_room_edit": get(STAFF, kw(pk="room.pk")),
    "activities:staff_hub": post(STAFF),
    "activities:staff_routes": get(STAFF),
    "activities:staff_route_edit": get(STAFF, kw(pk="route.pk")),
    "activities:staff_route_stop_add": post(STAFF, kw(pk="route.pk")),
    "activities:staff_route_stop_remove": post(STAFF, kw(pk="route_stop.pk")),
    "activities:staff_route_stop_move": post(STAFF, kw(pk="route_stop.pk")),
    # bookings ---------------------------------------------------------------------------
    "bookings:mine": get(LOGGED_IN),
    "bookings:profile": get(LOGGED_IN),
    "bookings:profile_erase": post(LOGGED_IN),
    "bookings:access_needs": get(PUBLIC),
    "bookings:access_needs_forget": post(LOGGED_IN),
    "bookings:book": get(LOGGED_IN, kw(pk="slot.pk")),
    "bookings:book_group": get(LOGGED_IN, kw(pk="slot.pk")),
    "bookings:join_waiting_list": get(LOGGED_IN, kw(pk="slot.pk")),
    "bookings:attendees": [
        post(allow("visitor", others=NOT_FOUND), kw(pk="booking.pk")),
        post(NOBODY_404, kw(pk="other_booking.pk"), note="another visitor's booking"),
    ],
    "bookings:cancel": [
        get(allow("visitor", others=NOT_FOUND), kw(pk="booking.pk")),
        get(NOBODY_404, kw(pk="other_booking.pk"), note="another visitor's booking"),
        post(NOBODY_404, kw(pk="other_booking.pk")),
    ],
    "bookings:reconfirm": [
        post(allow("visitor", others=NOT_FOUND), kw(pk="booking.pk")),
        post(NOBODY_404, kw(pk="other_booking.pk"), note="another visitor's booking"),
    ],
    "bookings:reconfirm_link": [
        get(PUBLIC, kw(token="reconfirm_token"), note="the signed link is the key"),
        get(everyone(400), kw(token=lit("not-a-token"))),
        post(everyone(400), kw(token=lit("not-a-token"))),
    ],
    "bookings:leave_waiting_list": [
        post(allow("visitor", others=NOT_FOUND), kw(pk="entry.pk")),
        post(NOBODY_404, kw(pk="other_entry.pk")),
    ],
    "bookings:accept_offer": [
        get(allow("visitor", others=NOT_FOUND), kw(pk="offer.pk")),
        get(NOBODY_404, kw(pk="other_entry.pk")),
        post(NOBODY_404, kw(pk="other_entry.pk")),
    ],
    "bookings:staff_waves": get(STAFF),
    "bookings:manage_cancel_slot": [
        get(MEMBERS, kw(pk="slot.pk")),
        get(SOMEONE_ELSES, kw(pk="other_slot.pk")),
        post(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "bookings:manage_cancel_activity": [
        get(MEMBERS, kw(pk="activity.pk")),
        get(SOMEONE_ELSES, kw(pk="other_activity.pk")),
        post(SOMEONE_ELSES, kw(pk="other_activity.pk")),
    ],
    # ballots ----------------------------------------------------------------------------
    "ballots:current": get(PUBLIC),
    "ballots:detail": get(PUBLIC, kw(pk="ballot.pk")),
    "ballots:enter": get(LOGGED_IN, kw(pk="ballot.pk")),
    "ballots:mine": get(LOGGED_IN),
    "ballots:manage": get(STAFF),
    "ballots:manage_ballot": get(STAFF, kw(pk="ballot.pk")),
    "ballots:window": post(STAFF, kw(pk="ballot.pk")),
    "ballots:activity_add": post(STAFF, kw(pk="ballot.pk")),
    "ballots:activity_remove": post(
        STAFF, kw(pk="ballot.pk", activity_pk="ballot_activity.activity.pk")
    ),
    "ballots:draw": post(STAFF, kw(pk="ballot.pk")),
    # tickets ----------------------------------------------------------------------------
    "tickets:ticket": [
        get(allow("visitor", "staff"), kw(pk="booking.pk")),
        get(SOMEONE_ELSES, kw(pk="other_booking.pk")),
    ],
    "tickets:ticket_ics": [
        get(allow("visitor", "staff"), kw(pk="booking.pk")),
        get(SOMEONE_ELSES, kw(pk="other_booking.pk")),
    ],
    "tickets:calendar": get(LOGGED_IN),
    "tickets:feed": [
        get(PUBLIC, kw(token="feed.token"), note="the secret address is the key"),
        get(everyone(NOT_FOUND), kw(token=lit("not-a-token"))),
    ],
    "tickets:cancel": [
        get(PUBLIC, kw(token="cancel_token"), note="the signed link is the key"),
        get(everyone(400), kw(token=lit("not-a-token"))),
        post(everyone(400), kw(token=lit("not-a-token"))),
    ],
    "tickets:host_slots": get(LOGGED_IN),
    "tickets:checkin": [
        get(MEMBERS, kw(pk="slot.pk")),
        get(SOMEONE_ELSES, kw(pk="other_slot.pk")),
        post(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "tickets:slot_bookings": [
        get(MEMBERS, kw(pk="slot.pk")),
        get(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "tickets:no_shows": [
        post(MEMBERS, kw(pk="slot.pk")),
        post(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "tickets:booking_allowance": [
        post(MEMBERS, kw(pk="slot.pk")),
        post(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "tickets:release_absent": [
        post(MEMBERS, kw(pk="slot.pk")),
        post(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    "tickets:walk_in": [
        post(MEMBERS, kw(pk="slot.pk")),
        post(SOMEONE_ELSES, kw(pk="other_slot.pk")),
    ],
    # surveys ----------------------------------------------------------------------------
    "surveys:mine": get(LOGGED_IN),
    "surveys:answer": [
        get(everyone(403), kw(token="survey_token"), note="a visit not admitted has no survey"),
        post(everyone(403), kw(token="survey_token")),
        get(everyone(NOT_FOUND), kw(token=lit("not-a-token"))),
        post(everyone(NOT_FOUND), kw(token=lit("not-a-token"))),
    ],
    "surveys:thanks": get(PUBLIC),
    "surveys:report_cards": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "surveys:report_card": [
        get(MEMBERS, kw(slug="host.slug", year="edition.year")),
        get(SOMEONE_ELSES, kw(slug="other.slug", year="edition.year")),
    ],
    "surveys:report_card_pdf": [
        get(MEMBERS, kw(slug="host.slug", year="edition.year")),
        get(SOMEONE_ELSES, kw(slug="other.slug", year="edition.year")),
    ],
    # The door app (tickets.door): the manifest and service worker are public files;
    # the door, its devices and their sync belong to the organisation's members.
    "tickets:door_home": get(LOGGED_IN, note="a member with one organisation: to its door"),
    "tickets:door_manifest": get(PUBLIC),
    "tickets:door_service_worker": get(PUBLIC),
    "tickets:door": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "tickets:door_register": [
        post(MEMBERS, kw(slug="host.slug"), note="without a name: 400"),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "tickets:door_sync": [
        post(MEMBERS, kw(pk="door_device.pk"), note="an empty body: 400"),
        post(SOMEONE_ELSES, kw(pk="other_door_device.pk")),
    ],
    "tickets:door_revoke": [
        post(MEMBERS, kw(slug="host.slug", pk="door_device.pk")),
        post(SOMEONE_ELSES, kw(slug="other.slug", pk="other_door_device.pk")),
        post(
            allow(others=NOT_FOUND) | {"visitor": 403, "reviewer": 403},
            kw(slug="host.slug", pk="other_door_device.pk"),
            note="another organisation's device through one's own organisation",
        ),
    ],
    # plans ------------------------------------------------------------------------------
    "plans:my_day": get(LOGGED_IN),
    "plans:add": get(LOGGED_IN, kw(activity_pk="activity.pk")),
    "plans:remove": [
        post(allow("visitor", others=NOT_FOUND), kw(pk="plan_item.pk")),
        post(NOBODY_404, kw(pk="other_plan_item.pk")),
    ],
    "plans:share_regenerate": post(LOGGED_IN),
    "plans:shared": [
        get(PUBLIC, kw(token="share.token"), note="the secret link is the key"),
        get(everyone(NOT_FOUND), kw(token=lit("not-a-token"))),
    ],
    # qualifications (albo) --------------------------------------------------------------
    "qualifications:list": get(PUBLIC),
    "qualifications:criteria": get(PUBLIC),
    "qualifications:mine": get(LOGGED_IN),
    "qualifications:apply": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
        post(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "qualifications:entry": [
        get(MEMBERS, kw(pk="albo_entry.pk")),
        get(SOMEONE_ELSES, kw(pk="other_albo_entry.pk")),
    ],
    "qualifications:renew": [
        get(MEMBERS, kw(pk="albo_entry.pk")),
        get(SOMEONE_ELSES, kw(pk="other_albo_entry.pk")),
    ],
    "qualifications:withdraw": [
        post(MEMBERS, kw(pk="albo_entry.pk")),
        post(SOMEONE_ELSES, kw(pk="other_albo_entry.pk")),
    ],
    "qualifications:document": [
        get(MEMBERS, kw(pk="document.pk")),
        get(SOMEONE_ELSES, kw(pk="other_document.pk")),
    ],
    "qualifications:review_queue": get(STAFF),
    "qualifications:review": [
        get(STAFF, kw(pk="other_albo_entry.pk")),
        get(STAFF, kw(pk="albo_entry.pk"), note="members may not review their own entry"),
        post(STAFF, kw(pk="albo_entry.pk")),
    ],
    # matching ---------------------------------------------------------------------------
    "matching:index": get(PUBLIC),
    "matching:need_create": [
        get(MEMBERS, kw(slug="host.slug")),
        get(SOMEONE_ELSES, kw(slug="other.slug")),
    ],
    "matching:need": [
        get(MEMBERS, kw(pk="need.pk")),
        get(SOMEONE_ELSES, kw(pk="other_need.pk")),
    ],
    # Writing in a firm's name: its members only; city staff read needs but
    # never speak for the firm (the lab's answer, with its address, would reach them).
    "matching:contact_create": [
        post(allow("host_member", "host_owner"), kw(pk="need.pk", organisation_pk="other.pk")),
        post(NOBODY, kw(pk="other_need.pk", organisation_pk="host.pk")),
    ],
    "matching:need_close": [
        post(MEMBERS, kw(pk="need.pk")),
        post(SOMEONE_ELSES, kw(pk="other_need.pk")),
    ],
    "matching:contact": [
        get(MEMBERS, kw(pk="contact.pk"), note="the host received it"),
        get(SOMEONE_ELSES, kw(pk="other_contact.pk")),
        post(
            SOMEONE_ELSES | {"staff": NOT_FOUND},
            kw(pk="other_contact.pk"),
            note="only the recipient answers: staff read, never write",
        ),
    ],
    # Only the recipient reports a message (and blocks its firm) or lifts the block.
    "matching:contact_report": [
        post(allow("host_member", "host_owner") | {"staff": NOT_FOUND}, kw(pk="contact.pk")),
        post(SOMEONE_ELSES | {"staff": NOT_FOUND}, kw(pk="other_contact.pk")),
    ],
    "matching:contact_unblock": [
        post(allow("host_member", "host_owner") | {"staff": NOT_FOUND}, kw(pk="contact.pk")),
        post(SOMEONE_ELSES | {"staff": NOT_FOUND}, kw(pk="other_contact.pk")),
    ],
    "matching:reports": get(STAFF),
    # spaces -----------------------------------------------------------------------------
    "spaces:list": get(PUBLIC),
    "spaces:map_data": get(PUBLIC),
    "spaces:detail": [
        get(PUBLIC, kw(slug="space.slug")),
        get(STAFF_ELSE_404, kw(slug="hidden_space.slug"), note="not published"),
    ],
    "spaces:manage_list": get(STAFF),
    "spaces:manage_create": get(STAFF),
    "spaces:manage_edit": get(STAFF, kw(pk="space.pk")),
    "spaces:manage_status": post(STAFF, kw(pk="space.pk")),
    "spaces:manage_photo": get(STAFF, kw(pk="space.pk")),
    "spaces:manage_photo_delete": post(STAFF, kw(pk="space_photo.pk")),
    # calls ------------------------------------------------------------------------------
    "calls:list": get(PUBLIC),
    "calls:mine": get(LOGGED_IN),
    "calls:detail": [
        get(PUBLIC, kw(slug="call.slug")),
        get(STAFF_ELSE_404, kw(slug="draft_call.slug"), note="in preparation"),
    ],
    "calls:results": [
        get(PUBLIC, kw(slug="call.slug")),
        get(STAFF_ELSE_404, kw(slug="draft_call.slug")),
    ],
    "calls:apply": [
        post(MEMBERS, kw(slug="call.slug", org_slug="host.slug")),
        post(SOMEONE_ELSES, kw(slug="call.slug", org_slug="other.slug")),
    ],
    "calls:application": [
        get(
            allow("host_member", "host_owner", "reviewer", "staff"),
            kw(pk="call_application.pk"),
            note="the reviewer sits on the committee and declared no conflict",
        ),
        get(SOMEONE_ELSES, kw(pk="other_call_application.pk")),
    ],
    "calls:edit": [
        get(allow("host_member", "host_owner"), kw(pk="call_application.pk")),
        get(NOBODY, kw(pk="other_call_application.pk")),
        post(NOBODY, kw(pk="other_call_application.pk")),
    ],
    "calls:autosave": [
        post(allow("host_member", "host_owner"), kw(pk="call_application.pk")),
        post(NOBODY, kw(pk="other_call_application.pk")),
    ],
    "calls:upload": [
        post(
            allow("host_member", "host_owner"),
            kw(pk="call_application.pk", requirement_pk="requirement.pk"),
        ),
        post(NOBODY, kw(pk="other_call_application.pk", requirement_pk="other_requirement.pk")),
        post(
            allow(others=NOT_FOUND) | {"visitor": 403, "reviewer": 403, "staff": 403},
            kw(pk="call_application.pk", requirement_pk="other_requirement.pk"),
            note="another call's requirement through one's own application",
        ),
    ],
    "calls:attachment": [
        get(
            allow("host_member", "host_owner", "reviewer", "staff"),
            kw(pk="call_application.pk", attachment_pk="attachment.pk"),
        ),
        get(SOMEONE_ELSES, kw(pk="other_call_application.pk", attachment_pk="other_attachment.pk")),
        get(
            allow(others=NOT_FOUND) | {"visitor": 403},
            kw(pk="call_application.pk", attachment_pk="other_attachment.pk"),
            note="another application's attachment through one's own application",
        ),
    ],
    "calls:remove_attachment": [
        post(
            allow("host_member", "host_owner"),
            kw(pk="call_application.pk", attachment_pk="attachment.pk"),
        ),
        post(NOBODY, kw(pk="other_call_application.pk", attachment_pk="other_attachment.pk")),
    ],
    "calls:review_queue": get(REVIEWERS),
    "calls:review": [
        get(allow("reviewer"), kw(pk="call_application.pk"), note="committee members only"),
        get(NOBODY, kw(pk="other_call_application.pk"), note="not on this call's committee"),
    ],
    "calls:staff_list": get(STAFF),
    "calls:staff_create": get(STAFF),
    "calls:staff_call": get(STAFF, kw(pk="call.pk")),
    "calls:staff_edit": get(STAFF, kw(pk="draft_call.pk")),
    "calls:staff_criteria": get(STAFF, kw(pk="call.pk")),
    "calls:staff_documents": get(STAFF, kw(pk="call.pk")),
    "calls:staff_publish": post(STAFF, kw(pk="draft_call.pk")),
    "calls:staff_committee_add": post(STAFF, kw(pk="call.pk")),
    "calls:staff_committee_remove": post(STAFF, kw(pk="committee_member.pk")),
    "calls:staff_reopen_review": post(
        STAFF, kw(pk="call.pk"), note="an empty form: refused with a message, nothing written"
    ),
    "calls:staff_ranking": get(STAFF, kw(pk="call.pk")),
    "calls:staff_application": get(STAFF, kw(pk="call_application.pk")),
    "calls:staff_conflict_override": post(
        STAFF,
        kw(pk="call_application.pk", reviewer_pk="reviewer.pk"),
        note="no reason and no conflict: refused with a message, nothing written",
    ),
    # news -------------------------------------------------------------------------------
    "news:portal": get(PUBLIC),
    "news:articles": get(PUBLIC),
    "news:article": [
        get(PUBLIC, kw(slug="article.slug")),
        get(STAFF_ELSE_404, kw(slug="draft_article.slug"), note="a draft"),
    ],
    "news:case_studies": get(PUBLIC),
    "news:case_study_feed_rss": get(PUBLIC),
    "news:case_study_feed_atom": get(PUBLIC),
    "news:case_study": [
        get(PUBLIC, kw(slug="case_study.slug")),
        get(STAFF_ELSE_404, kw(slug="draft_case_study.slug"), note="a draft"),
    ],
    "news:opportunities": get(PUBLIC),
    "news:feed_rss": get(PUBLIC),
    "news:feed_atom": get(PUBLIC),
    "news:newsletter": get(PUBLIC),
    "news:newsletter_check_inbox": get(PUBLIC),
    "news:newsletter_confirm": [
        get(PUBLIC, kw(token="newsletter_confirm_token")),
        get(everyone(400), kw(token=lit("not-a-token"))),
        post(everyone(400), kw(token=lit("not-a-token"))),
    ],
    "news:newsletter_unsubscribe": [
        get(PUBLIC, kw(token="newsletter_unsubscribe_token")),
        get(everyone(400), kw(token=lit("not-a-token"))),
        post(everyone(400), kw(token=lit("not-a-token"))),
    ],
    "news:staff_home": get(STAFF),
    "news:staff_article_create": get(STAFF),
    "news:staff_article_edit": get(STAFF, kw(pk="draft_article.pk")),
    "news:staff_case_study_create": get(STAFF),
    "news:staff_case_study_edit": get(STAFF, kw(pk="case_study.pk")),
    "news:staff_opportunity_create": get(STAFF),
    "news:staff_opportunity_edit": get(STAFF, kw(pk="opportunity.pk")),
    "news:staff_opportunity_delete": post(STAFF, kw(pk="opportunity.pk")),
    "news:staff_images": get(STAFF),
    "news:staff_newsletter": get(STAFF),
    "news:staff_issue_create": get(STAFF),
    "news:staff_issue_edit": get(STAFF, kw(pk="issue.pk")),
    "news:staff_issue_send": [get(STAFF, kw(pk="issue.pk")), post(STAFF, kw(pk="issue.pk"))],
    # insights ---------------------------------------------------------------------------
    "insights:numbers_index": get(PUBLIC),
    "insights:numbers": get(
        everyone(NOT_FOUND),
        kw(year="edition.year"),
        note="the world's edition has not opened registration: its numbers are not published "
        "(published ones: insights/tests/test_views.py)",
    ),
    "insights:dashboard": get(STAFF),
    "insights:demand": get(STAFF),
    "insights:demand_csv": get(STAFF),
    "insights:download_csv": get(STAFF, kw(slug=lit("confronto"))),
    "insights:download_xlsx": get(STAFF, kw(slug=lit("confronto"))),
    # open data and the API (read-only, public; non-public rows do not exist) ------------
    "opendata:index": get(PUBLIC),
    "opendata:datapackage": get(PUBLIC),
    "opendata:catalogue": get(PUBLIC),
    "opendata:ical": get(PUBLIC),
    "opendata:file": get(PUBLIC, kw(name=lit("activities"), fmt=lit("csv"))),
    "api:index": get(PUBLIC),
    "api:openapi": get(PUBLIC),
    "api:docs": get(PUBLIC),
    "api:editions-list": get(PUBLIC),
    "api:editions-detail": get(PUBLIC, kw(key="edition.year")),
    "api:activities-list": get(PUBLIC),
    "api:activities-detail": get(PUBLIC, kw(key="activity.pk")),
    "api:slots-list": get(PUBLIC),
    "api:slots-detail": get(PUBLIC, kw(key="slot.pk")),
    "api:organisations-list": get(PUBLIC),
    "api:organisations-detail": get(PUBLIC, kw(key="host.pk")),
    "api:sites-list": get(PUBLIC),
    "api:sites-detail": get(PUBLIC, kw(key="site.pk")),
    "api:spaces-list": get(PUBLIC),
    "api:spaces-detail": [
        get(PUBLIC, kw(key="space.pk")),
        get(everyone(NOT_FOUND), kw(key="hidden_space.pk"), note="not published"),
    ],
    "api:calls-list": get(PUBLIC),
    "api:calls-detail": [
        get(PUBLIC, kw(key="call.pk")),
        get(everyone(NOT_FOUND), kw(key="draft_call.pk"), note="in preparation"),
    ],
    # operations ----------------------------------------------------------------------------
    # The health check: 200 for anyone while the database answers (no personal data).
    "operations:health": get(PUBLIC),
    # web: what every site answers at its root, and the legal pages -------------------------
    "web:robots": get(PUBLIC),
    "web:favicon": get(PUBLIC),
    "web:sitemap": get(PUBLIC),
    "web:sitemap_section": [
        get(PUBLIC, kw(section=lit("organizzazioni"))),
        get(everyone(NOT_FOUND), kw(section=lit("nessuna")), note="no such section"),
    ],
    "web:legal_notes": get(PUBLIC),
    "web:cookies": get(PUBLIC),
    # feedback: page ratings, problem reports, FAQ, accessibility statement -------------------
    "feedback:rate": post(PUBLIC, note="an empty rating is refused with 400"),
    "feedback:report_problem": get(PUBLIC),
    "feedback:report_status": [
        get(PUBLIC, kw(token="problem_report.token"), note="the secret link is the access"),
        get(everyone(NOT_FOUND), kw(token=lit("non-esiste"))),
    ],
    "feedback:faq": get(PUBLIC),
    "feedback:accessibility": get(PUBLIC),
    "feedback:staff_reports": get(STAFF),
    "feedback:staff_report": get(STAFF, kw(pk="problem_report.pk")),
    "feedback:staff_page_ratings": get(STAFF),
}
