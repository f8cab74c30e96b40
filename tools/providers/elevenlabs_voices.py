"""ElevenLabs' voice list, ``GET /v2/voices`` (elevenlabs-openapi.json): pure request and parse, one cached lister.

The answer is ``GetVoicesV2ResponseModel``: ``voices`` (``VoiceResponseModel``: ``voice_id``, ``name``,
``category``, ``labels`` {gender, accent, age, descriptive/description, use_case}, ``description``,
``preview_url``, ``verified_languages``), ``has_more``, ``total_count``, ``next_page_token``. The call goes
through the session's one client, whose key guard keeps ``xi-api-key`` on the configured host.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from pydantic import BaseModel, Field

from tools.providers.base import AdapterConfig
from tools.providers.elevenlabs import DECLARATION
from tools.providers.http import send
from tools.voices import Gender, Voice

PROVIDER = "elevenlabs"
PAGE_SIZE = 100
"""The most the API returns per page."""
MAX_PAGES = 5
GENDERS: dict[str, Gender] = {"female": "female", "male": "male", "neutral": "neutral", "non-binary": "neutral"}


class VoicePage(BaseModel):
    """One page of voices and where the next one starts."""

    voices: list[Voice] = Field(default_factory=list)
    has_more: bool = False
    next_page_token: str | None = None


def voices_request(
    config: AdapterConfig, *, search: str | None = None, next_page_token: str | None = None, page_size: int = PAGE_SIZE
) -> httpx.Request:
    """``GET /v2/voices?page_size=…[&search=…][&next_page_token=…]`` with the key in ``xi-api-key``."""
    params: dict[str, str | int] = {"page_size": min(page_size, PAGE_SIZE), "include_total_count": "false"}
    if search:
        params["search"] = search
    if next_page_token:
        params["next_page_token"] = next_page_token
    return httpx.Request(
        "GET", config.url("v2/voices"), params=params, headers={"xi-api-key": config.api_key.get_secret_value()}
    )


def _words(*texts: str) -> tuple[str, ...]:
    seen: list[str] = []
    for text in texts:
        for word in re.split(r"[,/;]+|\band\b", text.lower()):
            word = " ".join(word.replace("_", " ").split())
            if word and word not in seen:
                seen.append(word)
    return tuple(seen)


def parse_voice(item: dict[str, Any]) -> Voice:
    """One ``VoiceResponseModel`` as a :class:`Voice`."""
    labels = {k: str(v) for k, v in (item.get("labels") or {}).items()}
    languages = [str(v.get("language", "")) for v in item.get("verified_languages") or [] if isinstance(v, dict)]
    preview = item.get("preview_url")
    return Voice(
        provider=PROVIDER,
        id=str(item["voice_id"]),
        name=str(item.get("name") or item["voice_id"]),
        gender=GENDERS.get(labels.get("gender", "").lower()),
        accent=labels.get("accent", "").lower(),
        age=labels.get("age", "").lower().replace("_", "-"),
        tone=_words(labels.get("descriptive", ""), labels.get("description", ""), labels.get("use_case", "")),
        language=labels.get("language", "") or (languages[0] if languages else ""),
        description=str(item.get("description") or ""),
        preview_url=preview if isinstance(preview, str) and preview else None,
    )


def parse_voices(response: httpx.Response) -> VoicePage:
    """A ``GetVoicesV2ResponseModel`` page; voices without an id are skipped."""
    data = response.json()
    items = [v for v in data.get("voices") or [] if isinstance(v, dict) and v.get("voice_id")]
    token = data.get("next_page_token")
    return VoicePage(
        voices=[parse_voice(v) for v in items],
        has_more=bool(data.get("has_more")),
        next_page_token=token if isinstance(token, str) and token else None,
    )


class ElevenLabsVoices:
    """The account's voices, fetched once per session (up to :data:`MAX_PAGES` pages)."""

    provider = PROVIDER

    def __init__(self, client: httpx.AsyncClient, config: AdapterConfig) -> None:
        self.client = client
        self.config = config
        self.page_size = PAGE_SIZE
        self._cache: dict[str | None, list[Voice]] = {}

    async def voices(self, language: str | None = None) -> list[Voice]:
        """Every voice; ElevenLabs' models speak many languages, so ``language`` only orders them."""
        if None not in self._cache:
            self._cache[None] = await self.search(None)
        listed = self._cache[None]
        if not language:
            return listed
        return sorted(listed, key=lambda v: v.language not in ("", language))

    async def search(self, text: str | None) -> list[Voice]:
        """Voices whose name, description, labels or category match ``text`` (the API's own search)."""
        found: list[Voice] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            request = voices_request(self.config, search=text, next_page_token=token, page_size=self.page_size)
            response = await send(self.client, request, idempotent=True)
            if response.is_error:
                raise DECLARATION.adapter(self.config).error(response)
            page = parse_voices(response)
            found += page.voices
            token = page.next_page_token
            if not (page.has_more and token):
                break
        return found
