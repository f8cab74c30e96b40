"""Typed views of what a checkpoint shows: front ends render these, never the raw state.

Every view is plain data (pydantic), so the CLI, the chat app and a future API render the same facts:
the concept card, storyboard rows, keyframe groups with their pick state, takes, finals per platform,
the derivative offer, and the money line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from agent.domain import DecisionKind, Stage

PLATFORM_LABELS = {
    "tiktok": "TikTok 9:16",
    "reels": "Instagram Reels 9:16",
    "shorts": "YouTube Shorts 9:16",
    "youtube": "YouTube 16:9",
    "linkedin": "LinkedIn 16:9",
    "linkedin_square": "LinkedIn 1:1",
    "feed_square": "Instagram feed 1:1",
    "feed_portrait": "Instagram feed 4:5",
    "x": "X 16:9",
}
CAPABILITY_LABELS = {
    "text_to_image": "keyframes",
    "image_to_video": "motion",
    "text_to_speech": "voice",
    "text_to_music": "music",
    "text_to_sound": "sound",
    "upscale": "upscale",
    "video_edit": "edit",
    "background_removal": "matte",
}


def platform_label(platform: str) -> str:
    """'TikTok 9:16' for ``tiktok``; unknown ids as they are."""
    return PLATFORM_LABELS.get(platform, platform)


class Press(BaseModel):
    """What pressing an option sends back as a turn: the campaign and stage it answers, and the choice."""

    campaign_id: str
    stage: Stage | None = None
    """The checkpoint this option belongs to (None for options under a delivered campaign)."""
    kind: DecisionKind | Literal["version"]
    scene: int | None = None
    asset_id: str | None = None
    variation: int | None = None
    strategy: str | None = None
    platform: str | None = None


class Option(BaseModel):
    """One thing the marketer can do from a card: a button in chat, a numbered choice in the terminal."""

    label: str
    press: Press
    icon: str | None = None
    """A lucide icon name."""
    hint: str = ""
    selected: bool = False


class Money(BaseModel):
    """Spent, reserved and left from the ledger; the next step's estimate from the storyboard."""

    next_label: str | None = None
    next_estimate_usd: float | None = None
    plan_estimate_usd: float | None = None
    """The whole storyboard at the chosen models."""
    spent_usd: float = 0.0
    reserved_usd: float = 0.0
    budget_usd: float | None = None

    @property
    def left_usd(self) -> float | None:
        """Budget left after what is spent and reserved (None without a budget)."""
        return None if self.budget_usd is None else self.budget_usd - self.spent_usd - self.reserved_usd

    def line(self) -> str:
        """'Next: keyframes ≈ $0.40 · spent $0.00 · budget left $19.60 of $20'."""
        parts = []
        if self.next_label is not None and self.next_estimate_usd is not None:
            parts.append(f"Next: {self.next_label} ≈ ${self.next_estimate_usd:.2f}")
        parts.append(f"spent ${self.spent_usd:.2f}")
        if self.reserved_usd:
            parts.append(f"reserved ${self.reserved_usd:.2f}")
        left = self.left_usd
        parts.append("no budget set" if left is None else f"budget left ${left:.2f} of ${self.budget_usd:g}")
        return " · ".join(parts)


class Direction(BaseModel):
    """An alternative creative direction offered beside the concept."""

    number: int
    title: str
    logline: str


class Swatch(BaseModel):
    """A palette colour: its name and, where the studio knows it, its hex value."""

    name: str
    hex: str | None = None


class ConceptView(BaseModel):
    """The concept card."""

    kind: Literal["concept"] = "concept"
    title: str
    logline: str
    mood: str
    style: str
    palette: list[str]
    swatches: list[Swatch] = Field(default_factory=list)
    key_message: str
    revision: int
    alternatives: list[Direction] = Field(default_factory=list)
    changes: list[str] = Field(default_factory=list)
    """What this revision changed against the previous concept ('mood: calm → playful')."""
    planner: str = "offline"
    made_by: str = "offline planner"
    """Who wrote it and how the LLM's answer ended ('llm (qwen2.5), repaired'), for the card."""


class ModelCell(BaseModel):
    """Which model does one kind of work for a scene."""

    work: str
    """keyframes, motion, voice…"""
    model_id: str
    model_name: str
    local: bool
    """Runs on a local draft backend ($0), standing in for ``preferred``."""
    preferred: str | None = None
    """The provider model a configured key would run, when the scene falls back to local."""
    cost_usd: float
    reason: str
    offers: list[str] = Field(default_factory=list)
    """Priced request options the marketer can switch ('native audio: off · on +$0.80')."""


class MusicRow(BaseModel):
    """The music bed as planned: what is asked for, how long, and who makes it."""

    prompt: str
    mood: str
    tempo_bpm: int
    duration_s: float
    model: ModelCell
    sung: bool = False


class SceneRow(BaseModel):
    """One storyboard scene: what it shows and says, and how it will be made."""

    index: int
    purpose: str
    duration_s: float
    description: str
    on_screen_text: str
    voiceover: str
    shot: str
    camera: str
    lighting: str
    models: list[ModelCell]
    seed: int
    guidance: float
    cost_usd: float
    """At the preferred models (what a provider would charge)."""
    recalled: str | None = None
    """'recalled: FLUX.1 [schnell], seed 12345 — approved twice for …'."""
    sound: str = ""
    """The scene's sound effect or ambience ('' for none)."""


class StoryboardView(BaseModel):
    """The storyboard card."""

    kind: Literal["storyboard"] = "storyboard"
    duration_s: float
    aspect: str
    width: int
    height: int
    fps: int
    variations: int
    rows: list[SceneRow]
    estimated_cost_usd: float
    provider_cost_usd: float
    notes: list[str]
    made_by: str = "offline planner"
    """Who wrote it and how the LLM's answer ended ('llm (qwen2.5), partial'), for the card."""
    music: MusicRow | None = None
    """None: the cut plays without music."""


class Variation(BaseModel):
    """One keyframe variation of a scene."""

    number: int
    path: Path
    seed: int | None
    model_id: str
    selected: bool = False
    asset_id: str
    """Internal: carried by the pick option; never shown to the marketer."""


class KeyframeGroup(BaseModel):
    """A scene's variations and which one is picked so far."""

    scene: int
    description: str
    variations: list[Variation]

    @property
    def picked(self) -> int | None:
        """The selected variation's number."""
        return next((v.number for v in self.variations if v.selected), None)


class KeyframesView(BaseModel):
    """The keyframes card: a group per scene."""

    kind: Literal["keyframes"] = "keyframes"
    groups: list[KeyframeGroup]

    @property
    def unpicked(self) -> list[int]:
        """Scenes with no pick yet."""
        return [g.scene for g in self.groups if g.picked is None]


class Take(BaseModel):
    """A scene's clip with its voiceover."""

    scene: int
    description: str
    clip: Path
    voice: Path | None
    preview: Path | None = None
    """The clip with the voice muxed in, when one was made for previewing."""
    width: int | None
    height: int | None
    duration_s: float
    model_id: str
    model_name: str
    """The model that made this take."""
    local: bool
    chosen_name: str | None = None
    """The model the storyboard now names for the scene's motion, when it differs from the one that made
    the take (a switch at the takes checkpoint: the take is remade on it once approved or redirected)."""

    @property
    def vertical(self) -> bool:
        """Taller than wide: front ends play it in a vertical player."""
        return bool(self.width and self.height and self.height > self.width)


class AudioTake(BaseModel):
    """The music bed or a scene's sound, to listen to before approving."""

    label: str
    """'music bed · calm · 68 BPM' or 'scene 2 · sound: soft rain falling close by'."""
    path: Path
    duration_s: float
    model_name: str
    local: bool


class TakesView(BaseModel):
    """The takes card."""

    kind: Literal["takes"] = "takes"
    takes: list[Take]
    soundtrack: list[AudioTake] = Field(default_factory=list)


class PlatformFile(BaseModel):
    """A finished file for one platform."""

    platform: str
    label: str
    path: Path
    width: int | None
    height: int | None
    duration_s: float
    qa_passed: bool = True
    how: str = ""
    """For versions: how it was made (reframe, crop, fill, regenerate)."""

    @property
    def vertical(self) -> bool:
        """Taller than wide."""
        return bool(self.width and self.height and self.height > self.width)


class FinalView(BaseModel):
    """The final card: a file per platform."""

    kind: Literal["final"] = "final"
    files: list[PlatformFile]


class Strategy(BaseModel):
    """One way to make another version, priced."""

    strategy: str
    label: str
    what: str
    cost_usd: float
    suggested: bool = False


class DerivativeView(BaseModel):
    """The offer for another version."""

    kind: Literal["derivative"] = "derivative"
    platform: str
    label: str
    duration_s: float
    scenes: list[int]
    dropped: list[int]
    strategies: list[Strategy]


Body = ConceptView | StoryboardView | KeyframesView | TakesView | FinalView | DerivativeView


class CheckpointView(BaseModel):
    """Everything a checkpoint shows: its card, blocked scenes, money, the options and the question."""

    campaign_id: str
    title: str
    """The campaign's concept title (or its id before there is one)."""
    stage: Stage
    body: Body = Field(discriminator="kind")
    question: str
    blocked: list[str] = Field(default_factory=list)
    money: Money
    options: list[Option]


class DeliveredView(BaseModel):
    """A delivered campaign: its files, versions, the report and the bundle, and what can come next."""

    campaign_id: str
    title: str
    files: list[PlatformFile]
    report: Path | None = None
    bundle: Path | None = None
    copy_files: list[Path] = Field(default_factory=list)
    money: Money
    options: list[Option]


class CampaignSummary(BaseModel):
    """A campaign in a listing: id, title, where it stands."""

    campaign_id: str
    title: str
    status: str
    stage: Stage | None = None
    """The checkpoint it waits at, if any."""
    brief: str
    updated_at: float
