"""Recipes and assets: every generated file can be replayed from its recipe."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Capability(StrEnum):
    """What a model or backend can do."""

    TEXT_TO_IMAGE = "text_to_image"
    IMAGE_EDIT = "image_edit"
    VIDEO_EDIT = "video_edit"
    IMAGE_TO_VIDEO = "image_to_video"
    TEXT_TO_VIDEO = "text_to_video"
    UPSCALE = "upscale"
    REMOVE_BACKGROUND = "remove_background"
    TEXT_TO_SPEECH = "text_to_speech"
    TEXT_TO_MUSIC = "text_to_music"
    TEXT_TO_SOUND = "text_to_sound"
    """Sound effects and ambience."""


class AssetKind(StrEnum):
    """The kinds of file a campaign produces."""

    KEYFRAME = "keyframe"
    CLIP = "clip"
    VOICEOVER = "voiceover"
    MUSIC = "music"
    SOUND = "sound"
    IMAGE = "image"
    EXPORT = "export"


class AssetStatus(StrEnum):
    """Where an asset stands in review."""

    DRAFT = "draft"
    PICKED = "picked"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class Recipe(BaseModel):
    """Everything needed to replay one generation."""

    model_config = ConfigDict(frozen=True)

    capability: Capability
    model_id: str
    model_version: str
    provider_route: str
    prompt: str = ""
    negative_prompt: str = ""
    seed: int | None = None
    guidance: float | None = None
    aspect_ratio: str | None = None
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    fps: int | None = None
    camera_move: str | None = None
    voice: str | None = None
    speech_rate: int | None = None
    reference_asset_hashes: tuple[str, ...] = ()
    parent_asset_id: str | None = None
    extra: dict[str, str] = Field(default_factory=dict)

    def digest(self) -> str:
        """A stable hash of the recipe, used for idempotency and caching."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()


class MediaFacts(BaseModel):
    """Facts probed from a media file."""

    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    fps: float | None = None
    video_codec: str | None = None
    video_profile: str | None = None
    pixel_format: str | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    size_bytes: int = 0


class Asset(BaseModel):
    """A file the campaign produced, with the recipe that made it."""

    id: str
    kind: AssetKind
    path: str
    sha256: str
    media: MediaFacts
    recipe: Recipe
    cost_usd: float = 0.0
    status: AssetStatus = AssetStatus.DRAFT
    scene_index: int | None = None
    variation: int | None = None
    platform: str | None = None
    parent_ids: tuple[str, ...] = ()
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
