"""One record per generation outcome; the embedded text is the scene description and final prompt."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class Outcome(StrEnum):
    """What happened to a generation."""

    PICKED = "picked"
    APPROVED = "approved"
    REJECTED = "rejected"
    REDIRECTED = "redirected"


POSITIVE = (Outcome.PICKED, Outcome.APPROVED)


class OutcomeRecord(BaseModel):
    """A recipe and how it was received (Chroma stores these fields as metadata)."""

    recipe_hash: str
    description: str
    prompt: str
    negative_prompt: str = ""
    capability: str
    model_id: str
    model_version: str = ""
    provider_route: str = ""
    seed: int | None = None
    guidance: float | None = None
    aspect_ratio: str = ""
    duration_s: float | None = None
    used_reference: bool = False
    cost_usd: float = 0.0
    outcome: Outcome
    feedback: str = ""
    campaign_id: str
    campaign_title: str = ""
    brand: str = ""
    workspace: str = "default"
    thumbnail: str = ""
    approvals: int = 0
    rejections: int = 0
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat())
    updated_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def text(self) -> str:
        """What is embedded: the scene in words, then the prompt it was generated from."""
        return f"{self.description}\n{self.prompt}"

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata: scalars only, no None."""
        data = self.model_dump(mode="json", exclude={"description", "prompt"})
        data["description"] = self.description
        data["prompt"] = self.prompt
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_metadata(cls, metadata: dict[str, Any]) -> OutcomeRecord:
        """Back from Chroma."""
        return cls.model_validate(metadata)


def merged(new: OutcomeRecord, old: OutcomeRecord | None) -> OutcomeRecord:
    """Fold a new outcome into the record of the same recipe: counts add up, feedback accumulates."""
    approvals = (old.approvals if old else 0) + (1 if new.outcome in POSITIVE else 0)
    rejections = (old.rejections if old else 0) + (0 if new.outcome in POSITIVE else 1)
    feedback = "; ".join(f for f in ((old.feedback if old else ""), new.feedback) if f)
    return new.model_copy(
        update={
            "approvals": approvals,
            "rejections": rejections,
            "feedback": feedback,
            "created_at": old.created_at if old else new.created_at,
            "updated_at": datetime.now(UTC).isoformat(),
        }
    )
