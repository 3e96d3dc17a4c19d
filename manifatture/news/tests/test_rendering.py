"""Markdown written by staff becomes safe HTML: hostile input never yields a
script, an event handler, a style, a frame or a javascript:/data: URL."""

import pytest
from django.core.files.base import ContentFile

from manifatture.news.models import NewsImage
from manifatture.news.rendering import render_markdown, sanitise_html

from .conftest import make_image_bytes


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Raw HTML is text, never markup.
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        (
            "Ciao <b onclick='rubaDati()'>tu</b>",
            "<p>Ciao &lt;b onclick='rubaDati()'&gt;tu&lt;/b&gt;</p>",
        ),
        (
            '<p style="position:fixed">x</p>',
            '<p>&lt;p style="position:fixed"&gt;x&lt;/p&gt;</p>',
        ),
        (
            '<iframe src="https://malevolo.example"></iframe>',
            '<p>&lt;iframe src="https://malevolo.example"&gt;&lt;/iframe&gt;</p>',
        ),
        ("<!-- nascosto -->", "<p>&lt;!-- nascosto --&gt;</p>"),
        # Dangerous URL schemes lose their href, whatever the case.
        ("[premi](javascript:alert(1))", "<p><a>premi</a></p>"),
        ("[premi](JaVaScRiPt:alert(1))", "<p><a>premi</a></p>"),
        ("[premi](data:text/html;base64,PHNjcmlwdD4=)", "<p><a>premi</a></p>"),
        ("[premi](vbscript:msgbox(1))", "<p><a>premi</a></p>"),
        # Pictures that are not ours leave only their alt text.
        ("![foto](data:image/png;base64,iVBORw0KGgo=)", "<p>foto</p>"),
        ("![foto](https://tracciatore.example/pixel.gif)", "<p>foto</p>"),
        ("![foto](javascript:alert(1))", "<p>foto</p>"),
        ("prima ![foto](immagine:999999) dopo", "<p>prima foto dopo</p>"),
        # A title cannot break out of its attribute.
        (
            '[x](https://esempio.it "t\\" onmouseover=\\"alert(1)")',
            '<p><a href="https://esempio.it" rel="noopener noreferrer nofollow" '
            'title="t\\&quot; onmouseover=\\&quot;alert(1)">x</a></p>',
        ),
        # Code stays code.
        ("`<script>`", "<p><code>&lt;script&gt;</code></p>"),
        ("    <script>x()</script>", "<pre><code>&lt;script&gt;x()&lt;/script&gt;\n</code></pre>"),
    ],
)
@pytest.mark.django_db
def test_hostile_markdown_is_neutralised(source, expected):
    assert render_markdown(source) == expected


@pytest.mark.django_db
def test_ordinary_markdown_keeps_its_structure():
    source = (
        "# Titolo\n\n## Sezione\n\nTesto **forte** e _enfasi_.\n\n"
        "- uno\n- due\n\n> citazione\n\n---\n\n1. tre\n2. quattro"
    )
    assert render_markdown(source) == (
        "<h2>Titolo</h2>\n<h3>Sezione</h3>\n<p>Testo <strong>forte</strong> e <em>enfasi</em>.</p>\n"
        "<ul>\n<li>uno</li>\n<li>due</li>\n</ul>\n<blockquote>\n<p>citazione</p>\n</blockquote>\n"
        "<hr>\n<ol>\n<li>tre</li>\n<li>quattro</li>\n</ol>"
    )


@pytest.mark.django_db
def test_external_links_get_noopener_nofollow_and_ours_do_not(settings):
    settings.SITE_URL = "https://manifatture.example"
    source = (
        "[fuori](https://altro.example/pagina) [dentro](/notizie/) "
        "[noi](https://manifatture.example/bandi/) <https://altro.example/a> [posta](mailto:a@b.it)"
    )
    assert render_markdown(source) == (
        '<p><a href="https://altro.example/pagina" rel="noopener noreferrer nofollow">fuori</a> '
        '<a href="/notizie/">dentro</a> '
        '<a href="https://manifatture.example/bandi/">noi</a> '
        '<a href="https://altro.example/a" rel="noopener noreferrer nofollow">https://altro.example/a</a> '
        '<a href="mailto:a@b.it">posta</a></p>'
    )


@pytest.fixture
def picture():
    return NewsImage.objects.create(
        file=ContentFile(make_image_bytes(), name="forno.jpg"),
        width=64,
        height=48,
        alt_it="Il forno della vetreria",
        alt_en="The glassworks' furnace",
    )


@pytest.mark.django_db
def test_our_pictures_are_resolved_with_size_and_alt(picture):
    url = picture.file.url
    assert render_markdown(f"![Il forno acceso](immagine:{picture.pk})") == (
        f'<p><img alt="Il forno acceso" height="48" src="{url}" width="64"></p>'
    )
    # Without alt text the picture's own description is used.
    assert render_markdown(f"![](immagine:{picture.pk})") == (
        f'<p><img alt="Il forno della vetreria" height="48" src="{url}" width="64"></p>'
    )


@pytest.mark.django_db
def test_absolute_mode_for_emails(settings, picture):
    settings.SITE_URL = "https://manifatture.example/"
    url = picture.file.url
    assert url.startswith("/")
    html = render_markdown(f"[Bandi](/bandi/) ![forno](immagine:{picture.pk})", absolute=True)
    assert html == (
        '<p><a href="https://manifatture.example/bandi/">Bandi</a> '
        f'<img alt="forno" height="48" src="https://manifatture.example{url}" width="64"></p>'
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<script>alert(1)</script>ok", "ok"),
        ("<style>body{display:none}</style>ok", "ok"),
        ('<p onclick="x()" onmouseover="y()">testo</p>', "<p>testo</p>"),
        ('<p style="color:red" class="x" id="y">testo</p>', "<p>testo</p>"),
        ('<iframe src="https://malevolo.example"></iframe>ok', "ok"),
        ('<object data="x.swf"></object><embed src="x.swf">ok', "ok"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
        (
            '<a href="https://esempio.it" rel="opener" target="_blank">x</a>',
            '<a href="https://esempio.it">x</a>',
        ),
        (
            '<a href="https://esempio.it" rel="noopener noreferrer nofollow">x</a>',
            '<a href="https://esempio.it" rel="noopener noreferrer nofollow">x</a>',
        ),
        ('<img src="data:image/png;base64,AAAA" onerror="alert(1)">', "<img>"),
        ('<img src="https://tracciatore.example/p.gif">', "<img>"),
        ('<img src="//tracciatore.example/p.gif">', "<img>"),
        (
            '<img src="/media/news/images/a.jpg" alt="a">',
            '<img src="/media/news/images/a.jpg" alt="a">',
        ),
        ("<svg><script>alert(1)</script></svg>ok", "ok"),
        ('<form action="/x"><input name="p"></form>ok', "ok"),
        ("<h1>grande</h1><table><tr><td>c</td></tr></table>", "grandec"),
    ],
)
def test_sanitiser_allow_list(html, expected):
    assert sanitise_html(html) == expected
