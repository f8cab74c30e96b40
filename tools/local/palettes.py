"""Mood → palette table shared by the planner (names) and the local renderer (colours)."""

from __future__ import annotations

from typing import NamedTuple


class Swatch(NamedTuple):
    """A named colour."""

    name: str
    hex: str


PALETTES: dict[str, tuple[Swatch, ...]] = {
    "energetic": (
        Swatch("ember orange", "#ff5a1f"),
        Swatch("sunflower", "#ffd23f"),
        Swatch("deep navy", "#1b1b3a"),
        Swatch("hot pink", "#ee4266"),
    ),
    "calm": (
        Swatch("sea glass", "#a8dadc"),
        Swatch("harbour blue", "#457b9d"),
        Swatch("mist white", "#f1faee"),
        Swatch("ink blue", "#1d3557"),
    ),
    "luxurious": (
        Swatch("onyx", "#0b0b0b"),
        Swatch("antique gold", "#c9a227"),
        Swatch("graphite", "#3d3d3d"),
        Swatch("ivory", "#f5f0e1"),
    ),
    "playful": (
        Swatch("bubblegum", "#ff70a6"),
        Swatch("sky", "#70d6ff"),
        Swatch("butter", "#ffd670"),
        Swatch("lime", "#c5f270"),
    ),
    "dramatic": (
        Swatch("midnight", "#0d1b2a"),
        Swatch("storm blue", "#1b263b"),
        Swatch("slate", "#415a77"),
        Swatch("moonlight", "#e0e1dd"),
    ),
    "warm": (
        Swatch("apricot", "#f4a261"),
        Swatch("terracotta", "#e76f51"),
        Swatch("teal", "#2a9d8f"),
        Swatch("pine", "#264653"),
    ),
    "bold": (
        Swatch("black", "#000000"),
        Swatch("signal red", "#ff0054"),
        Swatch("amber", "#ffbd00"),
        Swatch("white", "#ffffff"),
    ),
    "minimal": (
        Swatch("paper", "#f5f5f5"),
        Swatch("concrete", "#d6d6d6"),
        Swatch("charcoal", "#222222"),
        Swatch("stone", "#9e9e9e"),
    ),
    "inspiring": (
        Swatch("marigold", "#f6bd60"),
        Swatch("linen", "#f7ede2"),
        Swatch("sage", "#84a59d"),
        Swatch("coral", "#f28482"),
    ),
    "trustworthy": (
        Swatch("navy", "#14213d"),
        Swatch("cobalt", "#2f6690"),
        Swatch("cloud", "#e5e5e5"),
        Swatch("sky blue", "#3a7ca5"),
    ),
}
DEFAULT_MOOD = "warm"


def palette_for(mood: str) -> tuple[Swatch, ...]:
    """Palette for a mood word, falling back to the default mood."""
    return PALETTES.get(mood, PALETTES[DEFAULT_MOOD])


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    """'#rrggbb' → (r, g, b)."""
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
