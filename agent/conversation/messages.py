"""What a turn hands back to a front end: a list of typed messages to render, in order."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, Field

from agent.conversation.views import CheckpointView, DeliveredView, KeyframesView, Press
from agent.state import ReferenceImage

if TYPE_CHECKING:
    from memory.store import Recall


class StartOptions(BaseModel):
    """What a new campaign takes besides the brief (CLI flags, the chat's settings panel)."""

    platforms: list[str] | None = None
    duration_s: float | None = None
    budget_usd: float | None = None
    brand: str | None = None


class Turn(BaseModel):
    """One thing the marketer did: typed text, pressed an option, or attached references."""

    text: str = ""
    press: Press | None = None
    references: list[ReferenceImage] = Field(default_factory=list)
    start: StartOptions = Field(default_factory=StartOptions)


class Said(BaseModel):
    """Plain words from the assistant."""

    kind: Literal["said"] = "said"
    text: str
    tone: Literal["info", "done", "question", "refused", "stopped"] = "info"


class Shown(BaseModel):
    """A checkpoint to judge."""

    kind: Literal["checkpoint"] = "checkpoint"
    view: CheckpointView


class PickSaved(BaseModel):
    """A pick was saved; the keyframes card with the new selection, and what is still to pick."""

    kind: Literal["pick"] = "pick"
    scene: int
    variation: int
    keyframes: KeyframesView


class Delivered(BaseModel):
    """A delivered campaign."""

    kind: Literal["delivered"] = "delivered"
    view: DeliveredView


class RecallItem(BaseModel):
    """A remembered combination."""

    similarity: float
    model_id: str
    seed: int | None
    guidance: float | None
    approvals: int
    rejections: int
    description: str
    campaign: str
    thumbnail: Path | None = None


class Recalled(BaseModel):
    """What the memory holds for a query."""

    kind: Literal["recalls"] = "recalls"
    query: str
    items: list[RecallItem]

    @classmethod
    def of(cls, query: str, found: list[Recall]) -> Recalled:
        """The view of a memory search's results."""
        items = [
            RecallItem(
                similarity=r.similarity,
                model_id=r.record.model_id,
                seed=r.record.seed,
                guidance=r.record.guidance,
                approvals=r.record.approvals,
                rejections=r.record.rejections,
                description=r.record.description,
                campaign=r.record.campaign_title or r.record.campaign_id,
                thumbnail=r.record.thumbnail or None,
            )
            for r in found
        ]
        return cls(query=query, items=items)


class CopyWritten(BaseModel):
    """Post copy written and saved with the deliverables."""

    kind: Literal["copy"] = "copy"
    platform: str
    label: str
    text: str
    """Markdown, ready to show."""
    files: list[Path]
    writer: str


class VoiceCandidate(BaseModel):
    """One voice offered for the campaign, numbered as the marketer can name it ('the second one')."""

    number: int
    voice_id: str
    name: str
    traits: str
    """'female · british · warm, bright'."""
    matched: list[str]
    """What it answers of the request ('female', 'warm (soft)')."""
    local: bool


class VoiceOffer(BaseModel):
    """Voices for the campaign's speech route, best first, with the previewed one to listen to."""

    kind: Literal["voices"] = "voices"
    campaign_id: str
    route: str
    """The speech route the voiceovers run on (``local`` espeak-ng, or a provider)."""
    asked: str
    candidates: list[VoiceCandidate]
    previewed: int
    """The candidate number the preview speaks."""
    preview: Path
    """The campaign's first voiceover line in that voice (audio)."""
    line: str
    cost_usd: float
    """What the preview cost (charged to the campaign; $0 locally)."""
    missing: list[str] = Field(default_factory=list)
    """Traits asked for that no voice of the route has."""
    question: str


Message = Annotated[
    Said | Shown | PickSaved | Delivered | Recalled | CopyWritten | VoiceOffer, Field(discriminator="kind")
]


class TurnResult(BaseModel):
    """Where the conversation stands after a turn, and what to show."""

    campaign_id: str | None = None
    status: str | None = None
    messages: list[Message] = Field(default_factory=list)

    def said(self, text: str, tone: Literal["info", "done", "question", "refused", "stopped"] = "info") -> None:
        """Add plain words."""
        self.messages.append(Said(text=text, tone=tone))

    @property
    def checkpoint(self) -> CheckpointView | None:
        """The last checkpoint shown, if the campaign waits at one."""
        shown = [m.view for m in self.messages if isinstance(m, Shown)]
        return shown[-1] if shown and self.status == "waiting" else None
