"""Input files: what each provider accepts, which go inline and which through its file API (pure).

An adapter that can upload declares :class:`InputRules` and three transforms (:class:`FileUploads`):
the request that asks its API for a place to put the file (keyed, on the provider's own host), the
parse of that answer into an :class:`UploadSlot`, and the transfer of the bytes to the slot (a
presigned storage URL, which never gets the key). The job layer does the sending and caches the
result by the file's sha256.
"""

from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Protocol, runtime_checkable

import httpx
from pydantic import BaseModel

from tools.providers.base import AdapterConfig, Endpoint, InputFile, ProviderError
from tools.recipe import Capability

MiB = 1024 * 1024
TYPE_NAMES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "image/gif": "GIF",
    "video/mp4": "MP4",
    "video/quicktime": "MOV",
    "video/webm": "WebM",
}


class InputKind(StrEnum):
    """What a route reads from its input file."""

    IMAGE = "image"
    VIDEO = "video"


class InputRules(BaseModel, frozen=True):
    """One provider's documented limits on input files."""

    provider_label: str
    """The provider's name as users know it (``Runway``)."""
    types: dict[InputKind, frozenset[str]]
    """Accepted MIME types per input kind."""
    max_bytes: dict[InputKind, int]
    """The largest file the provider takes at all (through its file API)."""
    inline_max_bytes: int
    """Default threshold: larger files go through the file API."""
    data_uri_max: dict[InputKind, int] = {}
    """A documented cap on the encoded data URI's length; a file whose data URI would pass it is uploaded."""
    min_bytes: int = 1
    limit_note: str = ""
    """Said with a too-large refusal when the cap is ours rather than the provider's."""

    def describe(self, kind: InputKind) -> str:
        """``JPEG, PNG or WebP up to 200 MB``."""
        names = sorted({TYPE_NAMES.get(t, t) for t in self.types[kind]})
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        return f"{listed} {kind.value}s up to {self.max_bytes[kind] // MiB} MB"


class InputRefused(ProviderError):
    """An input the provider would refuse: checked before anything is uploaded, reserved or submitted."""

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(provider, message, retryable=False)


class UploadSlot(BaseModel, frozen=True):
    """Where the provider wants the bytes, and what the request then names the file by."""

    ref: str
    """The URL or URI that goes in the generation request."""
    transfer_url: str | None = None
    """A presigned storage URL to send the bytes to (None when the first request carried them)."""
    fields: dict[str, str] = {}
    """Form fields a presigned POST needs before the file."""
    expires_at: datetime | None = None


@runtime_checkable
class FileUploads(Protocol):
    """An adapter that can send large inputs through its provider's file API."""

    provider: ClassVar[str]
    input_rules: ClassVar[InputRules]
    config: AdapterConfig

    def upload(self, file: InputFile) -> httpx.Request:
        """The keyed request to the provider's API that starts an upload."""
        ...

    def parse_upload(self, file: InputFile, response: httpx.Response) -> UploadSlot:
        """The slot the provider answered with."""
        ...

    def transfer(self, slot: UploadSlot, file: InputFile) -> httpx.Request | None:
        """The unkeyed request that puts the bytes in a presigned slot (None when there is none)."""
        ...

    def error(self, response: httpx.Response) -> ProviderError:
        """The provider's error body as a :class:`ProviderError`."""
        ...


def input_kind(endpoint: Endpoint) -> InputKind:
    """Video edits and video upscales read a video; every other route with an input reads an image."""
    if endpoint.capability is Capability.VIDEO_EDIT:
        return InputKind.VIDEO
    if endpoint.capability is Capability.UPSCALE and "video" in endpoint.path:
        return InputKind.VIDEO
    return InputKind.IMAGE


def data_uri_length(size: int, content_type: str) -> int:
    """Characters in ``data:{type};base64,…`` for a file of ``size`` bytes."""
    return len(f"data:{content_type};base64,") + 4 * math.ceil(size / 3)


def check(rules: InputRules, endpoint: Endpoint, files: list[InputFile]) -> None:
    """Refuse a missing, empty, oversized or wrongly typed input with what to do about it."""
    kind = input_kind(endpoint)
    accepted = rules.describe(kind)
    for file in files:
        name = file.path.name
        if not file.path.is_file():
            raise InputRefused(endpoint.provider, f"{name}: the file is missing ({file.path})")
        if file.content_type not in rules.types[kind]:
            raise InputRefused(
                endpoint.provider,
                f"{name}: {rules.provider_label} accepts {accepted} for {endpoint.path}; "
                f"convert it to one of those formats, or pick a model that takes {file.content_type}",
            )
        size = file.size
        if size > rules.max_bytes[kind]:
            raise InputRefused(
                endpoint.provider,
                f"{name}: {size / MiB:.1f} MB is too large; {rules.provider_label} accepts {accepted}"
                f"{rules.limit_note}. Compress or downscale it (or trim the clip) and try again",
            )
        if size < rules.min_bytes:
            raise InputRefused(
                endpoint.provider,
                f"{name}: {size} bytes is too small; {rules.provider_label} needs at least {rules.min_bytes} bytes",
            )


def goes_inline(rules: InputRules, config: AdapterConfig, endpoint: Endpoint, file: InputFile) -> bool:
    """Whether the file is small enough to send as a data URI (under the threshold and any data-URI cap)."""
    threshold = config.inline_max_bytes if config.inline_max_bytes is not None else rules.inline_max_bytes
    cap = rules.data_uri_max.get(input_kind(endpoint))
    size = file.size
    return size <= threshold and (cap is None or data_uri_length(size, file.content_type) <= cap)
