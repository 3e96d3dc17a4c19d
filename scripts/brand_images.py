"""Make the site's icon (static/img/favicon.ico) and the default picture for
links shared on social networks (static/img/og-default.png, 1200×630), in
Bootstrap Italia's blue with its Titillium Web font. Run again after a change:

    .venv/bin/python scripts/brand_images.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "node_modules" / "bootstrap-italia" / "dist" / "fonts" / "Titillium_Web"
BOLD = FONTS / "titillium-web-v10-latin-ext_latin-700.ttf"
REGULAR = FONTS / "titillium-web-v10-latin-ext_latin-regular.ttf"
BLUE, WHITE, LIGHT = "#0066cc", "#ffffff", "#cfe3f7"


def favicon(path: Path) -> None:
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=40, fill=BLUE)
    font = ImageFont.truetype(str(BOLD), 150)
    draw.text((size / 2, size / 2 + 6), "MA", font=font, fill=WHITE, anchor="mm")
    image.save(path, format="ICO", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])


def social_card(path: Path) -> None:
    width, height = 1200, 630
    image = Image.new("RGB", (width, height), BLUE)
    draw = ImageDraw.Draw(image)
    draw.text((80, 90), "Comune di Milano", font=ImageFont.truetype(str(REGULAR), 44), fill=LIGHT)
    draw.text((80, 200), "Manifatture Aperte", font=ImageFont.truetype(str(BOLD), 112), fill=WHITE)
    draw.text(
        (80, 360),
        "Fabbriche, laboratori e atelier aprono le porte",
        font=ImageFont.truetype(str(REGULAR), 48),
        fill=WHITE,
    )
    draw.text(
        (80, 500),
        "Manifattura Milano · la città che produce",
        font=ImageFont.truetype(str(REGULAR), 36),
        fill=LIGHT,
    )
    draw.rectangle((80, 470, 280, 476), fill=WHITE)
    image.save(path, format="PNG", optimize=True)


if __name__ == "__main__":
    target = ROOT / "static" / "img"
    target.mkdir(parents=True, exist_ok=True)
    favicon(target / "favicon.ico")
    social_card(target / "og-default.png")
