"""Named colours and palette moves: 'warmer' moves hues toward orange, 'darker' lowers value, and so on.

A move changes each swatch to the nearest named colour that goes the asked way, so a revised palette
keeps its character (an autumn palette made warmer is still autumn) and always changes something.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable
from typing import NamedTuple

from tools.local.palettes import PALETTES

WARM_HUE = 30.0
"""Degrees: orange, the centre of the warm side of the wheel (red 0, yellow 60)."""
NEUTRAL_SATURATION = 0.12
"""Below this saturation a colour reads as a neutral (white, grey, black) and has no hue to move."""

_EXTRA = """
blush #f4c2c2; rose quartz #f7cac9; dusty rose #c08081; salmon #fa8072; watermelon #fc6c85; tomato red #e63946;
cherry #d2042d; crimson #b3001b; brick #a4402f; cranberry #9f1d35; burgundy #800020; wine #722f37;
oxblood #4a0404; maroon #5c1a1b; sunset orange #fd5e53; persimmon #ec5800; burnt orange #cc5500; rust #b7410e;
pumpkin #ff7518; tangerine #f28500; peach #ffcba4; mango #ffa62b; copper #b87333; cinnamon #9c5221;
chestnut #8b4a2b; caramel #c27c2c; cocoa #5c3a21; espresso #3b2418; mahogany #6b2e1f; camel #c19a6b;
tan #d2b48c; sand #d8c3a5; oat #e8dcc4; cream #fff1d6; honey #eba937; saffron #f4c430; mustard #e1ad01;
ochre #cc7722; gold #d4af37; brass #b5a642; lemon #fff44f; buttercream #fff3b0; bronze #cd7f32; olive #708238;
chartreuse #c7ea46; pistachio #93c572; moss #8a9a5b; fern #4f7942; forest green #2d5a27; emerald #1f9e6e;
spruce #2c4a3e; mint #98e2c6; seafoam #9fe2bf; jade #00a86b; turquoise #40e0d0; aqua #7fdbff; petrol #005f6a;
deep teal #0b4f4a; glacier #a9d6e5; ice blue #d6eaf8; electric blue #2979ff; cornflower #6495ed; denim #1560bd;
powder blue #b0d0e8; steel blue #4682b4; periwinkle #c3c8f5; lavender #b8a9e0; lilac #c8a2c8; violet #7f4fc9;
grape #5d2e8c; plum #673147; aubergine #3b1f2b; orchid #da70d6; mauve #b784a7; magenta #e0218a;
flamingo #fc8eac; raspberry #c21e56; fuchsia #d1007a; candy pink #ffa6c9; taupe #8b7d6b; greige #b7aa98;
warm grey #a39e93; cool grey #8d99ae; smoke #737373; porcelain #f4f1ec; frost #eef4f8
"""


def _library() -> dict[str, str]:
    colours = {swatch.name: swatch.hex for palette in PALETTES.values() for swatch in palette}
    for item in _EXTRA.replace("\n", " ").split(";"):
        name, _, hex_value = item.strip().rpartition(" ")
        if name:
            colours.setdefault(name, hex_value)
    return colours


COLOURS: dict[str, str] = _library()
"""Every colour the planner can name, name → '#rrggbb'."""
SEASON_PALETTES: dict[str, tuple[str, ...]] = {
    "autumn": ("burnt orange", "mustard", "olive", "cocoa"),
    "winter": ("ice blue", "slate", "pine", "cranberry"),
    "spring": ("blush", "pistachio", "lilac", "buttercream"),
    "summer": ("tangerine", "turquoise", "lemon", "coral"),
    "festive": ("cranberry", "pine", "gold", "cream"),
}
HUES: dict[str, float] = {
    "red": 0,
    "orange": 30,
    "yellow": 55,
    "gold": 45,
    "green": 120,
    "teal": 175,
    "blue": 215,
    "purple": 275,
    "pink": 330,
}
"""Colour words a redirect can ask for more of ('more blue', 'greener'), by hue in degrees."""


class HSV(NamedTuple):
    """Hue in degrees, saturation and value in 0–1."""

    h: float
    s: float
    v: float


def hsv(hex_value: str) -> HSV:
    """'#rrggbb' → HSV."""
    value = hex_value.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    return HSV(h * 360, s, v)


def hue_distance(a: float, b: float) -> float:
    """Degrees between two hues, the short way round (0–180)."""
    d = abs(a - b) % 360
    return min(d, 360 - d)


def warmth(hex_value: str) -> float:
    """-1 (blue) … 1 (orange); neutrals are 0."""
    colour = hsv(hex_value)
    if colour.s < NEUTRAL_SATURATION:
        return 0.0
    return math.cos(math.radians(hue_distance(colour.h, WARM_HUE)))


def mean_warmth(names: list[str]) -> float:
    """The palette's warmth: how close its hues sit to orange on average."""
    return sum(warmth(COLOURS[n]) for n in names) / len(names) if names else 0.0


def luminance(hex_value: str) -> float:
    """Perceived brightness 0–1 (Rec. 709 weights)."""
    value = hex_value.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _distance(a: str, b: str) -> float:
    """How different two colours look (the 'redmean' weighted RGB distance)."""
    ra, ga, ba = (int(a.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    rb, gb, bb = (int(b.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    mean = (ra + rb) / 2
    return math.sqrt((2 + mean / 256) * (ra - rb) ** 2 + 4 * (ga - gb) ** 2 + (2 + (255 - mean) / 256) * (ba - bb) ** 2)


def _hex(colour: HSV) -> str:
    r, g, b = colorsys.hsv_to_rgb((colour.h % 360) / 360, min(1.0, max(0.0, colour.s)), min(1.0, max(0.0, colour.v)))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (r, g, b)))


def _keeps_hue(old: HSV, new: HSV, *, may_grey: bool) -> bool:
    """A saturation or value move keeps the hue; only a muting move may turn a colour grey."""
    if old.s < NEUTRAL_SATURATION:
        return True
    if new.s < NEUTRAL_SATURATION:
        return may_grey
    return hue_distance(old.h, new.h) <= 22


def _mix(a: str, b: str, t: float) -> str:
    """``a`` mixed with ``t`` of ``b`` in RGB."""
    ca, cb = (tuple(int(x.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)) for x in (a, b))
    t = min(1.0, t)
    return "#{:02x}{:02x}{:02x}".format(*(round(p + (q - p) * t) for p, q in zip(ca, cb, strict=True)))


class Move(NamedTuple):
    """One palette move: where each colour should go, and whether a candidate went the asked way."""

    target: Callable[[str, float], str]
    better: Callable[[str, str], bool]
    keep: str = "hue"
    """'hue' (same hue family), 'hue or grey' (muting may grey a colour out) or 'any' (a hue move)."""


def _adjusted(change: Callable[[HSV, float], HSV]) -> Callable[[str, float], str]:
    return lambda hex_value, k: _hex(change(hsv(hex_value), k))


def _toward_colour(anchor: str, *, warmer: bool | None = None, hue: float | None = None) -> Move:
    """Mix each colour toward ``anchor``; it must get warmer/cooler or nearer ``hue``."""

    def better(old: str, new: str) -> bool:
        o, n = hsv(old), hsv(new)
        if warmer is not None:
            gain = warmth(new) - warmth(old)
            return gain > 0.02 if warmer else gain < -0.02
        assert hue is not None
        if n.s < NEUTRAL_SATURATION:
            return False
        return o.s < NEUTRAL_SATURATION or hue_distance(n.h, hue) < hue_distance(o.h, hue) - 6

    return Move(lambda hex_value, k: _mix(hex_value, anchor, 0.35 * k), better, keep="any")


MOVES: dict[str, Move] = {
    "warmer": _toward_colour("#ff8a1f", warmer=True),
    "cooler": _toward_colour("#2f7fc1", warmer=False),
    "darker": Move(
        _adjusted(lambda c, k: HSV(c.h, min(1.0, c.s * 1.05), c.v * (1 - 0.35 * k))),
        lambda o, n: luminance(n) < luminance(o) - 0.04,
    ),
    "brighter": Move(
        _adjusted(lambda c, k: HSV(c.h, c.s * (1 - 0.1 * k), c.v + (1 - c.v) * 0.5 * k)),
        lambda o, n: luminance(n) > luminance(o) + 0.04,
    ),
    "vivid": Move(
        _adjusted(lambda c, k: HSV(c.h, c.s + (1 - c.s) * 0.5 * k, c.v + (1 - c.v) * 0.3 * k)),
        lambda o, n: hsv(o).s >= NEUTRAL_SATURATION and hsv(n).s > hsv(o).s + 0.06,
    ),
    "muted": Move(
        _adjusted(lambda c, k: HSV(c.h, c.s * (1 - 0.4 * k), min(1.0, c.v * 0.95 + 0.05))),
        lambda o, n: hsv(n).s < hsv(o).s - 0.06,
        keep="hue or grey",
    ),
    "deeper": Move(
        _adjusted(lambda c, k: HSV(c.h, c.s + (1 - c.s) * 0.2 * k, c.v * (1 - 0.3 * k))),
        lambda o, n: luminance(n) < luminance(o) - 0.04 and hsv(n).s >= hsv(o).s - 0.1,
    ),
    "neutral": Move(
        _adjusted(lambda c, k: HSV(c.h, c.s * (1 - 0.7 * k), c.v)),
        lambda o, n: hsv(n).s < max(NEUTRAL_SATURATION, hsv(o).s * 0.6),
        keep="hue or grey",
    ),
    "accent": Move(
        _adjusted(lambda c, k: HSV(c.h, 0.8, c.v)),
        lambda o, n: hsv(o).s < NEUTRAL_SATURATION and hsv(n).s >= 0.5 and abs(luminance(n) - luminance(o)) < 0.25,
        keep="any",
    ),
    **{f"more {word}": _toward_colour(_hex(HSV(hue, 0.8, 0.85)), hue=hue) for word, hue in HUES.items()},
}
"""Palette moves by name."""
OPPOSITES = {
    "warmer": "cooler",
    "cooler": "warmer",
    "darker": "brighter",
    "brighter": "darker",
    "vivid": "muted",
    "muted": "vivid",
    "deeper": "brighter",
    "neutral": "vivid",
}


def _step(names: list[str], move: Move, strength: float) -> list[str]:
    """Each colour to the nearest named colour that goes the move's way (or kept when none does)."""
    out: list[str] = []
    for index, name in enumerate(names):
        old = COLOURS[name]
        goal = move.target(old, strength)
        taken = set(out) | set(names[index + 1 :])
        candidates = [
            candidate
            for candidate, value in COLOURS.items()
            if candidate not in taken
            and move.better(old, value)
            and (move.keep == "any" or _keeps_hue(hsv(old), hsv(value), may_grey=move.keep == "hue or grey"))
        ]
        out.append(min(candidates, key=lambda c: _distance(COLOURS[c], goal)) if candidates else name)
    return out


FALLBACKS: dict[str, tuple[str, ...]] = {
    "vivid": ("accent", "brighter"),
    "muted": ("neutral",),
    "darker": ("deeper",),
    "deeper": ("darker",),
}
"""What a move does when no colour can go its way (a fully saturated palette made 'bolder' gains accents)."""


def shift(names: list[str], move_name: str) -> list[str]:
    """The palette after one move; at least one swatch changes whenever any named colour goes that way."""
    for name in (move_name, *FALLBACKS.get(move_name, ())):
        moved = _step(names, MOVES[name], 1.0)
        if moved != names:
            return moved
    return names


def hexes(names: list[str]) -> list[str]:
    """'#rrggbb' for each named colour."""
    return [COLOURS[n] for n in names]
