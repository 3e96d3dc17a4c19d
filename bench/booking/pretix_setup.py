"""Run with pretix's own Python (its virtual environment, made by
bench/booking/pretix.py), with PRETIX_CONFIG_FILE set: the pretix side of the
booking benchmark through pretix's ORM, the way its event wizard makes an
event (default plugins, `set_defaults`): an organizer, an event series with
one sub-event per time slot of ours (the same start times and seats), each
with a quota of that many seats, and one free admission product.

`python pretix_setup.py setup SLOTS.json ORGANIZER` prints JSON {organizer,
event, item, subevents: [ids]}; `python pretix_setup.py count ORGANIZER` prints JSON with the orders
placed and the seats over quota, counted from the order positions (not from
pretix's quota cache), per sub-event."""

import datetime
import json
import os
import sys
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from pretix.base.models import Event, Item, Organizer, Quota, SubEvent  # noqa: E402

EVENT = "rush"


@scopes_disabled()
def setup(slots: list[dict], slug: str) -> dict:
    """A new organizer each run (its slug names the run): pretix protects an
    organizer's events from deletion, and a fresh one starts empty."""
    organizer = Organizer.objects.create(name="Manifatture Aperte (bench)", slug=slug)
    starts = [datetime.datetime.fromisoformat(s["starts_at"]) for s in slots]
    event = Event.objects.create(
        organizer=organizer,
        name="Manifatture Aperte – benchmark",
        slug=EVENT,
        currency="EUR",
        date_from=min(starts),
        has_subevents=True,
        live=True,
    )
    event.set_active_plugins(
        settings.PRETIX_PLUGINS_DEFAULT.split(","),
        allow_restricted=settings.PRETIX_PLUGINS_DEFAULT.split(","),
    )
    event.save(update_fields=["plugins"])
    event.set_defaults()
    event.settings.set("timezone", "Europe/Rome")
    event.settings.set("locale", "it")
    event.settings.set("locales", ["it", "en"])
    item = Item.objects.create(
        event=event, name="Ingresso", default_price=Decimal("0.00"), admission=True
    )
    subevents = SubEvent.objects.bulk_create(
        SubEvent(
            event=event,
            name=f"Turno {n}",
            date_from=start,
            date_to=datetime.datetime.fromisoformat(s["ends_at"]),
            active=True,
        )
        for n, (s, start) in enumerate(zip(slots, starts, strict=True))
    )
    for subevent, s in zip(subevents, slots, strict=True):
        quota = Quota.objects.create(
            event=event, subevent=subevent, name="Posti", size=s["capacity"]
        )
        quota.items.add(item)
    return {
        "organizer": slug,
        "event": EVENT,
        "item": item.pk,
        "subevents": [s.pk for s in subevents],
    }


def count(slug: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COALESCE(SUM(GREATEST(taken - size, 0)), 0), COALESCE(SUM(taken), 0)
            FROM (
              SELECT q.id, q.size, COUNT(p.id) AS taken
              FROM pretixbase_quota q
              JOIN pretixbase_event e ON e.id = q.event_id
              JOIN pretixbase_organizer o ON o.id = e.organizer_id AND o.slug = %s
              LEFT JOIN pretixbase_orderposition p
                ON p.subevent_id = q.subevent_id AND NOT p.canceled
               AND EXISTS (SELECT 1 FROM pretixbase_order r
                           WHERE r.id = p.order_id AND r.status IN ('n', 'p'))
              GROUP BY q.id, q.size
            ) per_quota
            """,
            [slug],
        )
        over, positions = cursor.fetchone()
        cursor.execute(
            """
            SELECT r.email, p.subevent_id FROM pretixbase_order r
            JOIN pretixbase_orderposition p ON p.order_id = r.id AND NOT p.canceled
            JOIN pretixbase_event e ON e.id = r.event_id
            JOIN pretixbase_organizer o ON o.id = e.organizer_id AND o.slug = %s
            WHERE r.status IN ('n', 'p')
            """,
            [slug],
        )
        rows = [[email, subevent] for email, subevent in cursor.fetchall()]
    return {"seats_over_quota": int(over), "positions": int(positions), "orders": rows}


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        with open(sys.argv[2]) as source:
            print(json.dumps(setup(json.load(source), sys.argv[3])))
    elif command == "count":
        print(json.dumps(count(sys.argv[2])))
