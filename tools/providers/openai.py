"""OpenAI media APIs: GPT Image generate/edit and ``audio/speech``, both answered synchronously.

Wire facts: shared/reference/providers.md §3. The Videos API (Sora) shut down on 2026-09-24, so it is
not routed.
openai-python resends POSTs on 408, 409, 429 and 5xx without an idempotency key; a 5xx may follow a
billed generation, so only 408/409/429 and an explicit ``x-should-retry: true`` are resent here.
"""

from __future__ import annotations

import base64
from typing import ClassVar

import httpx

from tools.providers.base import (
    AdapterBase,
    Endpoint,
    InputFile,
    Job,
    JobState,
    ModerationRejected,
    Output,
    Progress,
    ProviderDeclaration,
    ProviderError,
    classify,
    error_text,
)
from tools.providers.http import ResendPolicy
from tools.providers.openai_voices import VOICES
from tools.providers.params import size
from tools.recipe import Capability, Recipe

ROUTES: dict[str, tuple[Capability, str, frozenset[str]]] = {
    "gpt-image-1": (Capability.TEXT_TO_IMAGE, "images/generations", frozenset({"seed", "negative_prompt", "guidance"})),
    "gpt-image-1/edit": (Capability.IMAGE_EDIT, "images/edits", frozenset({"seed", "negative_prompt", "guidance"})),
    "gpt-4o-mini-tts": (Capability.TEXT_TO_SPEECH, "audio/speech", frozenset({"seed"})),
}


def image_size(recipe: Recipe) -> str:
    """GPT Image sizes: square, landscape or portrait."""
    width, height = size(recipe)
    if abs(width - height) < 0.1 * max(width, height):
        return "1024x1024"
    return "1536x1024" if width > height else "1024x1536"


class OpenAIAdapter(AdapterBase):
    """OpenAI images and speech."""

    provider: ClassVar[str] = "openai"
    submit_resend: ClassVar[ResendPolicy] = ResendPolicy(
        statuses=frozenset({408, 409, 429}), flag_header="x-should-retry"
    )

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.api_key.get_secret_value()}"}

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """One request per route; edits are multipart."""
        _, path, _ = ROUTES[endpoint.path]
        model = endpoint.path.split("/")[0]
        url = self.config.url(path)
        if path == "images/generations":
            body = {"model": model, "prompt": recipe.prompt, "n": 1, "size": image_size(recipe), "output_format": "png"}
            return httpx.Request("POST", url, json=body, headers=self._headers())
        if path == "audio/speech":
            voice = recipe.voice if recipe.voice in VOICES else "coral"
            speech = {"model": model, "input": recipe.prompt, "voice": voice, "response_format": "wav"}
            if instructions := recipe.extra.get("instructions"):
                speech["instructions"] = instructions
            return httpx.Request(
                "POST", url, json=speech, headers=self._headers() | {"Accept": "application/octet-stream"}
            )
        files = [("image[]", (i.path.name, i.path.read_bytes(), i.content_type)) for i in inputs]
        data = {"model": model, "prompt": recipe.prompt, "n": "1", "size": image_size(recipe)}
        return httpx.Request("POST", url, data=data, files=files, headers=self._headers())

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """Images and speech are finished results."""
        _, path, _ = ROUTES[endpoint.path]
        if path.startswith("images/"):
            items = response.json().get("data", [])
            outputs = [Output(data_b64=i["b64_json"], content_type="image/png") for i in items if i.get("b64_json")]
            return Job(provider=self.provider, job_id="sync", state=JobState.SUCCEEDED, outputs=outputs)
        content_type = response.headers.get("content-type", "audio/wav").split(";")[0]
        audio = Output(data_b64=base64.b64encode(response.content).decode(), content_type=content_type)
        return Job(provider=self.provider, job_id="sync", state=JobState.SUCCEEDED, outputs=[audio])

    def poll(self, job: Job) -> httpx.Request:
        """Never called: every OpenAI media route answers with its result."""
        raise ProviderError(self.provider, "OpenAI image and speech calls have no job to poll")

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """Never called (see :meth:`poll`)."""
        raise ProviderError(self.provider, "OpenAI image and speech calls have no job to poll")

    def error(self, response: httpx.Response) -> ProviderError:
        """``{"error": {message, type, code}}``; ``moderation_blocked`` is a safety rejection."""
        error = error_text(response, "error")
        details = error if isinstance(error, dict) else {"message": str(error)}
        if details.get("code") == "moderation_blocked":
            return ModerationRejected(self.provider, str(details.get("message")))
        return classify(self.provider, response, str(details.get("message")), policy_words=())


DECLARATION = ProviderDeclaration(
    name="openai",
    key_env="OPENAI_API_KEY",
    base_url_env="OPENAI_MEDIA_BASE_URL",
    default_url="https://api.openai.com/v1",
    concurrency=4,
    adapter=OpenAIAdapter,
    routes=ROUTES,
    switch_env="STUDIO_OPENAI_MEDIA",
)
