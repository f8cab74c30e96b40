"""The brand's end card: the logo centred on the kit's first colour, the tagline below in the kit's font.

Everything sits inside the centred square of the frame's short side, so a crop or a blurred fill to
another aspect keeps all of it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tools.brand import BrandKit
from tools.platforms import Format

END_CARD_S = 1.5
LOGO_SHARE = 0.4
"""The logo fits a box this share of the frame's short side."""
FALLBACK_FONT = Path(__file__).with_name("fonts") / "DejaVuSans-Bold.ttf"


def rgb(hex_value: str) -> tuple[int, int, int]:
    """'#rrggbb' → (r, g, b)."""
    value = hex_value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: tuple[int, int, int]) -> float:
    lin = [(c / 255) / 12.92 if c <= 10 else (((c / 255) + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colour(kit: BrandKit) -> tuple[int, int, int]:
    """A kit colour readable on the first one (≥ 4.5:1), else white or black."""
    ground = rgb(kit.colors[0])
    for option in [rgb(c) for c in kit.colors[1:]]:
        if contrast(option, ground) >= 4.5:
            return option
    white, black = (255, 255, 255), (0, 0, 0)
    return white if contrast(white, ground) >= contrast(black, ground) else black


def logo_on(kit: BrandKit, ground: tuple[int, int, int], box: int) -> Image.Image:
    """The logo flattened onto ``ground``, fitted into a ``box``-pixel square."""
    with Image.open(kit.logo.path) as opened:
        logo = opened.convert("RGBA")
    logo.thumbnail((box, box), Image.Resampling.LANCZOS)
    flat = Image.new("RGB", logo.size, ground)
    flat.paste(logo, mask=logo.getchannel("A"))
    return flat


def logo_box(fmt: Format) -> int:
    """The logo's box side in pixels at this frame."""
    return round(min(fmt.width, fmt.height) * LOGO_SHARE)


def end_card(kit: BrandKit, fmt: Format, out: Path) -> Path:
    """Draw the card at ``fmt`` into ``out`` (PNG)."""
    ground = rgb(kit.colors[0])
    card = Image.new("RGB", (fmt.width, fmt.height), ground)
    logo = logo_on(kit, ground, logo_box(fmt))
    short = min(fmt.width, fmt.height)
    top = (fmt.height - logo.height) // 2 - (short // 12 if kit.tagline else 0)
    card.paste(logo, ((fmt.width - logo.width) // 2, top))
    if kit.tagline:
        font = ImageFont.truetype(kit.font.path if kit.font else FALLBACK_FONT, max(12, short // 18))
        draw = ImageDraw.Draw(card)
        width = max(8, int(0.9 * short / max(1.0, font.getlength("n"))))
        y = top + logo.height + short // 20
        for line in textwrap.wrap(kit.tagline, width)[:2]:
            left, _, right, bottom = draw.textbbox((0, 0), line, font=font)
            draw.text(((fmt.width - (right - left)) // 2, y), line, font=font, fill=text_colour(kit))
            y += int(bottom) + short // 60
    out.parent.mkdir(parents=True, exist_ok=True)
    card.save(out, format="PNG")
    return out
