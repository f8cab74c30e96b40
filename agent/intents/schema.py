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
    STATUS = "status"
    COST = "cost"
    MEMORY = "memory"
    CANCEL = "cancel"
    CLARIFY = "clarify"


class Target(StrEnum):
    """What a redirect is aimed at."""

    CONCEPT = "concept"
    STORYBOARD = "storyboard"
    SCENE = "scene"
    VOICE = "voice"
    MUSIC = "music"
    EDIT = "edit"


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
    model_id: str | None = Field(default=None, description="catalog model id for change_model")
    tier: Literal["fast", "quality"] | None = None
    platform: str | None = None
    aspect_ratio: str | None = None
    duration_s: float | None = None
    strategy: Literal["reframe", "crop", "fill", "regenerate"] | None = Field(
        default=None,
        description="for approve at a derivative offer: reframe (free; crop to the subject or fill = fit over a "
        "blurred fill) or regenerate (paid)",
    )
    question: str = Field(default="", description="the clarifying question, for action clarify")


class ChatContext(BaseModel):
    """What the parser knows about the campaign: the stage waiting, scene count, scene texts."""

    stage: Stage | None = None
    scenes: int = 0
    variations: int = 0
    scene_texts: list[str] = Field(default_factory=list)
