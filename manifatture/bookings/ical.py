"""A small iCalendar (RFC 5545) writer: enough for booking confirmations and
calendar feeds, without a dependency.

    calendar([Event(uid=..., starts_at=..., ends_at=..., summary=...)])

returns the text of a VCALENDAR with CRLF line endings, escaped text values
and lines folded at 75 octets, as the RFC requires.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Comune di Milano//Manifatture Aperte//IT"


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    latitude: float | None = None
    longitude: float | None = None
    status: str = "CONFIRMED"  # or CANCELLED, TENTATIVE
    sequence: int = 0


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        # Continuation lines start with a space, which counts towards 75.
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def format_utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, stamp: datetime.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"STATUS:{event.status}",
        f"SEQUENCE:{event.sequence}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.latitude is not None and event.longitude is not None:
        lines.append(f"GEO:{event.latitude:.6f};{event.longitude:.6f}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[Event],
    *,
    name: str = "",
    method: str = "PUBLISH",
    stamp: datetime.datetime | None = None,
) -> str:
    """The text of a VCALENDAR holding `events`."""
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
