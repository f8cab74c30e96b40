"""Briefs a new marketer can start from: the demo's, and the starters the chat welcome offers."""

from __future__ import annotations

from pydantic import BaseModel

DEMO_BRIEF = (
    "20 s teaser for our trail shoe, TikTok and YouTube, energetic, for runners and hikers, "
    "budget $20. No logos of other brands."
)


class Starter(BaseModel):
    """A starter brief with a short label for its button."""

    label: str
    brief: str


STARTERS = [
    Starter(label="Trail shoe teaser", brief=DEMO_BRIEF),
    Starter(
        label="Cosy latte TikTok",
        brief="8 s TikTok for our oat-milk latte, cosy autumn mood, warm morning light, budget $10",
    ),
    Starter(
        label="Lantern launch, square feed",
        brief="15 s square feed post for Lumen, a solar camping lantern, calm night-time mood, for campers",
    ),
    Starter(
        label="Cold brew on LinkedIn",
        brief="30 s LinkedIn video for Northwind's new cold brew, premium and confident, for office teams",
    ),
]
