"""Google Gemini API, Veo: ``predictLongRunning`` and operation polling (``x-goog-api-key``).

Wire facts: shared/reference/providers.md §5. The Gemini API takes no seed for Veo; safety
filtering shows up as ``raiMediaFilteredCount``/``Reasons`` in a finished operation, not as an error.
google-genai retries nothing unless asked to, so a submit is never sent twice.
"""

from __future__ import annotations

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
from tools.providers.http import ResendPolicy
from tools.providers.params import aspect, duration_choice
from tools.recipe import Capability, Recipe

ROUTES: dict[str, tuple[Capability, str, frozenset[str]]] = {
    "veo-3.1-lite-generate-001": (Capability.IMAGE_TO_VIDEO, "predictLongRunning", frozenset({"seed", "guidance"})),
}


class GeminiAdapter(AdapterBase):
    """Veo through the Gemini Developer API."""

    provider: ClassVar[str] = "gemini"
    submit_resend: ClassVar[ResendPolicy] = ResendPolicy()

    def _headers(self) -> dict[str, str]:
        return {"x-goog-api-key": self.config.api_key.get_secret_value()}

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """``POST /v1beta/models/{model}:predictLongRunning`` with the first frame inlined."""
        instance: dict[str, Any] = {"prompt": recipe.prompt}
        if inputs:
            instance["image"] = {"bytesBase64Encoded": inputs[0].b64(), "mimeType": inputs[0].content_type}
        parameters: dict[str, Any] = {
            "sampleCount": 1,
            "durationSeconds": int(duration_choice(recipe, (4, 6, 8))),
            "aspectRatio": aspect(recipe, ("16:9", "9:16")),
            "resolution": recipe.extra.get("resolution", "720p"),
        }
        if recipe.negative_prompt:
            parameters["negativePrompt"] = recipe.negative_prompt
        return httpx.Request(
            "POST",
            self.config.url(f"v1beta/models/{endpoint.path}:predictLongRunning"),
            json={"instances": [instance], "parameters": parameters},
            headers=self._headers(),
        )

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """A long-running operation ``{name, done}``."""
        operation = response.json()
        return Job(
            provider=self.provider,
            job_id=operation["name"],
            state=JobState.QUEUED,
            status_url=self.config.url(f"v1beta/{operation['name']}"),
        )

    def poll(self, job: Job) -> httpx.Request:
        """``GET /v1beta/{operation name}``."""
        return httpx.Request("GET", job.status_url or "", headers=self._headers())

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """``done`` absent until finished; then ``error`` or generated samples (or filtered ones)."""
        operation = response.json()
        if not operation.get("done"):
            return Progress(state=JobState.RUNNING)
        if error := operation.get("error"):
            return Progress(state=JobState.FAILED, error=f"{error.get('status', '')}: {error.get('message', '')}")
        result = (operation.get("response") or {}).get("generateVideoResponse") or {}
        samples = result.get("generatedSamples") or []
        outputs = [Output(url=s["video"]["uri"], content_type="video/mp4") for s in samples if s.get("video")]
        if not outputs and result.get("raiMediaFilteredCount"):
            reasons = "; ".join(result.get("raiMediaFilteredReasons") or ["filtered by safety settings"])
            return Progress(state=JobState.MODERATED, error=reasons)
        return Progress(state=JobState.SUCCEEDED, outputs=outputs)

    def download(self, output: Output) -> httpx.Request:
        """Generated files are fetched with the key (only ever sent to the configured host)."""
        url = output.url or ""
        return httpx.Request("GET", url, headers=self._headers() if self.config.owns(url) else {})

    def error(self, response: httpx.Response) -> ProviderError:
        """google.rpc.Status ``{"error": {code, message, status}}``."""
        error = error_text(response, "error")
        details = error if isinstance(error, dict) else {"message": str(error)}
        message = f"{details.get('status', '')}: {details.get('message', '')}"
        return classify(self.provider, response, message, policy_words=("safety", "blocked"), retry_statuses=(408, 429))


DECLARATION = ProviderDeclaration(
    name="gemini",
    key_env="GEMINI_API_KEY",
    base_url_env="GEMINI_BASE_URL",
    default_url="https://generativelanguage.googleapis.com",
    concurrency=10,
    adapter=GeminiAdapter,
    routes=ROUTES,
)
