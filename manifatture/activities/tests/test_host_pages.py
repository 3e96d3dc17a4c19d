import datetime

import pytest
from django.urls import reverse

from manifatture.activities.models import Activity, TimeSlot
from manifatture.participations.models import ActivityKind, Application

from .conftest import make_host
from .factories import ActivityFactory, HubRoomFactory, TimeSlotFactory, event_time

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


def activity_data(**overrides) -> dict:
    return {
        "kind": ActivityKind.GUIDED_VISIT,
        "title_it": "Visita alla fonderia",
        "title_en": "Foundry tour",
        "description_it": "Come si cola il bronzo.",
        "description_en": "",
        "site": "",
        "languages": ["it", "en"],
        "audience": "families",
        "min_age": "8",
        "duration_minutes": "90",
        "safety_notes_it": "Scarpe chiuse.",
        "safety_notes_en": "",
        **overrides,
    }


def slot_data(start: datetime.datetime, end: datetime.datetime, capacity=12, room=None) -> dict:
    data = {
        "starts_at": start.strftime(LOCAL),
        "ends_at": end.strftime(LOCAL),
        "capacity": capacity,
    }
    if room is not None:
        data["room"] = room.pk
    return data


def edit_url(activity) -> str:
    return reverse("activities:activity_edit", kwargs={"pk": activity.pk})


# Who may get in -----------------------------------------------------------------


def test_management_pages_need_login(client, edition):
    response = client.get(reverse("activities:manage"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_host_dashboard_lists_own_activities_only(client, edition, host):
    own = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    other = make_host(edition)
    theirs = ActivityFactory(edition=edition, organisation=other.organisation, site=other.site)
    client.force_login(host.user)

    response = client.get(reverse("activities:manage"))

    assert response.status_code == 200
    assert own.title_it in response.text
    assert theirs.title_it not in response.text
    create_url = reverse("activities:activity_create", kwargs={"slug": host.organisation.slug})
    assert create_url in response.text


def test_host_cannot_see_or_change_another_hosts_activity(client, edition, host):
    other = make_host(edition)
    theirs = ActivityFactory(edition=edition, organisation=other.organisation, site=other.site)
    slot = TimeSlotFactory(activity=theirs)
    client.force_login(host.user)
    start = event_time(edition, hour=15)

    assert client.get(edit_url(theirs)).status_code == 403
    assert client.post(edit_url(theirs), activity_data(title_it="Preso!")).status_code == 403
    add_slot = reverse("activities:slot_add", kwargs={"pk": theirs.pk})
    assert (
        client.post(add_slot, slot_data(start, start + datetime.timedelta(hours=1))).status_code
        == 403
    )
    slot_edit = reverse("activities:slot_edit", kwargs={"pk": slot.pk})
    assert client.get(slot_edit).status_code == 403
    assert (
        client.post(slot_edit, slot_data(start, start + datetime.timedelta(hours=1))).status_code
        == 403
    )
    slot_remove = reverse("activities:slot_remove", kwargs={"pk": slot.pk})
    assert client.post(slot_remove).status_code == 403
    cancel = reverse("activities:activity_cancel", kwargs={"pk": theirs.pk})
    assert client.post(cancel).status_code == 403

    theirs.refresh_from_db()
    assert theirs.title_it != "Preso!"
    assert theirs.status == Activity.Status.PUBLISHED
    assert list(theirs.slots.all()) == [slot]
    slot.refresh_from_db()
    assert slot.starts_at == event_time(edition, hour=10)


def test_visitor_cannot_open_an_activity_for_editing(client, edition, host, visitor):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    client.force_login(visitor)
    assert client.get(edit_url(activity)).status_code == 403


def test_host_cannot_create_for_an_organisation_it_does_not_belong_to(client, edition, host):
    other = make_host(edition)
    client.force_login(host.user)
    url = reverse("activities:activity_create", kwargs={"slug": other.organisation.slug})
    assert client.get(url).status_code == 403
    assert client.post(url, activity_data()).status_code == 403
    assert Activity.objects.count() == 0


def test_staff_may_edit_any_activity(client, edition, host, staff):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    client.force_login(staff)

    assert client.get(edit_url(activity)).status_code == 200
    response = client.post(
        edit_url(activity), activity_data(title_it="Corretto dallo staff", site=host.site.pk)
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title_it == "Corretto dallo staff"


def test_staff_dashboard_lists_every_activity(client, edition, staff):
    activities = [ActivityFactory(edition=edition) for _ in range(2)]
    client.force_login(staff)
    response = client.get(reverse("activities:manage"))
    for activity in activities:
        assert edit_url(activity) in response.text
    assert reverse("activities:staff_rooms") in response.text
    assert reverse("activities:staff_routes") in response.text


# Creating and editing ---------------------------------------------------------------


def test_accepted_host_creates_an_activity(client, edition, host):
    client.force_login(host.user)
    url = reverse("activities:activity_create", kwargs={"slug": host.organisation.slug})

    assert client.get(url).status_code == 200
    response = client.post(url, activity_data(site=host.site.pk))

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(activity)
    assert (activity.title_it, activity.site, activity.audience, activity.min_age) == (
        "Visita alla fonderia",
        host.site,
        "families",
        8,
    )
    assert activity.created_by == host.user
    assert sorted(activity.languages.values_list("code", flat=True)) == ["en", "it"]


def test_site_choices_are_the_organisations_own(client, edition, host):
    other = make_host(edition)
    client.force_login(host.user)
    url = reverse("activities:activity_create", kwargs={"slug": host.organisation.slug})

    response = client.post(url, activity_data(site=other.site.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["site"] == [
        "Scegli un'opzione valida. La scelta effettuata non compare tra quelle disponibili."
    ]
    assert Activity.objects.count() == 0


def test_talk_at_a_site_is_a_form_error_and_keeps_the_input(client, edition, host):
    client.force_login(host.user)
    url = reverse("activities:activity_create", kwargs={"slug": host.organisation.slug})

    response = client.post(
        url, activity_data(kind=ActivityKind.TALK, site=host.site.pk, title_it="Il mio talk")
    )

    assert response.status_code == 200
    assert "I talk si tengono all&#x27;hub centrale: lasciate vuota la sede." in response.text
    assert 'value="Il mio talk"' in response.text
    assert Activity.objects.count() == 0


def test_host_not_accepted_cannot_create_activities(client, edition):
    host = make_host(edition, accepted=False)
    client.force_login(host.user)
    url = reverse("activities:activity_create", kwargs={"slug": host.organisation.slug})

    get = client.get(url)
    post = client.post(url, activity_data(site=host.site.pk))

    assert get.status_code == post.status_code == 302
    assert post["Location"] == reverse("activities:manage")
    assert Activity.objects.count() == 0
    dashboard = client.get(reverse("activities:manage"))
    assert url not in dashboard.text
    assert "non è (ancora) accettata" in dashboard.text


def test_a_host_that_withdrew_may_cancel_its_activities_but_not_change_them(client, edition, host):
    """After the application is withdrawn the dashboard hides the activities ("activities
    and slots after acceptance"); their management URLs refuse changes too."""
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    slot = TimeSlotFactory(activity=activity, capacity=10)
    Application.objects.filter(organisation=host.organisation).update(
        state=Application.State.WITHDRAWN
    )
    client.force_login(host.user)
    start = event_time(edition, hour=14)
    hour = datetime.timedelta(hours=1)

    edited = client.post(edit_url(activity), activity_data(site=host.site.pk))
    added = client.post(
        reverse("activities:slot_add", kwargs={"pk": activity.pk}), slot_data(start, start + hour)
    )
    moved = client.post(
        reverse("activities:slot_edit", kwargs={"pk": slot.pk}),
        slot_data(start, start + hour, capacity=99),
    )

    assert (edited.status_code, added.status_code, moved.status_code) == (403, 403, 403)
    activity.refresh_from_db()
    slot.refresh_from_db()
    assert activity.title_it != "Visita alla fonderia"
    assert list(activity.slots.values_list("capacity", flat=True)) == [10]
    # Stepping back stays possible: the activity is cancelled.
    cancelled = client.post(reverse("activities:activity_cancel", kwargs={"pk": activity.pk}))
    assert cancelled.status_code == 302
    activity.refresh_from_db()
    assert activity.is_cancelled


def test_host_edits_its_activity(client, edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    client.force_login(host.user)

    page = client.get(edit_url(activity))
    response = client.post(edit_url(activity), activity_data(site=host.site.pk, min_age="14"))

    assert page.status_code == 200
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title_it, activity.min_age) == ("Visita alla fonderia", 14)


def test_host_cancels_its_activity(client, edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    client.force_login(host.user)
    url = reverse("activities:activity_cancel", kwargs={"pk": activity.pk})

    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302

    activity.refresh_from_db()
    assert activity.is_cancelled


# Slots through the pages ---------------------------------------------------------------


def test_host_adds_edits_and_removes_a_slot(client, edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    client.force_login(host.user)
    start = event_time(edition, hour=10)
    hour = datetime.timedelta(hours=1)

    response = client.post(
        reverse("activities:slot_add", kwargs={"pk": activity.pk}), slot_data(start, start + hour)
    )
    assert response.status_code == 302
    slot = TimeSlot.objects.get()
    assert (slot.starts_at, slot.ends_at, slot.capacity) == (start, start + hour, 12)

    url = reverse("activities:slot_edit", kwargs={"pk": slot.pk})
    assert start.strftime(LOCAL) in client.get(url).text
    assert (
        client.post(url, slot_data(start + hour, start + 2 * hour, capacity=20)).status_code == 302
    )
    slot.refresh_from_db()
    assert (slot.starts_at, slot.capacity) == (start + hour, 20)

    client.post(reverse("activities:slot_remove", kwargs={"pk": slot.pk}))
    assert TimeSlot.objects.count() == 0


def test_slot_outside_the_event_is_shown_as_a_form_error(client, edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    client.force_login(host.user)
    start = event_time(edition, day=-1, hour=10)

    response = client.post(
        reverse("activities:slot_add", kwargs={"pk": activity.pk}),
        slot_data(start, start + datetime.timedelta(hours=1)),
    )

    assert response.status_code == 200
    assert "I turni devono svolgersi nei giorni dell&#x27;evento" in response.text
    assert start.strftime(LOCAL) in response.text
    assert TimeSlot.objects.count() == 0


def test_busy_room_is_shown_as_a_form_error(client, edition, host):
    room = HubRoomFactory(edition=edition, name="Sala Grande")
    start = event_time(edition, hour=10)
    hour = datetime.timedelta(hours=1)
    TimeSlotFactory(
        activity__edition=edition,
        activity__kind=ActivityKind.TALK,
        activity__site=None,
        room=room,
        starts_at=start,
        ends_at=start + hour,
    )
    talk = ActivityFactory(
        edition=edition, organisation=host.organisation, kind=ActivityKind.TALK, site=None
    )
    client.force_login(host.user)

    response = client.post(
        reverse("activities:slot_add", kwargs={"pk": talk.pk}),
        slot_data(start + hour / 2, start + 2 * hour, room=room),
    )

    assert response.status_code == 200
    assert "La sala Sala Grande è già occupata dalle 10:00 alle 11:00" in response.text
    assert talk.slots.count() == 0


def test_slot_form_of_a_site_activity_has_no_room(client, edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    HubRoomFactory(edition=edition)
    client.force_login(host.user)
    response = client.get(edit_url(activity))
    assert 'name="room"' not in response.text
