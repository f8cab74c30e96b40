"""What a copy request asks for, and the post copy written for it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator

from agent.copywriting.limits import COPY_LIMITS, CopyRules, rules_for
from agent.intents.schema import CopyKind
from tools.platforms import UnknownPlatformError, resolve_platform

DEFAULT_CAPTIONS = 3
MAX_ITEMS = 10


class CopyError(ValueError):
    """A copy request that cannot be written; the message says what to ask for instead."""


class CopyRequest(BaseModel):
    """'3 TikTok captions', 'a YouTube title and description', 'a LinkedIn post'.

    ``platform`` takes any name :func:`tools.platforms.resolve_platform` understands and is stored as the
    platform id; ``count`` defaults to 3 for captions and 1 otherwise.
    """

    platform: str
    kind: CopyKind
    count: int = Field(ge=1, le=MAX_ITEMS)

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("count") is None:
            captions = str(data.get("kind", "")) == CopyKind.CAPTIONS.value
            data = {**data, "count": DEFAULT_CAPTIONS if captions else 1}
        return data

    @model_validator(mode="after")
    def _fits_platform(self) -> CopyRequest:
        try:
            platform_id = resolve_platform(self.platform).id
        except UnknownPlatformError as exc:
            raise ValueError(f"unknown platform {self.platform!r}; copy is written for {_supported()}") from exc
        limits = COPY_LIMITS.get(platform_id)
        if limits is None:
            raise ValueError(f"no post copy for {platform_id!r} yet; copy is written for {_supported()}")
        if self.kind not in limits.kinds:
            offered = " or ".join(_KIND_WORDS[k] for k in limits.kinds)
            raise ValueError(f"{limits.label} takes {offered}, not {_KIND_WORDS[self.kind]}; ask for {offered}")
        self.platform = platform_id
        return self

    @property
    def rules(self) -> CopyRules:
        """The limits every item of this request is held to."""
        return rules_for(self.platform, self.kind)


_KIND_WORDS = {
    CopyKind.CAPTIONS: "captions",
    CopyKind.TITLE_DESCRIPTION: "a title and description",
    CopyKind.POST: "a post",
}


def _supported() -> str:
    return ", ".join(COPY_LIMITS)


def copy_request(platform: str, kind: CopyKind | str, count: int | None = None) -> CopyRequest:
    """A checked request; raises :class:`CopyError` with one sentence saying what to ask for instead."""
    try:
        return CopyRequest.model_validate({"platform": platform, "kind": kind, "count": count})
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first.get("ctx", {}).get("error") or first["msg"])
        if first["loc"] == ("kind",):
            message = f"unknown kind of copy {kind!r}; ask for captions, a title and description, or a post"
        elif first["loc"] == ("count",):
            message = f"ask for 1 to {MAX_ITEMS} pieces of copy at a time, not {count}"
        raise CopyError(message) from None


class CopyItem(BaseModel):
    """One caption, title and description, or post."""

    title: str | None = None
    """YouTube and Shorts titles; ``None`` for kinds without one."""
    body: str
    """The caption, description or post text, without the hashtags."""
    hashtags: list[str] = Field(default_factory=list)
    """``#CamelCase`` tags, posted after the body."""

    def text(self) -> str:
        """The body with its hashtags, as it is pasted into the platform."""
        return f"{self.body}\n\n{' '.join(self.hashtags)}" if self.hashtags else self.body


class PostCopy(BaseModel):
    """Copy for one platform and kind, saved with the deliverables."""

    campaign_id: str
    platform: str
    kind: CopyKind
    items: list[CopyItem] = Field(min_length=1)
    writer: str = Field(pattern=r"^(offline|llm:\S.*)$")
    """``offline`` or ``llm:<model>``."""
    notes: list[str] = Field(default_factory=list)
    """What was repaired, or rewritten by the offline writer, and why."""
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @model_validator(mode="after")
    def _known_pair(self) -> PostCopy:
        limits = COPY_LIMITS.get(self.platform)
        if limits is None or self.kind not in limits.kinds:
            raise ValueError(f"no post copy rules for {self.platform!r} {self.kind.value}")
        return self

    @property
    def stem(self) -> str:
        """File name without extension: ``tiktok-captions``."""
        return f"{self.platform}-{self.kind.value}"

    @property
    def label(self) -> str:
        """'TikTok captions', 'YouTube title and description', 'LinkedIn post'."""
        rules = rules_for(self.platform, self.kind)
        return f"{rules.label} {rules.heading.lower()}"
