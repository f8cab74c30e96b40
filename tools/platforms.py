"""Delivery formats per platform, and the names marketers use for them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

PRESETS_PATH = Path(__file__).with_name("presets.json")


class Format(BaseModel, frozen=True):
    """A frame format: aspect ratio and pixel size."""

    aspect_ratio: str
    width: int
    height: int


VERTICAL = Format(aspect_ratio="9:16", width=1080, height=1920)
WIDE = Format(aspect_ratio="16:9", width=1920, height=1080)
SQUARE = Format(aspect_ratio="1:1", width=1080, height=1080)
PORTRAIT = Format(aspect_ratio="4:5", width=1080, height=1350)


class SafeZone(BaseModel, frozen=True):
    """Fractions of the frame covered by the app's own interface, per edge."""

    top: float
    bottom: float
    left: float
    right: float


class Platform(BaseModel, frozen=True):
    """A delivery target with its limits (presets live in ``presets.json``)."""

    id: str
    label: str
    format: Format
    fps: int = 30
    min_s: float = 1
    max_s: float = 600
    max_mb: float = 1024
    safe: SafeZone = SafeZone(top=0.05, bottom=0.08, left=0.05, right=0.05)


def _ratio(width: int, height: int) -> str:
    from math import gcd

    d = gcd(width, height)
    return f"{width // d}:{height // d}"


def load_presets(path: Path = PRESETS_PATH) -> dict[str, Platform]:
    """Platform presets from the data file."""
    data = json.loads(path.read_text())
    return {
        p["id"]: Platform(
            id=p["id"],
            label=p["label"],
            fps=p["fps"],
            min_s=p["min_s"],
            max_s=p["max_s"],
            max_mb=p["max_mb"],
            safe=SafeZone(**p["safe"]),
            format=Format(aspect_ratio=_ratio(p["width"], p["height"]), width=p["width"], height=p["height"]),
        )
        for p in data["presets"]
    }


PLATFORMS: dict[str, Platform] = load_presets()

ALIASES: dict[str, str] = {
    "tiktok": "tiktok",
    "tik tok": "tiktok",
    "reels": "reels",
    "reel": "reels",
    "instagram reels": "reels",
    "instagram": "reels",
    "ig": "reels",
    "shorts": "shorts",
    "youtube shorts": "shorts",
    "youtube": "youtube",
    "yt": "youtube",
    "linkedin": "linkedin",
    "linkedin square": "linkedin_square",
    "linkedin_square": "linkedin_square",
    "x": "x",
    "twitter": "x",
    "feed": "feed_square",
    "square": "feed_square",
    "feed_square": "feed_square",
    "instagram feed": "feed_portrait",
    "feed_portrait": "feed_portrait",
    "portrait feed": "feed_portrait",
    "4:5": "feed_portrait",
    "1:1": "feed_square",
    "website": "website",
    "web site": "website",
    "web video": "website",
    "homepage": "website",
    "landing page": "website",
}


class UnknownPlatformError(ValueError):
    """A platform name we do not deliver to."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"unknown platform {name!r}; use one of: {', '.join(PLATFORMS)} "
            f"(also understood: {', '.join(sorted(a for a in ALIASES if a not in PLATFORMS))})"
        )
        self.name = name


def resolve_platform(name: str) -> Platform:
    """Map a user's platform name (any case, alias) to a platform; raise on unknown names."""
    key = " ".join(name.lower().replace("-", " ").split())
    platform_id = ALIASES.get(key) or ALIASES.get(key.replace(" ", "_"))
    if platform_id is None:
        raise UnknownPlatformError(name)
    return PLATFORMS[platform_id]


def resolve_platforms(names: Iterable[str]) -> list[str]:
    """Platform ids for the names, each once, in the order first named; raise on unknown names."""
    return list(dict.fromkeys(resolve_platform(name).id for name in names))
