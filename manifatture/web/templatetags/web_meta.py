"""The base layout's head: the page's title and description written once (in
their blocks) and read again for the canonical link and the Open Graph and
Twitter card tags."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    # Blocks inside stay visible to {% extends %}: children still override them.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # Text for attributes too: markup a block may hold is dropped; the text is
        # already escaped by the template's autoescaping.
        text = strip_tags(self.nodelist.render(context))
        context[self.name] = mark_safe(" ".join(text.split()))
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """{% capture as name %}...{% endcapture %}: renders the content into `name`
    (whitespace collapsed) instead of the page."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str = "") -> str:
    """`path` (the page's own without the query when empty) as an absolute URL, or
    "" when the template is rendered without a request."""
    request = context.get("request")
    if request is None:
        return ""
    return request.build_absolute_uri(path or request.path)


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[tuple[str, str]]:
    """The page's address in each language, absolute, as (hreflang, url) pairs,
    "x-default" (the Italian one) last: for hreflang links and the language switch."""
    request = context.get("request")
    if request is None:
        return []
    pairs = [
        (code, request.build_absolute_uri(translate_url(request.path, code)))
        for code, _name in settings.LANGUAGES
    ]
    return [*pairs, ("x-default", pairs[0][1])]
