"""Load and validate the eval datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from agent.domain import Stage

DATASETS = Path(__file__).with_name("datasets")


class ChatCase(BaseModel):
    """One chat turn and the intent fields it must produce."""

    text: str
    stage: Stage | None = None
    scenes: int = 0
    expect: dict[str, Any]


class BriefCase(BaseModel):
    """One brief and the properties its plan must have."""

    id: str
    text: str
    tags: list[str] = Field(default_factory=list)
    expect: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    """For briefs that must be refused: a phrase the error message contains."""
    repeat: int = 1
    """The text is repeated this many times (for over-length briefs)."""

    @property
    def brief(self) -> str:
        """The brief text as the planner sees it."""
        return self.text * self.repeat


def load_chat_turns(path: Path = DATASETS / "chat_turns.yaml") -> list[ChatCase]:
    """The chat-turn suite."""
    return [ChatCase.model_validate(item) for item in yaml.safe_load(path.read_text())]


def load_briefs(path: Path = DATASETS / "briefs.yaml") -> list[BriefCase]:
    """The brief suite."""
    return [BriefCase.model_validate(item) for item in yaml.safe_load(path.read_text())]
