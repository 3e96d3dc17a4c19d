"""The malformed requests the fuzz test sends, and the machinery to send them.

Every URL of the site is reached with the path arguments of a real object and with
malformed ones; every page it answers with is read for the fields of its forms,
which are then sent back with malformed values in the query string (GET) and in
malformed bodies (POST). A request succeeds when the answer is not a 5xx."""

import html.parser
import io
import json
import logging
import random
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

logger = logging.getLogger("tests.fuzz")

# Names the views read from request.GET / request.POST directly (not through a form).
COMMON_GET = [
    "page",
    "page_size",
    "q",
    "next",
    "lang",
    "email",
    "edition",
    "organizzazione",
    "year",
]
COMMON_POST = ["action", "note", "language", "direction", "next", "party_size", "token"]

HUGE = "9" * 25
MALFORMED_VALUES = [
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "-inf",
    HUGE,
    "2147483648",
    "-9223372036854775809",
    "2026-02-30",
    "2026-13-01",
    "31/12/2026",
    "0000-00-00",
    "9999-12-31T25:61",
    "2019-11-29T10:00:00+25:00",
    "99999-01-01",
    "10:99",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "' OR '1'='1",
    "1; DROP TABLE accounts_user; --",
    "<script>alert(1)</script>",
    "città ☃ 漢字 🏭",
    "true",
    "null",
    "[]",
    '{"a": 1}',
    "../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example/",
    "http://",
    "%",
    "\r\nX-Injected: 1",
]
# Query strings written by hand: broken percent-encoding, arrays, repeated keys.
RAW_QUERIES = [
    "page=%ff%fe",
    "q=%",
    "q=%00",
    "page=1&page=abc&page=",
    "page[]=1&q[]=a",
    "page=-1",
    "page=0",
    "page=" + HUGE,
    "page=abc",
    "q=" + "%E6%BC%A2" * 2000,
    "=&&=&a",
    "q=%ED%A0%80",  # a lone surrogate, not valid UTF-8
]

# Path arguments: what a client can put in the URL in place of a real one.
MALFORMED_PATH = {
    "int": ["0", HUGE, "2147483648", "9223372036854775808", "-1", "abc"],
    "slug": ["non-esiste", "a" * 300, "citt%C3%A0", "--", "%00"],
    "str": ["%00", "x" * 3000, "%C3%A0%E6%BC%A2", "%27%20OR%201%3D1--", "..%2F..", "%ff%fe"],
    "path": ["%00", "..%2F..", "x" * 3000, "abc"],
}

HTML_AS_JPEG = b"<html><body><script>alert(1)</script></body></html>"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG_AS_PDF = _png()


def malformed_files() -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile("foto.jpg", HTML_AS_JPEG, content_type="image/jpeg"),
        SimpleUploadedFile("piano.pdf", PNG_AS_PDF, content_type="application/pdf"),
        SimpleUploadedFile("vuoto.png", b"", content_type="image/png"),
        SimpleUploadedFile("../../x%00.csv", b"a,b\n\x00\xff,2\n", content_type="text/csv"),
    ]


# The site's URLs ------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Url:
    name: str  # "namespace:name"
    route: str  # "programma/attivita/<int:pk>/"
    default_args: tuple = ()

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""

    @property
    def arguments(self) -> dict[str, str]:
        """Path argument name -> converter name."""
        return {m["name"]: m["converter"] or "str" for m in PLACEHOLDER.finditer(self.route)}

    def path(self, kwargs: dict[str, str]) -> str:
        """The path with these arguments, written as they go in a URL (already quoted)."""
        return "/" + PLACEHOLDER.sub(lambda match: kwargs[match["name"]], self.route)


def site_urls() -> list[Url]:
    """Every URL pattern of config.urls (included ones resolved recursively)."""

    def walk(resolver, prefix: str, namespace: str | None) -> Iterator[Url]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and entry.name:
                # Unnamed patterns: only DEBUG's media files, served by the web server.
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield Url(name, prefix + str(entry.pattern), tuple(entry.default_args.items()))

    return list(walk(get_resolver(), "", None))


# Forms found on a page ------------------------------------------------------------------


@dataclass
class FormInfo:
    method: str
    action: str | None
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> known values
    files: set[str] = field(default_factory=set)


class _FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[FormInfo] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                FormInfo(method=(attrs.get("method") or "get").lower(), action=attrs.get("action"))
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            form.fields.setdefault(name, [])
            if attrs.get("value"):
                form.fields[name].append(attrs["value"])
            if attrs.get("type") == "file":
                form.files.add(name)
        elif tag in {"textarea", "button"} and name:
            form.fields.setdefault(name, [])
            if attrs.get("value"):
                form.fields[name].append(attrs["value"])
        elif tag == "select" and name:
            form.fields.setdefault(name, [])
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            form.fields[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(content: bytes) -> list[FormInfo]:
    parser = _FormParser()
    try:
        parser.feed(content.decode("utf-8", "replace"))
    except Exception:  # a page we cannot parse gives no forms, not a failure
        return []
    return parser.forms


# Sending --------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


@dataclass
class Failure:
    user: str
    method: str
    url: str
    detail: str
    status: int
    error: str

    def __str__(self) -> str:
        shown = self.url if len(self.url) < 160 else self.url[:157] + "..."
        return f"{self.status} {self.method} {shown} as {self.user} ({self.detail}): {self.error}"


@dataclass
class Fuzzer:
    """Sends requests as one person, each inside a rolled-back transaction so that a
    POST that happens to be valid (a deletion, a logout) leaves the world unchanged."""

    user: str
    client: Client
    rng: random.Random
    sent: int = 0
    failures: list[Failure] = field(default_factory=list)

    def send(self, method: str, url: str, detail: str, **kwargs):
        cookies = SimpleCookie()
        cookies.update(self.client.cookies)  # the client replaces morsels, never edits them
        response = None
        try:
            with transaction.atomic():
                response = self.client.generic(method, url, **kwargs)
                raise _Rollback
        except _Rollback:
            pass
        finally:
            self.client.cookies = cookies
        if response.streaming:  # a file download: read it, which closes the file
            b"".join(response.streaming_content)
        self.sent += 1
        if response.status_code >= 500:
            error = "no exception"
            if response.exc_info:
                error = "".join(traceback.format_exception_only(response.exc_info[1])).strip()
                frames = traceback.extract_tb(response.exc_info[2])
                ours = [f for f in frames if "/manifatture/" in f.filename] or frames
                where = ours[-1]
                error += f" at {where.filename.split('/work/main/')[-1]}:{where.lineno}"
                logger.error(
                    "%s %s as %s (%s)\n%s",
                    method,
                    url[:200],
                    self.user,
                    detail,
                    "".join(traceback.format_exception(*response.exc_info)),
                )
            self.failures.append(
                Failure(self.user, method, url, detail, response.status_code, error[:600])
            )
        return response

    # The query strings and bodies -------------------------------------------------------

    def value(self) -> str:
        return self.rng.choice(MALFORMED_VALUES)

    def malformed_query(self, names: list[str]) -> str:
        if self.rng.random() < 0.3:
            return self.rng.choice(RAW_QUERIES)
        chosen = self.rng.sample(names, min(len(names), self.rng.randint(1, 4)))
        parts = []
        for name in chosen:
            for _ in range(self.rng.choice([1, 1, 1, 2])):  # sometimes an array
                parts.append(f"{quote(name)}={quote(self.value(), safe='')}")
        return "&".join(parts)

    def get_variants(self, path: str, names: list[str], count: int) -> None:
        for _ in range(count):
            query = self.malformed_query(names)
            headers = {"HX-Request": "true"} if self.rng.random() < 0.2 else {}
            self.send("GET", f"{path}?{query}", f"query {query[:80]!r}", headers=headers)

    def send_nul(self, path: str, names: list[str], form: FormInfo | None) -> None:
        """A NUL byte in every query parameter, then in every field of the form."""
        query = "&".join(f"{quote(name)}=a%00b" for name in names)
        self.send("GET", f"{path}?{query}", "NUL in every parameter")
        fields = list(form.fields) if form else COMMON_POST
        self._post_multipart_dict(path, dict.fromkeys(fields, "a\x00b"), "NUL in every field")

    def post_variants(self, path: str, form: FormInfo | None, count: int) -> None:
        names = list(form.fields) if form else []
        names += [n for n in COMMON_POST if n not in names]
        strategies = [
            "empty",
            "fields",
            "fields",
            "fields",
            "lists",
            "files",
            "urlencoded",
            "json",
            "multipart",
        ]
        for strategy in self.rng.sample(strategies, min(count, len(strategies))):
            getattr(self, f"_post_{strategy}")(path, form, names)

    def _known_or_bad(self, form: FormInfo | None, name: str) -> str:
        known = form.fields.get(name, []) if form else []
        if known and self.rng.random() < 0.4:
            return self.rng.choice(known)
        return self.value()

    def _post_empty(self, path, form, names):
        self.send("POST", path, "empty body")

    def _post_fields(self, path, form, names):
        data = {}
        for name in names:
            if self.rng.random() < 0.7:
                data[name] = self._known_or_bad(form, name)
        self._post_multipart_dict(path, data, "malformed fields")

    def _post_lists(self, path, form, names):
        data = {name: [self.value(), self._known_or_bad(form, name), ""] for name in names}
        self._post_multipart_dict(path, data, "lists for single values")

    def _post_files(self, path, form, names):
        data = {name: self.rng.choice(malformed_files()) for name in names}
        for name in form.files if form else ():
            data[name] = self.rng.choice(malformed_files())
        self._post_multipart_dict(path, data, "files in every field")

    def _post_multipart_dict(self, path, data, detail):
        body = encode_multipart(BOUNDARY, data)
        detail = f"{detail}: {sorted(data)[:6]}"
        self.send("POST", path, detail, data=body, content_type=MULTIPART_CONTENT)

    def _post_urlencoded(self, path, form, names):
        parts = [f"{quote(n)}={quote(self.value(), safe='')}" for n in names]
        parts.append("broken=%ff%00%")
        body = "&".join(parts)
        self.send(
            "POST",
            path,
            "urlencoded with broken escapes",
            data=body,
            content_type="application/x-www-form-urlencoded",
        )

    def _post_json(self, path, form, names):
        body = self.rng.choice(
            ["{not json", json.dumps([1, "a", None]), json.dumps({n: [] for n in names}), ""]
        )
        self.send("POST", path, f"json {body[:40]!r}", data=body, content_type="application/json")

    def _post_multipart(self, path, form, names):
        name = names[0] if names else "x"
        body, content_type = self.rng.choice(
            [
                (
                    f'--B\r\nContent-Disposition: form-data; name="{name}"\r\n\r\nunterminated',
                    "multipart/form-data; boundary=B",
                ),
                ("whatever", "multipart/form-data"),
                ("--B--\r\n", "multipart/form-data; boundary=" + "B" * 300),
                (
                    f'--B\r\nContent-Disposition: form-data; name="{name}"; filename="a.jpg"\r\n'
                    "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--B--\r\n",
                    "multipart/form-data; boundary=B",
                ),
            ]
        )
        self.send(
            "POST", path, f"bad multipart {content_type[:40]}", data=body, content_type=content_type
        )

    def post_oversized(self, path: str, names: list[str]) -> None:
        """A body over DATA_UPLOAD_MAX_MEMORY_SIZE, and one with too many fields."""
        name = names[0] if names else "x"
        size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
        self.send(
            "POST",
            path,
            "oversized field",
            data=f"{name}={'x' * size}",
            content_type="application/x-www-form-urlencoded",
        )
        many = "&".join(f"f{i}=1" for i in range((settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 0) + 1))
        self.send(
            "POST",
            path,
            "too many fields",
            data=many,
            content_type="application/x-www-form-urlencoded",
        )
