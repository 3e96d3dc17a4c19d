"""A strict Content-Security-Policy, and templates that keep to it: no inline
script, no event-handler attributes, no inline style, no `javascript:` URLs.
The browser would refuse them under the policy, so the page would break
silently: this catches them before anyone ships one."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "hx-get",
    "hx-post",
    "data-hx-get",
    "data-hx-post",
}
# Script elements that hold data for a script file, not code (json_script).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineFinder(HTMLParser):
    """Everything in an HTML text that a strict CSP would block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None

    def _where(self) -> str:
        return f"line {self.getpos()[0]}"

    def handle_starttag(self, tag, attrs):
        names = {name.lower(): value or "" for name, value in attrs}
        for name, value in names.items():
            if re.fullmatch(r"on[a-z]+", name):
                self.problems.append(f"{self._where()}: event handler {name}=")
            elif name == "style":
                self.problems.append(f"{self._where()}: style= attribute")
            elif name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"{self._where()}: {name}= (htmx evaluates it as code)")
            elif name in URL_ATTRIBUTES and re.match(r"\s*javascript:", value, re.IGNORECASE):
                self.problems.append(f"{self._where()}: javascript: URL in {name}=")
        if tag == "style":
            self.problems.append(f"{self._where()}: <style> element")
        if tag == "script":
            kind = names.get("type", "").lower()
            if "src" not in names and kind not in DATA_SCRIPT_TYPES:
                self._script = self._where()
            elif "src" in names:
                self._script = None

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.problems.append(f"{self._script}: inline <script>")
            self._script = None


def inline_code(text: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(text)
    finder.close()
    return finder.problems


def template_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [base / "templates", *sorted((base / "manifatture").glob("*/templates"))]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_the_finder_finds_what_it_looks_for():
    """The scan below can fail: each kind of inline code is caught."""
    snippets = {
        "<script>alert(1)</script>": "inline <script>",
        '<button onclick="go()">': "event handler onclick=",
        '<p style="color: red">': "style= attribute",
        "<style>p { color: red }</style>": "<style> element",
        '<a href="javascript:go()">': "javascript: URL",
        '<div hx-on:click="go()">': "htmx evaluates",
    }
    for snippet, problem in snippets.items():
        assert any(problem in found for found in inline_code(snippet)), snippet
    allowed = (
        '<script src="/static/js/x.js" defer></script>'
        '<script id="points" type="application/json">[1, 2]</script>'
        '<a href="/programma/" class="btn">Programma</a>'
    )
    assert inline_code(allowed) == []


def test_no_template_has_inline_script_or_style():
    files = template_files()
    assert len(files) > 100
    problems = [
        f"{path.relative_to(settings.BASE_DIR)} {problem}"
        for path in files
        for problem in inline_code(path.read_text())
    ]
    assert problems == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/programma/",
        "/organizzazioni/",
        "/account/accedi/",
        "/account/registrati/",
        "/bandi/",
        "/spazi/",
        "/notizie/",
        "/opendata/",
        "/api/v1/docs/",
        "/pagina-che-non-esiste/",
    ],
)
def test_pages_carry_the_policy_and_keep_to_it(client, url):
    response = client.get(url)
    assert response.status_code in {200, 404}
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert inline_code(response.content.decode()) == []
