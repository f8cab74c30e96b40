"""The start of a chat: what to write, example briefs to press, and campaigns to continue (plain data)."""

from __future__ import annotations

from agent.conversation.starters import STARTERS
from agent.conversation.views import CampaignSummary
from ui.web.cards import Button, Card
from ui.web.workspace import Status

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
    parts = []
    if unfinished:
        continues = [
            Button(
                label=continue_label(c),
                payload={"campaign_id": c.campaign_id},
                tooltip=c.brief,
                icon="play",
                action="continue",
            )
            for c in unfinished[:CONTINUE_MAX]
        ]
        parts.append(Card(text="Or continue where you left off:", buttons=continues))
    return Card(text="\n\n".join(lines), buttons=buttons, parts=parts)


def unfinished(summaries: list[CampaignSummary]) -> list[CampaignSummary]:
    """Campaigns worth continuing: not delivered, not cancelled."""
    return [c for c in summaries if c.status not in ("delivered", "cancelled")]
