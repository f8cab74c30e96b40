"""What a conversation holds between turns at one checkpoint, saved on every change.

Picks clicked one at a time, a redirect waiting for its wording, and a question the assistant asked
("approve these and make the LinkedIn version?") live in the campaign's folder, so a reload, a
reconnect or another front end sees them. A draft belongs to one checkpoint: when the campaign moves on,
the old draft is ignored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from agent.domain import Stage
from agent.intents.schema import VoiceRequest

FILE = "conversation.json"


class Confirmation(BaseModel):
    """Something the assistant proposed and waits for a yes to."""

    action: Literal["approve_then_derive", "start_over", "voice"]
    question: str
    platform: str | None = None
    duration_s: float | None = None
    voice_route: str | None = None
    """For ``voice``: the speech route, the previewed voice, and the other voices offered (by number)."""
    voice: str | None = None
    voice_name: str | None = None
    choices: list[str] = Field(default_factory=list)
    asked: str = ""
    request: VoiceRequest | None = None


class Draft(BaseModel):
    """The conversation's open state at one checkpoint."""

    stage: Stage | None = None
    """The checkpoint it belongs to (None after delivery)."""
    picks: dict[int, str] = Field(default_factory=dict)
    """Keyframe picks so far: scene → asset id."""
    awaiting: Literal["redirect"] | None = None
    """The next message is the wording of a redirect."""
    confirm: Confirmation | None = None


class Drafts:
    """Drafts stored as one small JSON file per campaign folder (written atomically)."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def _path(self, campaign_id: str) -> Path:
        return self.home / campaign_id / FILE

    def load(self, campaign_id: str, stage: Stage | None) -> Draft:
        """The draft for the campaign's current checkpoint (empty if it was for another one)."""
        path = self._path(campaign_id)
        try:
            draft = Draft.model_validate_json(path.read_text())
        except (OSError, ValidationError):
            return Draft(stage=stage)
        return draft if draft.stage == stage else Draft(stage=stage)

    def save(self, campaign_id: str, draft: Draft) -> None:
        """Write the draft (a temporary file renamed over the old one, so a crash leaves one or the other)."""
        path = self._path(campaign_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".json.partial")
        partial.write_text(draft.model_dump_json())
        os.replace(partial, path)

    def clear(self, campaign_id: str, stage: Stage | None) -> None:
        """Forget what was open at this checkpoint."""
        self.save(campaign_id, Draft(stage=stage))
