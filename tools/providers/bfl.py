"""Black Forest Labs FLUX API: ``x-key``, submit → ``polling_url``, Title-Case statuses.

Wire facts: shared/reference/providers.md §7. The returned ``polling_url`` is regional
(``api.eu.bfl.ai``, ``api.us.bfl.ai``): it is followed when it is https on ``bfl.ai`` or on the
configured host, else rebuilt as ``{base}/v1/get_result?id=…``. BFL publishes no client that resends,
so a submit is sent again only after a 429 (too many active tasks: nothing was started).
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlencode

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
from tools.providers.params import multiple_of, size
from tools.recipe import Capability, Recipe

STATUS = {
    "Pending": JobState.RUNNING,
    "Ready": JobState.SUCCEEDED,
    "Error": JobState.FAILED,
    "Failed": JobState.FAILED,
    "Task not found": JobState.FAILED,
    "Request Moderated": JobState.MODERATED,
    "Content Moderated": JobState.MODERATED,
}
MAX_PIXELS = 4_000_000
ROUTES: dict[str, tuple[Capability, str, frozenset[str]]] = {
    "flux-2-pro": (Capability.TEXT_TO_IMAGE, "v1/flux-2-pro", frozenset({"negative_prompt", "guidance"})),
}


def bfl_size(recipe: Recipe) -> tuple[int, int]:
    """Width and height in multiples of 16, at most 4 MP."""
    width, height = size(recipe)
    scale = min(1.0, (MAX_PIXELS / (width * height)) ** 0.5)
    return multiple_of(int(width * scale), 16), multiple_of(int(height * scale), 16)


class BflAdapter(AdapterBase):
    """BFL adapter."""

    provider: ClassVar[str] = "bfl"
    key_domains: ClassVar[tuple[str, ...]] = ("bfl.ai",)

    def _headers(self) -> dict[str, str]:
        return {"x-key": self.config.api_key.get_secret_value()}

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """``POST /v1/{model}`` with width/height, seed and PNG output."""
        width, height = bfl_size(recipe)
        body: dict[str, Any] = {"prompt": recipe.prompt, "width": width, "height": height, "output_format": "png"}
        if recipe.seed is not None:
            body["seed"] = recipe.seed
        return httpx.Request("POST", self.config.url(ROUTES[endpoint.path][1]), json=body, headers=self._headers())

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """``{id, polling_url}``."""
        data = response.json()
        task_id = str(data["id"])
        rebuilt = self.config.url(f"v1/get_result?{urlencode({'id': task_id})}")
        return Job(
            provider=self.provider,
            job_id=task_id,
            status_url=self.config.own(data.get("polling_url"), rebuilt, domains=self.key_domains),
        )

    def poll(self, job: Job) -> httpx.Request:
        """``GET polling_url`` (regional routing lives in it)."""
        return httpx.Request("GET", job.status_url or "", headers=self._headers())

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """``Ready`` carries ``result.sample``."""
        data = response.json()
        status = data.get("status", "")
        state = STATUS.get(status, JobState.RUNNING)
        outputs = [Output(url=data["result"]["sample"])] if state is JobState.SUCCEEDED else []
        return Progress(state=state, outputs=outputs, error=None if state is JobState.SUCCEEDED else status)

    def error(self, response: httpx.Response) -> ProviderError:
        """402 no credits, 422 validation, 429 too many active tasks."""
        text = str(error_text(response, "message", "detail", "error"))
        return classify(self.provider, response, text, policy_words=("moderat",), retry_statuses=(429,))


DECLARATION = ProviderDeclaration(
    name="bfl",
    key_env="BFL_API_KEY",
    base_url_env="BFL_BASE_URL",
    default_url="https://api.bfl.ai",
    concurrency=24,
    adapter=BflAdapter,
    routes=ROUTES,
)
