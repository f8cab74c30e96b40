"""The start of a chat: what to write, example briefs to press, and campaigns to continue (plain data)."""

from __future__ import annotations

from pydantic import BaseModel

from agent.conversation.views import CampaignSummary
from ui.web.cards import Button, Card
from ui.web.workspace import Status


class Starter(BaseModel):
    """An example brief offered as a button; pressing it starts that campaign."""

    label: str
    brief: str


STARTERS = [
    Starter(
        label="Oat-milk latte · TikTok 8 s",
        brief="8 s TikTok for our oat-milk latte, cosy autumn mood, warm café light, for students, budget $20",
    ),
    Starter(
        label="Trail shoe · square 6 s",
        brief="6 s square feed teaser for our trail shoe, energetic, for hikers, budget $20",
    ),
    Starter(
        label="Solar lantern · Reels 10 s",
        brief="10 s Instagram Reels spot for Lumen, a solar camping lantern, calm evening by a lake, budget $15",
    ),
    Starter(
        label="Cold brew · YouTube 12 s",
        brief="12 s YouTube video for Northwind's new cold brew, bright morning mood, for commuters, budget $25",
    ),
]
CONTINUE_MAX = 5


def continue_label(summary: CampaignSummary) -> str:
    """'Continue “Trail Ready” · at the keyframes' (or its status when it waits at no checkpoint)."""
    where = f"at the {summary.stage.value}" if summary.stage is not None else summary.status
    return f"Continue “{summary.title}” · {where}"


def welcome_card(status: Status, unfinished: list[CampaignSummary]) -> Card:
    """The welcome: how to brief, what is configured, the example briefs, and campaigns to continue."""
    lines = [
        "**Describe your campaign**: product, audience, platforms, length, tone and budget. "
        "Drop reference images (PNG, JPEG, WebP) into the message if you have them.",
        f"Planner: {status.planner}. Providers: {status.providers_line()}.",
        "Or start from an example brief:",
    ]
    buttons = [
        Button(label=s.label, payload={"brief": s.brief}, tooltip=s.brief, icon="sparkles", action="starter")
        for s in STARTERS
    ]
    if unfinished:
        lines.append("Or continue where you left off:")
        buttons += [
            Button(
                label=continue_label(c),
                payload={"campaign_id": c.campaign_id},
                tooltip=c.brief,
                icon="play",
                action="continue",
            )
            for c in unfinished[:CONTINUE_MAX]
        ]
    return Card(text="\n\n".join(lines), buttons=buttons)


def unfinished(summaries: list[CampaignSummary]) -> list[CampaignSummary]:
    """Campaigns worth continuing: not delivered, not cancelled."""
    return [c for c in summaries if c.status not in ("delivered", "cancelled")]
