"""A strict reader of iCalendar text for the tests: it fails on anything RFC
5545 forbids that our files could get wrong (bare LF, lines over 75 octets,
unbalanced components, unescaped text separators, local times)."""

import datetime
import re
from dataclasses import dataclass, field

NAME = re.compile(r"^[A-Z][A-Z0-9-]*$")
UTC_TIME = re.compile(r"^\d{8}T\d{6}Z$")
# Text properties: their values must escape , ; and \ and have no raw newline.
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME"}


@dataclass
class Component:
    name: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    components: list["Component"] = field(default_factory=list)

    def get(self, name: str) -> str:
        (value,) = self.properties[name]
        return value

    def text(self, name: str) -> str:
        return unescape(self.get(name))

    def utc(self, name: str) -> datetime.datetime:
        value = self.get(name)
        assert UTC_TIME.match(value), f"{name} is not a UTC date-time: {value!r}"
        return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)

    @property
    def events(self) -> list["Component"]:
        return [c for c in self.components if c.name == "VEVENT"]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            following = value[i + 1]
            assert following in "\\;,nN", f"bad escape \\{following} in {value!r}"
            out.append("\n" if following in "nN" else following)
            i += 2
            continue
        assert char not in ";,", f"unescaped {char!r} in text {value!r}"
        out.append(char)
        i += 1
    return "".join(out)


def parse(raw: bytes) -> Component:
    text = raw.decode("utf-8")
    assert text.endswith("\r\n"), "the last line must end with CRLF"
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line, f"bare line break in {line!r}"
        assert len(line.encode()) <= 75, f"line longer than 75 octets: {line!r}"
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            assert logical, "a continuation line cannot come first"
            logical[-1] += line[1:]
        else:
            logical.append(line)

    stack: list[Component] = []
    root: Component | None = None
    for line in logical:
        head, sep, value = line.partition(":")
        assert sep, f"no colon in {line!r}"
        name, *params = head.split(";")
        assert NAME.match(name), f"bad property name {name!r}"
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].components.append(component)
            else:
                assert root is None, "more than one top-level component"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == value, f"END:{value} does not close a component"
            stack.pop()
        else:
            assert stack, f"property {name} outside any component"
            if name in TEXT_PROPERTIES:
                unescape(value)
            stack[-1].properties.setdefault(name, []).append(value)
    assert not stack, "unclosed component"
    assert root is not None and root.name == "VCALENDAR"
    assert root.get("VERSION") == "2.0"
    assert root.get("PRODID")
    for event in root.events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event.properties, f"VEVENT without {required}"
        event.utc("DTSTAMP")
        assert event.utc("DTEND") > event.utc("DTSTART")
    return root
