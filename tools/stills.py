"""Still-image deliverables: each platform's size, file-size limit, formats and safe zone (``stills.json``).

The video presets live in :mod:`tools.platforms`; stills are their own table because what limits them is
different (kilobytes and image formats, not frame rates and lengths).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from tools.platforms import SafeZone

STILLS_PATH = Path(__file__).with_name("stills.json")
ImageFormat = Literal["jpeg", "png", "webp"]


class StillPreset(BaseModel, frozen=True):
    """One still deliverable with the limits its platform publishes."""

    id: str
    label: str
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    max_kb: int = Field(gt=0)
    """The platform's file-size limit in KiB (display ads: 150)."""
    formats: tuple[ImageFormat, ...]
    """Accepted formats, the preferred one first."""
    safe: SafeZone
    source: str
    """Where the size and limit were published."""

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width / self.height


class StillTable(BaseModel):
    """The presets file: where its figures come from, when, and the presets."""

    source: str
    as_of: str
    presets: list[StillPreset]


def load_stills(path: Path = STILLS_PATH) -> dict[str, StillPreset]:
    """Still presets by id."""
    table = StillTable.model_validate(json.loads(path.read_text()))
    return {p.id: p for p in table.presets}


STILLS: dict[str, StillPreset] = load_stills()

STILL_ALIASES: dict[str, str] = {
    "instagram feed image": "instagram_feed_portrait",
    "instagram post": "instagram_feed_portrait",
    "instagram square": "instagram_feed_square",
    "square post": "instagram_feed_square",
    "instagram story": "instagram_story",
    "story image": "instagram_story",
    "linkedin image ad": "linkedin_image_ad",
    "linkedin ad": "linkedin_image_ad",
    "facebook post": "facebook_feed",
    "facebook feed image": "facebook_feed",
    "x image": "x_image",
    "twitter image": "x_image",
    "tweet image": "x_image",
    "youtube thumbnail": "youtube_thumbnail",
    "thumbnail": "youtube_thumbnail",
    "pinterest pin": "pinterest_pin",
    "pin": "pinterest_pin",
    "medium rectangle": "display_300x250",
    "leaderboard": "display_728x90",
    "skyscraper": "display_160x600",
    "half page": "display_300x600",
    "billboard": "display_970x250",
    **{f"{p.width}x{p.height}": p.id for p in STILLS.values() if p.id.startswith("display_")},
    **{f"{p.width}×{p.height}": p.id for p in STILLS.values() if p.id.startswith("display_")},
}
"""What marketers call each still ('a LinkedIn image ad', 'a 300x250'), longest match first when read."""


def stills_named(text: str) -> list[str]:
    """Every still preset a phrase names, in the order it names them (longer names win over their parts)."""
    lowered, found = text.lower(), []
    taken = [False] * len(lowered)
    for name in sorted(STILL_ALIASES, key=len, reverse=True):
        start = lowered.find(name)
        while start >= 0:
            span = range(start, start + len(name))
            if not any(taken[i] for i in span):
                found.append((start, STILL_ALIASES[name]))
                for i in span:
                    taken[i] = True
            start = lowered.find(name, start + 1)
    return list(dict.fromkeys(preset for _, preset in sorted(found)))


def still_named(text: str) -> str | None:
    """The first still preset a phrase names, or None."""
    named = stills_named(text)
    return named[0] if named else None
