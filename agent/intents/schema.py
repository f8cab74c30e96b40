"""The actions a marketer's chat turn can ask for."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from agent.domain import Stage


class Action(StrEnum):
    """What the turn asks for."""

    NEW_BRIEF = "new_brief"
    APPROVE = "approve"
    REDIRECT = "redirect"
    PICK = "pick"
    REGENERATE = "regenerate"
    CHANGE_MODEL = "change_model"
    DERIVATIVE = "derivative"
    UPSCALE = "upscale"
    VOICEOVER = "voiceover"
    MEMORY = "memory"
    CANCEL = "cancel"
    CLARIFY = "clarify"
    NAVIGATE = "navigate"
    """Go back to a stage, undo the last decision, or start over: never feedback."""
    QUESTION = "question"
    """A question about the campaign (cost, spend, budget left, models, status), answered with figures; changes
    nothing. ``topic`` says what is asked."""
    COPY = "copy"
    """Write social post copy (captions, a title and description, a post) from the concept."""
    HELP = "help"
    """What can be done at this checkpoint."""
    DECLINE = "decline"
    """'no' / 'not now' to a question the assistant asked (never a cancel of the campaign)."""


class Destination(StrEnum):
    """Where a navigation goes."""

    CONCEPT = "concept"
    STORYBOARD = "storyboard"
    KEYFRAMES = "keyframes"
    TAKES = "takes"
    PREVIOUS = "previous"
    """'undo' / 'go back': the checkpoint before this one."""
    START = "start"
    """'start over': a fresh concept from the brief."""


class Topic(StrEnum):
    """What a question asks about."""

    COST = "cost"
    """What the next step, or the whole plan, will cost."""
    SPENT = "spent"
    LEFT = "left"
    """Budget left."""
    MODELS = "models"
    """Which models the scenes use."""
    WHY_MODEL = "why_model"
    """Why a scene uses its model (``scene`` says which)."""
    STATUS = "status"


class CopyKind(StrEnum):
    """Which piece of post copy."""

    CAPTIONS = "captions"
    TITLE_DESCRIPTION = "title_description"
    POST = "post"


class Target(StrEnum):
    """What a redirect is aimed at."""

    CONCEPT = "concept"
    STORYBOARD = "storyboard"
    SCENE = "scene"
    VOICE = "voice"
    MUSIC = "music"
    EDIT = "edit"


class VoiceRequest(BaseModel):
    """A described voice ('a warmer female voice', 'a British narrator', 'the voice Rachel'); unset traits are open."""

    gender: Literal["female", "male", "neutral"] | None = None
    accent: str | None = Field(default=None, description="accent in one lower-case word: british, american, scottish…")
    age: Literal["young", "middle-aged", "old"] | None = None
    tone: list[str] = Field(
        default_factory=list, description="tone words in their base form: warm, deep, calm, bright, narration…"
    )
    name: str | None = Field(default=None, description="a voice named in the turn ('Rachel'), as written")

    @property
    def empty(self) -> bool:
        """Nothing described: 'that voice', 'a different voice'."""
        return not (self.gender or self.accent or self.age or self.tone or self.name)


class PickItem(BaseModel):
    """One picked variation; ``scene`` None means 'in scene order'."""

    scene: int | None = None
    variation: int = Field(ge=1)


class Intent(BaseModel):
    """One chat turn, understood."""

    action: Action
    scene: int | None = Field(default=None, ge=1)
    target: Target | None = None
    feedback: str = Field(default="", description="redirect text, new brief, voice description or memory query")
    picks: list[PickItem] = Field(default_factory=list)
    model_id: str | None = Field(
        default=None, description="catalog model id: the model for change_model, or the one a question names"
    )
    tier: Literal["fast", "quality"] | None = None
    platform: str | None = Field(default=None, description="platform id, for derivative or copy")
    aspect_ratio: str | None = None
    duration_s: float | None = None
    strategy: Literal["reframe", "crop", "fill", "regenerate"] | None = Field(
        default=None,
        description="for approve at a derivative offer: reframe (free; crop to the subject or fill = fit over a "
        "blurred fill) or regenerate (paid)",
    )
    question: str = Field(default="", description="the clarifying question, for action clarify")
    destination: Destination | None = Field(default=None, description="for navigate: where to go")
    topic: Topic | None = Field(default=None, description="for question: what is asked")
    copy_kind: CopyKind | None = Field(default=None, description="for copy: captions, title_description or post")
    count: int | None = Field(
        default=None, ge=1, le=10, description="for copy: how many, only when a number is said (e.g. 3 captions)"
    )
    voice: VoiceRequest | None = Field(default=None, description="for voiceover: the voice described")
    brand: str | None = Field(
        default=None, description="a brand kit the turn asks to use ('use the Acme brand' → Acme), as written"
    )


class ChatContext(BaseModel):
    """What the parser knows about the campaign: the stage waiting, scene count, scene texts."""

    stage: Stage | None = None
    scenes: int = 0
    variations: int = 0
    scene_texts: list[str] = Field(default_factory=list)
