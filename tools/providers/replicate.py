"""Replicate predictions API (``Prefer: wait``, ``Cancel-After``, statuses incl. ``aborted``).

Wire facts: shared/reference/providers.md §2. ``urls.get``/``urls.cancel`` are used when they are on
the configured host, else rebuilt as ``{base}/v1/predictions/{id}[/cancel]``. replicate-python never
resends a POST, so a prediction create is never sent twice here either.

Uploads follow replicate-python's ``files.create`` (replicate/replicate-python ``replicate/file.py``
at 0110c2c, and its ``file-operations`` cassette): ``POST /v1/files`` multipart, field ``content``
with the file name and type, answers 201 with the file object; its ``urls.get`` is what the
prediction input names (``helpers.py`` does the same). Replicate's "Input files" docs recommend
data URIs only under 1 MB and take uploads up to 100 MB; files expire (``expires_at``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

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
from tools.providers.uploads import InputKind, InputRules, MiB, UploadSlot
from tools.recipe import Capability, Recipe

Body = dict[str, Any]
STATUS = {
    "starting": JobState.QUEUED,
    "processing": JobState.RUNNING,
    "succeeded": JobState.SUCCEEDED,
    "failed": JobState.FAILED,
    "canceled": JobState.CANCELLED,
    "aborted": JobState.CANCELLED,
}
POLICY_WORDS = ("nsfw", "safety", "content policy", "flagged")
DEADLINE = "30m"
RULES = InputRules(
    provider_label="Replicate",
    types={
        InputKind.IMAGE: frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
        InputKind.VIDEO: frozenset({"video/mp4", "video/quicktime", "video/webm"}),
    },
    max_bytes={InputKind.IMAGE: 100 * MiB, InputKind.VIDEO: 100 * MiB},
    inline_max_bytes=1 * MiB,
)


class _FileUrls(BaseModel):
    get: str


class _File(BaseModel):
    id: str
    urls: _FileUrls
    expires_at: datetime | None = None


def _flux_schnell(r: Recipe, _: list[InputFile]) -> Body:
    ratios = ("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21")
    body: Body = {"prompt": r.prompt, "aspect_ratio": aspect(r, ratios), "num_outputs": 1, "output_format": "png"}
    if r.seed is not None:
        body["seed"] = r.seed
    return body


def _wan_i2v(r: Recipe, inputs: list[InputFile]) -> Body:
    body: Body = {
        "prompt": r.prompt,
        "image": inputs[0].reference(),
        "duration": int(duration_choice(r, (5, 10))),
        "resolution": "1080p",
    }
    if r.seed is not None:
        body["seed"] = r.seed
    if r.negative_prompt:
        body["negative_prompt"] = r.negative_prompt
    return body


ROUTES: dict[str, tuple[Capability, Callable[[Recipe, list[InputFile]], Body], frozenset[str]]] = {
    "black-forest-labs/flux-schnell": (
        Capability.TEXT_TO_IMAGE,
        _flux_schnell,
        frozenset({"negative_prompt", "guidance"}),
    ),
    "wan-video/wan-2.5-i2v": (Capability.IMAGE_TO_VIDEO, _wan_i2v, frozenset({"guidance"})),
}


def outputs_of(prediction: dict[str, Any]) -> list[Output]:
    """``output`` is a URI string or a list of them, depending on the model."""
    output = prediction.get("output")
    urls = output if isinstance(output, list) else [output] if isinstance(output, str) else []
    return [Output(url=u) for u in urls if isinstance(u, str)]


class ReplicateAdapter(AdapterBase):
    """Replicate adapter for official models."""

    provider: ClassVar[str] = "replicate"
    submit_resend: ClassVar[ResendPolicy] = ResendPolicy()
    input_rules: ClassVar[InputRules] = RULES

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.api_key.get_secret_value()}"}

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """``POST /v1/models/{owner}/{name}/predictions`` holding up to 5 s, with a deadline."""
        _, build, _ = ROUTES[endpoint.path]
        headers = self._headers() | {"Prefer": "wait=5", "Cancel-After": DEADLINE}
        return httpx.Request(
            "POST",
            self.config.url(f"v1/models/{endpoint.path}/predictions"),
            json={"input": build(recipe, inputs)},
            headers=headers,
        )

    def _progress(self, data: dict[str, Any]) -> Progress:
        state = STATUS.get(data.get("status", ""), JobState.QUEUED)
        error = data.get("error")
        if state is JobState.FAILED and error and any(w in str(error).lower() for w in POLICY_WORDS):
            state = JobState.MODERATED
        return Progress(
            state=state,
            outputs=outputs_of(data) if state is JobState.SUCCEEDED else [],
            error=str(error) if error else None,
        )

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """201 with the whole prediction (possibly already finished)."""
        data = response.json()
        progress = self._progress(data)
        urls = data.get("urls") or {}
        prediction_id = str(data["id"])
        url = self.config.url(f"v1/predictions/{quote(prediction_id, safe='')}")
        return Job(
            provider=self.provider,
            job_id=prediction_id,
            state=progress.state,
            status_url=self.config.own(urls.get("get"), url),
            cancel_url=self.config.own(urls.get("cancel"), f"{url}/cancel"),
            outputs=progress.outputs,
        )

    def poll(self, job: Job) -> httpx.Request:
        """``GET urls.get``."""
        return httpx.Request("GET", job.status_url or "", headers=self._headers())

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """The prediction's status."""
        return self._progress(response.json())

    def parse_result(self, job: Job, response: httpx.Response) -> list[Output]:
        """Unused: outputs come with the status."""
        return outputs_of(response.json())

    def cancel(self, job: Job) -> httpx.Request:
        """``POST urls.cancel``."""
        return httpx.Request("POST", job.cancel_url or "", headers=self._headers())

    def upload(self, file: InputFile) -> httpx.Request:
        """``POST /v1/files`` with the file as the multipart field ``content``."""
        part = (file.path.name, file.path.read_bytes(), file.content_type)
        return httpx.Request("POST", self.config.url("v1/files"), files={"content": part}, headers=self._headers())

    def parse_upload(self, file: InputFile, response: httpx.Response) -> UploadSlot:
        """The file object; ``urls.get`` goes in the prediction input (the bytes are already there)."""
        try:
            created = _File.model_validate_json(response.content)
        except ValidationError as exc:
            raise ProviderError(
                self.provider, f"the files API answered in an unexpected shape: {exc.errors()[:2]}"
            ) from exc
        return UploadSlot(ref=created.urls.get, expires_at=created.expires_at)

    def transfer(self, slot: UploadSlot, file: InputFile) -> None:
        """Nothing more to send."""
        return None

    def error(self, response: httpx.Response) -> ProviderError:
        """RFC 7807 problem details (or ``{"detail"}`` for throttling); POST is retried only on 429."""
        text = str(error_text(response, "detail", "title"))
        return classify(self.provider, response, text, policy_words=POLICY_WORDS, retry_statuses=(429,))


DECLARATION = ProviderDeclaration(
    name="replicate",
    key_env="REPLICATE_API_TOKEN",
    base_url_env="REPLICATE_BASE_URL",
    default_url="https://api.replicate.com",
    concurrency=10,
    adapter=ReplicateAdapter,
    routes=ROUTES,
)
