"""OpenAI media APIs: GPT Image generate/edit, ``audio/speech``, and Sora ``videos``.

Wire facts: shared/reference/providers.md §3. GPT Image and speech answer synchronously; Sora is a
job polled at ``GET /videos/{id}`` (``openai-poll-after-ms``) and fetched from ``/videos/{id}/content``.
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
from tools.providers.params import duration_choice, size
from tools.recipe import Capability, Recipe

VOICES = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "onyx",
    "nova",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
)
VIDEO_STATUS = {
    "queued": JobState.QUEUED,
    "in_progress": JobState.RUNNING,
    "completed": JobState.SUCCEEDED,
    "failed": JobState.FAILED,
}
ROUTES: dict[str, tuple[Capability, str, frozenset[str]]] = {
    "gpt-image-1": (Capability.TEXT_TO_IMAGE, "images/generations", frozenset({"seed", "negative_prompt", "guidance"})),
    "gpt-image-1/edit": (Capability.IMAGE_EDIT, "images/edits", frozenset({"seed", "negative_prompt", "guidance"})),
    "gpt-4o-mini-tts": (Capability.TEXT_TO_SPEECH, "audio/speech", frozenset({"seed"})),
    "sora-2": (Capability.IMAGE_TO_VIDEO, "videos", frozenset({"seed", "negative_prompt", "guidance"})),
    "sora-2-pro": (Capability.IMAGE_TO_VIDEO, "videos", frozenset({"seed", "negative_prompt", "guidance"})),
}


def image_size(recipe: Recipe) -> str:
    """GPT Image sizes: square, landscape or portrait."""
    width, height = size(recipe)
    if abs(width - height) < 0.1 * max(width, height):
        return "1024x1024"
    return "1536x1024" if width > height else "1024x1536"


def video_size(recipe: Recipe) -> str:
    """Sora sizes: 720x1280 portrait or 1280x720 landscape."""
    width, height = size(recipe)
    return "1280x720" if width > height else "720x1280"


class OpenAIAdapter(AdapterBase):
    """OpenAI images, speech and videos."""

    provider: ClassVar[str] = "openai"
    submit_resend: ClassVar[ResendPolicy] = ResendPolicy(
        statuses=frozenset({408, 409, 429}), flag_header="x-should-retry"
    )

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.api_key.get_secret_value()}"}

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """One request per route; edits and videos are multipart."""
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
        if path == "images/edits":
            files = [("image[]", (i.path.name, i.path.read_bytes(), i.content_type)) for i in inputs]
            data = {"model": model, "prompt": recipe.prompt, "n": "1", "size": image_size(recipe)}
            return httpx.Request("POST", url, data=data, files=files, headers=self._headers())
        seconds = int(duration_choice(recipe, (4, 8, 12)))
        fields = {"model": model, "prompt": recipe.prompt, "seconds": str(seconds), "size": video_size(recipe)}
        files = [("input_reference", (i.path.name, i.path.read_bytes(), i.content_type)) for i in inputs[:1]]
        return httpx.Request("POST", url, data=fields, files=files or None, headers=self._headers())

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """Images and speech are finished results; a video is a queued job."""
        _, path, _ = ROUTES[endpoint.path]
        if path.startswith("images/"):
            items = response.json().get("data", [])
            outputs = [Output(data_b64=i["b64_json"], content_type="image/png") for i in items if i.get("b64_json")]
            return Job(provider=self.provider, job_id="sync", state=JobState.SUCCEEDED, outputs=outputs)
        if path == "audio/speech":
            content_type = response.headers.get("content-type", "audio/wav").split(";")[0]
            audio = Output(data_b64=base64.b64encode(response.content).decode(), content_type=content_type)
            return Job(provider=self.provider, job_id="sync", state=JobState.SUCCEEDED, outputs=[audio])
        video = response.json()
        return Job(
            provider=self.provider,
            job_id=video["id"],
            state=VIDEO_STATUS.get(video.get("status", ""), JobState.QUEUED),
            status_url=self.config.url(f"videos/{video['id']}"),
            result_url=self.config.url(f"videos/{video['id']}/content"),
        )

    def poll(self, job: Job) -> httpx.Request:
        """``GET /videos/{id}``."""
        return httpx.Request("GET", job.status_url or "", headers=self._headers())

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """Lower-case statuses; the poll interval comes from ``openai-poll-after-ms``."""
        video = response.json()
        state = VIDEO_STATUS.get(video.get("status", ""), JobState.QUEUED)
        error = video.get("error") or {}
        if state is JobState.FAILED and "moderation" in str(error.get("code", "")):
            state = JobState.MODERATED
        after = response.headers.get("openai-poll-after-ms")
        outputs = [Output(url=job.result_url, content_type="video/mp4")] if state is JobState.SUCCEEDED else []
        return Progress(
            state=state,
            outputs=outputs,
            error=error.get("message"),
            poll_after_s=float(after) / 1000 if after else None,
        )

    def cancel(self, job: Job) -> httpx.Request | None:
        """``DELETE /videos/{id}`` for a video; synchronous calls have nothing to cancel."""
        return httpx.Request("DELETE", job.status_url, headers=self._headers()) if job.status_url else None

    def download(self, output: Output) -> httpx.Request:
        """Video content needs the key."""
        return httpx.Request("GET", output.url or "", headers=self._headers())

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
