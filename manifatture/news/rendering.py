"""Markdown written by staff, turned into HTML that is safe to show.

Two layers. Markdown runs with raw HTML switched off, so whatever looks like a
tag is shown as text; a tree processor then resolves our pictures
(`![alt](immagine:ID)`), drops any other picture (the CSP allows only our own),
moves headings one level down (the page has its h1) and marks external links.
Last, nh3 keeps only an allow-list of tags, attributes and URL schemes, so a
mistake in the first layer still cannot let a script, a style or an event
handler through.
"""

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .models import NewsImage

IMAGE_REFERENCE = re.compile(r"immagine:(\d+)")

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
}
EXTERNAL_REL = "noopener noreferrer nofollow"
URL_SCHEMES = {"http", "https", "mailto"}


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _is_local_image_src(value: str) -> bool:
    # Pictures come from our own storage only: a root-relative path, or our
    # address in e-mails. "//host/x" is another site, not a path.
    if value.startswith("/") and not value.startswith("//"):
        return True
    return value.startswith(_site_url() + "/")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _is_local_image_src(value):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=None,
    tag_attribute_values={"a": {"rel": {EXTERNAL_REL}}},
    url_schemes=URL_SCHEMES,
)


def sanitise_html(html: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes."""
    return _cleaner.clean(html)


def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    if parts.scheme not in {"http", "https"}:
        return False
    return parts.netloc.lower() != urlsplit(_site_url()).netloc.lower()


class _PortalTreeprocessor(Treeprocessor):
    def __init__(self, md, *, images: dict[int, NewsImage], absolute: bool):
        super().__init__(md)
        self.images = images
        self.absolute = absolute

    def _absolute(self, url: str) -> str:
        if self.absolute and url.startswith("/") and not url.startswith("//"):
            return _site_url() + url
        return url

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            previous = None
            for child in list(parent):
                if child.tag == "img" and not self._resolve_image(child):
                    # Not one of ours: its alt text stays, in place of the picture.
                    text = (child.get("alt") or "") + (child.tail or "")
                    if previous is not None:
                        previous.tail = (previous.tail or "") + text
                    else:
                        parent.text = (parent.text or "") + text
                    parent.remove(child)
                    continue
                previous = child
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"
            elif element.tag == "a":
                href = element.get("href", "")
                if _is_external(href):
                    element.set("rel", EXTERNAL_REL)
                else:
                    element.set("href", self._absolute(href))

    def _resolve_image(self, element: etree.Element) -> bool:
        match = IMAGE_REFERENCE.fullmatch(element.get("src", ""))
        image = self.images.get(int(match.group(1))) if match else None
        if image is None:
            return False
        element.set("src", self._absolute(image.file.url))
        element.set("width", str(image.width))
        element.set("height", str(image.height))
        if not element.get("alt"):
            element.set("alt", image.alt)
        return True


class _PortalExtension(Extension):
    def __init__(self, *, images: dict[int, NewsImage], absolute: bool):
        super().__init__()
        self.images = images
        self.absolute = absolute

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(
            _PortalTreeprocessor(md, images=self.images, absolute=self.absolute), "portal", 15
        )


def images_referenced(text: str) -> dict[int, NewsImage]:
    """The pictures a text refers to, in one query."""
    ids = {int(found) for found in IMAGE_REFERENCE.findall(text)}
    if not ids:
        return {}
    return NewsImage.objects.in_bulk(ids)


def render_markdown(text: str, *, absolute: bool = False) -> SafeString:
    """Safe HTML from staff Markdown. `absolute` makes our own links and
    pictures absolute, for e-mails."""
    converter = markdown.Markdown(
        output_format="html",
        extensions=[_PortalExtension(images=images_referenced(text), absolute=absolute)],
    )
    return mark_safe(sanitise_html(converter.convert(text)))  # sanitised just now
