"""Runway API: tasks with ``X-Runway-Version``; UPPERCASE statuses incl. ``THROTTLED``.

Wire facts: shared/reference/providers.md §6. ``aleph2`` (video_to_video; ``gen4_aleph`` was dropped)
field names are not in our reference material and follow the image_to_video conventions (marked
unverified in the catalog).
Like openai-python, runwayml resends on 408/409/429/5xx; a 5xx may follow a created task, so only
408/409/429 and an explicit ``x-should-retry: true`` are resent here.

Uploads follow runwayml's ``uploads.create_ephemeral`` (runwayml/sdk-python
``src/runwayml/resources/uploads.py`` at c604e0e, 2026-07-27): ``POST /v1/uploads`` with
``{"filename", "type": "ephemeral"}`` answers ``{uploadUrl, fields, runwayUri}``; the SDK posts the
fields and the file (form field ``file``) to ``uploadUrl`` with a fresh client and no key, and the
``runway://`` URI is what ``promptImage``/``videoUri`` name. Limits (Runway's "Inputs" docs and the
runwayml/skills API reference): data URIs up to 5 MB for images and 16 MB for video (encoded
length), uploads up to 200 MB, images JPEG, PNG or WebP; ``runway://`` URIs last 24 hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

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
from tools.providers.params import aspect
from tools.providers.uploads import InputKind, InputRules, MiB, UploadSlot
from tools.recipe import Capability, Recipe

API_VERSION = "2024-11-06"
STATUS = {
    "PENDING": JobState.QUEUED,
    "THROTTLED": JobState.QUEUED,
    "RUNNING": JobState.RUNNING,
    "SUCCEEDED": JobState.SUCCEEDED,
    "FAILED": JobState.FAILED,
    "CANCELLED": JobState.CANCELLED,
}
RATIOS = {
    "16:9": "1280:720",
    "9:16": "720:1280",
    "1:1": "960:960",
    "4:3": "1104:832",
    "3:4": "832:1104",
    "21:9": "1584:672",
}
RULES = InputRules(
    provider_label="Runway",
    types={
        InputKind.IMAGE: frozenset({"image/jpeg", "image/png", "image/webp"}),
        InputKind.VIDEO: frozenset({"video/mp4", "video/quicktime", "video/webm"}),
    },
    max_bytes={InputKind.IMAGE: 200 * MiB, InputKind.VIDEO: 200 * MiB},
    inline_max_bytes=16 * MiB,
    data_uri_max={InputKind.IMAGE: 5 * MiB, InputKind.VIDEO: 16 * MiB},
)
UPLOAD_LIFETIME = timedelta(hours=24)
ROUTES: dict[str, tuple[Capability, str, frozenset[str]]] = {
    "gen4_turbo": (Capability.IMAGE_TO_VIDEO, "v1/image_to_video", frozenset({"negative_prompt", "guidance"})),
    "aleph2": (Capability.VIDEO_EDIT, "v1/video_to_video", frozenset({"negative_prompt", "guidance"})),
}


class _UploadStarted(BaseModel):
    uploadUrl: str
    fields: dict[str, str]
    runwayUri: str


class RunwayAdapter(AdapterBase):
    """Runway adapter."""

    provider: ClassVar[str] = "runway"
    submit_resend: ClassVar[ResendPolicy] = ResendPolicy(
        statuses=frozenset({408, 409, 429}), flag_header="x-should-retry"
    )
    input_rules: ClassVar[InputRules] = RULES

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.api_key.get_secret_value()}", "X-Runway-Version": API_VERSION}

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """CamelCase bodies; images and videos as ``runway://`` uploads or inline data URIs."""
        _, path, _ = ROUTES[endpoint.path]
        body: dict[str, Any] = {
            "model": endpoint.path,
            "promptText": recipe.prompt[:1000],
            "ratio": RATIOS[aspect(recipe, tuple(RATIOS))],
        }
        if path == "v1/image_to_video":
            body["promptImage"] = inputs[0].reference()
            body["duration"] = max(2, min(10, round(recipe.duration_s or 5)))
        else:
            body["videoUri"] = inputs[0].reference()
        if recipe.seed is not None:
            body["seed"] = recipe.seed % 4_294_967_296
        return httpx.Request("POST", self.config.url(path), json=body, headers=self._headers())

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """``{"id": task uuid}``."""
        task_id = response.json()["id"]
        url = self.config.url(f"v1/tasks/{task_id}")
        return Job(provider=self.provider, job_id=task_id, status_url=url, cancel_url=url)

    def poll(self, job: Job) -> httpx.Request:
        """``GET /v1/tasks/{id}``."""
        return httpx.Request("GET", job.status_url or "", headers=self._headers())

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """``SAFETY.*`` failure codes are safety rejections; ``output`` is a list of URLs."""
        task = response.json()
        state = STATUS.get(task.get("status", ""), JobState.QUEUED)
        code = str(task.get("failureCode") or "")
        if state is JobState.FAILED and code.startswith("SAFETY."):
            state = JobState.MODERATED
        outputs = [Output(url=u) for u in task.get("output") or []] if state is JobState.SUCCEEDED else []
        error = f"{task.get('failure', '')} ({code})" if code else task.get("failure")
        return Progress(state=state, outputs=outputs, error=error)

    def cancel(self, job: Job) -> httpx.Request:
        """``DELETE /v1/tasks/{id}``."""
        return httpx.Request("DELETE", job.cancel_url or "", headers=self._headers())

    def upload(self, file: InputFile) -> httpx.Request:
        """``POST /v1/uploads`` for an ephemeral upload slot."""
        body = {"filename": file.path.name, "type": "ephemeral"}
        return httpx.Request("POST", self.config.url("v1/uploads"), json=body, headers=self._headers())

    def parse_upload(self, file: InputFile, response: httpx.Response) -> UploadSlot:
        """``{uploadUrl, fields, runwayUri}``; the URI must be a ``runway://`` one."""
        try:
            started = _UploadStarted.model_validate_json(response.content)
        except ValidationError as exc:
            raise ProviderError(
                self.provider, f"the uploads API answered in an unexpected shape: {exc.errors()[:2]}"
            ) from exc
        if not started.runwayUri.startswith("runway://"):
            raise ProviderError(self.provider, f"the uploads API named {started.runwayUri[:80]!r}, not a runway:// URI")
        expires = datetime.now(UTC) + UPLOAD_LIFETIME
        return UploadSlot(
            ref=started.runwayUri, transfer_url=started.uploadUrl, fields=started.fields, expires_at=expires
        )

    def transfer(self, slot: UploadSlot, file: InputFile) -> httpx.Request:
        """A form POST of the presigned fields, then the file, to ``uploadUrl`` (no key)."""
        part = (file.path.name, file.path.read_bytes(), file.content_type)
        return httpx.Request("POST", slot.transfer_url or "", data=slot.fields, files={"file": part})

    def error(self, response: httpx.Response) -> ProviderError:
        """``error`` text, plus the ``issues`` that name each refused field; 429: the daily quota is used up."""
        text = str(error_text(response, "error", "message"))
        try:
            issues = response.json().get("issues")
        except (ValueError, AttributeError):
            issues = None
        if isinstance(issues, list) and issues:
            text += ": " + "; ".join(
                f"{'.'.join(map(str, i.get('path', [])))}: {i.get('message', '')}"
                for i in issues
                if isinstance(i, dict)
            )
        return classify(self.provider, response, text, policy_words=("safety",))


DECLARATION = ProviderDeclaration(
    name="runway",
    key_env="RUNWAYML_API_SECRET",
    base_url_env="RUNWAY_BASE_URL",
    default_url="https://api.dev.runwayml.com",
    concurrency=5,
    adapter=RunwayAdapter,
    routes=ROUTES,
)
