"""Template conventions: Bootstrap Italia's `.card:after` keeps 48 px under every card for a "read
more" link at its foot; our cards have none, so each says `no-after` (else a
blank band closes every card: the home page's routes, the calls, the ticket)."""

import re
from pathlib import Path

from django.conf import settings

CLASSES = re.compile(r'class="([^"]*)"')


def test_every_card_without_a_read_more_link_drops_the_space_kept_for_it():
    root = Path(settings.BASE_DIR)
    bare = []
    for template in [*root.glob("templates/**/*.html"), *root.glob("manifatture/**/*.html")]:
        text = template.read_text()
        if "read-more" in text:
            continue
        for match in CLASSES.finditer(text):
            classes = match[1].split()
            if "card" in classes and "no-after" not in classes:
                bare.append(f"{template.relative_to(root)}: {match[0]}")
    assert bare == []


BREADCRUMB_TO_AREA = re.compile(
    r"<li class=\"breadcrumb-item\"><a href=\"\{% url 'accounts:dashboard' %\}\">"
    r"\{% translate \"([^\"]+)\" %\}"
)


def test_every_breadcrumb_names_the_personal_area_alike():
    # It was «La vostra area», «La mia area» and «Area personale» by page.
    root = Path(settings.BASE_DIR)
    names = {
        name
        for template in [*root.glob("templates/**/*.html"), *root.glob("manifatture/**/*.html")]
        for name in BREADCRUMB_TO_AREA.findall(template.read_text())
    }
    assert names == {"La vostra area"}
