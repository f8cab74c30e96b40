"""ElevenLabs text-to-speech (``xi-api-key``); answers with audio bytes.

Wire facts: shared/reference/providers.md §4. Speech is billed per character as it is made, so a
request is sent again only after a 429 (too many concurrent requests: nothing was made).
"""

from __future__ import annotations

import base64
import re
from typing import Any, ClassVar

import httpx

from tools.providers.base import (
    AdapterBase,
    Endpoint,
    InputFile,
    Job,
    JobState,
    Output,
    Progress,
    ProviderDeclaration,
    ProviderError,
    classify,
    error_text,
)
from tools.recipe import Capability, Recipe

DEFAULT_VOICE_ID = "21m00Tcm4TlvDq8ikWAM"  # "Rachel", the long-standing default voice
OUTPUT_FORMAT = "mp3_44100_128"
SETTINGS = ("stability", "similarity_boost", "style", "speed")
ROUTES: dict[str, tuple[Capability, str, frozenset[str]]] = {
    "eleven_multilingual_v2": (Capability.TEXT_TO_SPEECH, "v1/text-to-speech", frozenset()),
}


def voice_id(recipe: Recipe) -> str:
    """An ElevenLabs voice id from the recipe, or the default (local voice names are not ids)."""
    voice = recipe.voice or ""
    return voice if re.fullmatch(r"[A-Za-z0-9]{20}", voice) else DEFAULT_VOICE_ID


class ElevenLabsAdapter(AdapterBase):
    """ElevenLabs TTS."""

    provider: ClassVar[str] = "elevenlabs"

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """``POST /v1/text-to-speech/{voice_id}?output_format=…``."""
        body: dict[str, Any] = {"text": recipe.prompt, "model_id": endpoint.path}
        settings = {k: float(v) for k, v in recipe.extra.items() if k in SETTINGS}
        if settings:
            body["voice_settings"] = settings
        if recipe.seed is not None:
            body["seed"] = recipe.seed % 4_294_967_296
        return httpx.Request(
            "POST",
            self.config.url(f"v1/text-to-speech/{voice_id(recipe)}"),
            params={"output_format": OUTPUT_FORMAT},
            json=body,
            headers={"xi-api-key": self.config.api_key.get_secret_value()},
        )

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """The audio itself."""
        content_type = response.headers.get("content-type", "audio/mpeg").split(";")[0]
        audio = Output(data_b64=base64.b64encode(response.content).decode(), content_type=content_type)
        return Job(provider=self.provider, job_id="sync", state=JobState.SUCCEEDED, outputs=[audio])

    def poll(self, job: Job) -> httpx.Request:
        """Never needed: the API is synchronous."""
        raise ProviderError(self.provider, "text-to-speech is synchronous; nothing to poll")

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """Never needed."""
        return Progress(state=JobState.SUCCEEDED)

    def error(self, response: httpx.Response) -> ProviderError:
        """422 ``detail`` list, or ``detail{status, message}`` (429 ``too_many_concurrent_requests``)."""
        detail = error_text(response, "detail")
        if isinstance(detail, dict):
            detail = f"{detail.get('status', '')}: {detail.get('message', '')}"
        elif isinstance(detail, list):
            detail = "; ".join(
                f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg')}" for d in detail if isinstance(d, dict)
            )
        return classify(self.provider, response, str(detail), policy_words=(), retry_statuses=(429,))


DECLARATION = ProviderDeclaration(
    name="elevenlabs",
    key_env="ELEVENLABS_API_KEY",
    base_url_env="ELEVENLABS_BASE_URL",
    default_url="https://api.elevenlabs.io",
    concurrency=3,
    adapter=ElevenLabsAdapter,
    routes=ROUTES,
)
