"""fal.ai queue API: submit, status, result, cancel (``Authorization: Key …``).

Wire facts: shared/reference/providers.md §1 and fal_schemas.txt. The submit URL keeps the model's
subpath; status, result and cancel URLs use ``{owner}/{alias}`` only. The URLs fal returns are used
when they are on the configured queue host; any other host is replaced by the documented
``{queue}/{owner}/{alias}/requests/{id}[/status|/cancel]`` (the key never follows a foreign URL).

A submit is sent again exactly where fal's Python client (``fal_client``) does it: 408, 409 and 429;
502–504 only when fal's nginx ingress answered (no ``x-fal-request-id``); never a 504 carrying
``X-Fal-Request-Timeout-Type``. fal's error docs add ``X-Fal-Retryable``: ``true`` on a server error
allows a resend, ``false`` forbids one. Inputs above 1 MB go through fal storage (:mod:`.fal_storage`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar
from urllib.parse import quote

import httpx

from tools.providers import fal_storage
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
from tools.providers.params import aspect, duration_choice, fmt_seconds, size
from tools.providers.uploads import InputRules, UploadSlot
from tools.recipe import Capability, Recipe

Body = dict[str, Any]
Builder = Callable[[Recipe, list[InputFile]], Body]

STATUS = {"IN_QUEUE": JobState.QUEUED, "IN_PROGRESS": JobState.RUNNING, "COMPLETED": JobState.SUCCEEDED}
POLICY_WORDS = ("content_policy", "nsfw", "safety", "moderation")


def _image_size(r: Recipe) -> Body:
    width, height = size(r)
    return {"image_size": {"width": width, "height": height}}


def _honoured(r: Recipe, *, seed: bool = False, guidance: bool = False, negative: bool = False) -> Body:
    """The recipe's seed, guidance and negative prompt, for the ones this endpoint accepts."""
    body: Body = {}
    if seed and r.seed is not None:
        body["seed"] = r.seed
    if guidance and r.guidance is not None:
        body["guidance_scale"] = r.guidance
    if negative and r.negative_prompt:
        body["negative_prompt"] = r.negative_prompt
    return body


def _options(r: Recipe, defaults: Body) -> Body:
    """Priced request options (resolution, audio…): the recipe's value, else the default the catalog prices.

    Values travel as text in the recipe; a boolean default makes ``"true"``/``"false"`` a JSON boolean.
    """
    body: Body = {}
    for name, default in defaults.items():
        value = r.extra.get(name)
        if value is None:
            body[name] = default
        elif isinstance(default, bool):
            body[name] = value == "true"
        else:
            body[name] = value
    return body


def _t2i(
    *,
    seed: bool = True,
    guidance: bool = False,
    negative: bool = False,
    aspects: tuple[str, ...] = (),
    counted: bool = True,
) -> Builder:
    """Text→image; ``counted`` endpoints take ``num_images`` (FLUX.2 [pro] has no such field)."""

    def build(r: Recipe, _: list[InputFile]) -> Body:
        body: Body = {"prompt": r.prompt, **({"num_images": 1} if counted else {})}
        body |= {"aspect_ratio": aspect(r, aspects)} if aspects else _image_size(r)
        return body | _honoured(r, seed=seed, guidance=guidance, negative=negative)

    return build


def _i2v(
    *,
    durations: tuple[float, ...],
    style: str = "plain",
    negative: bool = False,
    seed: bool = False,
    aspects: tuple[str, ...] = (),
    options: Body | None = None,
) -> Builder:
    """Image→video: ``style`` is how the endpoint spells durations ("plain" → "5", "s" → "5s", "int" → 5).

    ``options`` are the priced request options and the value each takes when the recipe sets none.
    """

    def build(r: Recipe, inputs: list[InputFile]) -> Body:
        seconds = duration_choice(r, durations)
        spelled: Any = {"plain": fmt_seconds(seconds), "s": f"{fmt_seconds(seconds)}s", "int": int(seconds)}[style]
        body: Body = {"prompt": r.prompt, "duration": spelled, **_options(r, options or {})}
        if inputs:
            body["image_url"] = inputs[0].reference()
        if aspects:
            body["aspect_ratio"] = aspect(r, aspects)
        return body | _honoured(r, seed=seed, negative=negative)

    return build


def _edit(
    *,
    field: str,
    many: bool,
    seed: bool = True,
    guidance: bool = False,
    negative: bool = False,
    options: Body | None = None,
) -> Builder:
    def build(r: Recipe, inputs: list[InputFile]) -> Body:
        refs = [i.reference() for i in inputs]
        body: Body = {"prompt": r.prompt, "num_images": 1, field: refs if many else refs[0]}
        body |= _options(r, options or {})
        return body | _honoured(r, seed=seed, guidance=guidance, negative=negative)

    return build


def _upscale(field: str) -> Builder:
    def build(r: Recipe, inputs: list[InputFile]) -> Body:
        factor = float(r.extra.get("upscale_factor", "2"))
        return {field: inputs[0].reference(), "upscale_factor": factor}

    return build


def _tts(r: Recipe, _: list[InputFile]) -> Body:
    body: Body = {"text": r.prompt, "voice": r.voice or "Rachel"}
    body |= {k: float(v) for k, v in r.extra.items() if k in ("stability", "similarity_boost", "style", "speed")}
    return body


def _eleven_music(r: Recipe, _: list[InputFile]) -> Body:
    """ElevenLabs Music: an instrumental bed; it composes 10 s at least (the mix trims it to the cut)."""
    length_ms = max(10_000, min(300_000, round((r.duration_s or 30.0) * 1000)))
    return {"prompt": r.prompt, "music_length_ms": length_ms, "force_instrumental": True}


def _stable_audio(r: Recipe, _: list[InputFile]) -> Body:
    """Stable Audio 2.5: whole seconds, 1–190."""
    seconds = max(1, min(190, math.ceil(r.duration_s or 30.0)))
    return {"prompt": r.prompt, "seconds_total": seconds} | _honoured(r, seed=True)


def _minimax_music(r: Recipe, _: list[InputFile]) -> Body:
    """MiniMax Music 2.0 sings: it needs lyrics (``extra["lyrics"]``, 10–3000 characters) and a short style prompt."""
    lyrics = r.extra.get("lyrics", "").strip()
    if len(lyrics) < 10:
        raise ProviderError("fal", "MiniMax Music writes songs with lyrics; give the jingle a line of lyrics first")
    return {"prompt": r.prompt[:300], "lyrics_prompt": lyrics[:3000]}


def _sound_effect(r: Recipe, _: list[InputFile]) -> Body:
    """ElevenLabs Sound Effects v2: 0.5–22 s."""
    seconds = round(max(0.5, min(22.0, r.duration_s or 3.0)), 1)
    return {"text": r.prompt, "duration_seconds": seconds, "prompt_influence": 0.3}


def _modify(r: Recipe, inputs: list[InputFile]) -> Body:
    return {"video_url": inputs[0].reference(), "prompt": r.prompt}


_VEO = _i2v(
    durations=(4, 6, 8),
    style="s",
    negative=True,
    seed=True,
    aspects=("16:9", "9:16"),
    options={"resolution": "1080p", "generate_audio": False},
)
# path → (capability, builder, recipe fields it cannot honour)
ROUTES: dict[str, tuple[Capability, Builder, frozenset[str]]] = {
    "fal-ai/flux/schnell": (Capability.TEXT_TO_IMAGE, _t2i(guidance=True), frozenset({"negative_prompt"})),
    "fal-ai/flux-2-pro": (Capability.TEXT_TO_IMAGE, _t2i(counted=False), frozenset({"negative_prompt", "guidance"})),
    "fal-ai/bytedance/seedream/v4/text-to-image": (
        Capability.TEXT_TO_IMAGE,
        _t2i(),
        frozenset({"negative_prompt", "guidance"}),
    ),
    "fal-ai/nano-banana": (
        Capability.TEXT_TO_IMAGE,
        _t2i(aspects=("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16")),
        frozenset({"negative_prompt", "guidance"}),
    ),
    "fal-ai/ideogram/v3": (Capability.TEXT_TO_IMAGE, _t2i(negative=True), frozenset({"guidance"})),
    "fal-ai/qwen-image-edit": (
        Capability.IMAGE_EDIT,
        _edit(field="image_url", many=False, guidance=True, negative=True),
        frozenset(),
    ),
    "fal-ai/nano-banana/edit": (
        Capability.IMAGE_EDIT,
        _edit(field="image_urls", many=True),
        frozenset({"negative_prompt", "guidance"}),
    ),
    "fal-ai/ideogram/character": (
        Capability.IMAGE_EDIT,
        _edit(field="reference_image_urls", many=True, options={"rendering_speed": "BALANCED"}),
        frozenset({"negative_prompt", "guidance"}),
    ),
    "fal-ai/kling-video/v2.5-turbo/standard/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _i2v(durations=(5, 10), negative=True),
        frozenset({"seed", "guidance"}),
    ),
    "fal-ai/kling-video/v2.5-turbo/pro/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _i2v(durations=(5, 10), negative=True),
        frozenset({"seed", "guidance"}),
    ),
    "fal-ai/veo3.1/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _VEO,
        frozenset({"guidance"}),
    ),
    "fal-ai/veo3.1/fast/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _VEO,
        frozenset({"guidance"}),
    ),
    "fal-ai/minimax/hailuo-02/standard/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _i2v(durations=(6, 10), options={"resolution": "768P"}),
        frozenset({"seed", "negative_prompt", "guidance"}),
    ),
    "fal-ai/wan-25-preview/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _i2v(durations=(5, 10), negative=True, seed=True, options={"resolution": "1080p"}),
        frozenset({"guidance"}),
    ),
    "fal-ai/luma-dream-machine/ray-2/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _i2v(
            durations=(5, 9),
            style="s",
            aspects=("16:9", "9:16", "4:3", "3:4", "21:9", "9:21"),
            options={"resolution": "1080p"},
        ),
        frozenset({"seed", "negative_prompt", "guidance"}),
    ),
    "fal-ai/pika/v2.2/image-to-video": (
        Capability.IMAGE_TO_VIDEO,
        _i2v(durations=(5, 10), style="int", negative=True, seed=True, options={"resolution": "1080p"}),
        frozenset({"guidance"}),
    ),
    "fal-ai/topaz/upscale/image": (Capability.UPSCALE, _upscale("image_url"), frozenset()),
    "fal-ai/topaz/upscale/video": (Capability.UPSCALE, _upscale("video_url"), frozenset()),
    "fal-ai/luma-dream-machine/ray-2/modify": (Capability.VIDEO_EDIT, _modify, frozenset({"seed"})),
    "fal-ai/elevenlabs/tts/multilingual-v2": (Capability.TEXT_TO_SPEECH, _tts, frozenset({"seed"})),
    "fal-ai/elevenlabs/music": (Capability.TEXT_TO_MUSIC, _eleven_music, frozenset({"seed"})),
    "fal-ai/stable-audio-25/text-to-audio": (Capability.TEXT_TO_MUSIC, _stable_audio, frozenset()),
    "fal-ai/minimax-music/v2": (Capability.TEXT_TO_MUSIC, _minimax_music, frozenset({"seed"})),
    "fal-ai/elevenlabs/sound-effects/v2": (Capability.TEXT_TO_SOUND, _sound_effect, frozenset({"seed"})),
}


def app_path(model_path: str) -> str:
    """``owner/alias`` (namespaced apps keep their prefix): the part status/result URLs use."""
    parts = model_path.split("/")
    keep = 3 if parts[0] in ("workflows", "comfy") else 2
    return "/".join(parts[:keep])


def find_outputs(payload: Any) -> list[Output]:
    """Media files in a fal result: ``video``/``image``/``audio`` objects or ``images`` lists."""
    if not isinstance(payload, dict):
        return []
    for key in ("video", "image", "audio"):
        item = payload.get(key)
        if isinstance(item, dict) and item.get("url"):
            return [Output(url=item["url"], content_type=item.get("content_type"))]
    images = payload.get("images")
    if isinstance(images, list):
        return [Output(url=i["url"], content_type=i.get("content_type")) for i in images if i.get("url")]
    return []


class FalAdapter(AdapterBase):
    """fal.ai queue adapter."""

    provider: ClassVar[str] = "fal"
    submit_resend: ClassVar[ResendPolicy] = ResendPolicy(
        statuses=frozenset({408, 409, 429}),
        ingress=frozenset({502, 503, 504}),
        app_header="x-fal-request-id",
        ingress_marker="nginx",
        flag_header="x-fal-retryable",
        never_headers=("x-fal-request-timeout-type",),
    )
    input_rules: ClassVar[InputRules] = fal_storage.RULES

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Key {self.config.api_key.get_secret_value()}"}

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """``POST {queue}/{model_id}`` with the model's input JSON."""
        _, build, _ = ROUTES[endpoint.path]
        return httpx.Request(
            "POST", self.config.url(endpoint.path), json=build(recipe, inputs), headers=self._headers()
        )

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """``{request_id, status_url, response_url, cancel_url}``; URLs off the queue host are rebuilt."""
        data = response.json()
        request_id = str(data["request_id"])
        base = self.config.url(f"{app_path(endpoint.path)}/requests/{quote(request_id, safe='')}")
        own = self.config.own
        return Job(
            provider=self.provider,
            job_id=request_id,
            state=STATUS.get(data.get("status", ""), JobState.QUEUED),
            status_url=own(data.get("status_url"), f"{base}/status"),
            result_url=own(data.get("response_url"), base),
            cancel_url=own(data.get("cancel_url"), f"{base}/cancel"),
        )

    def poll(self, job: Job) -> httpx.Request:
        """``GET …/requests/{id}/status``."""
        return httpx.Request("GET", job.status_url or "", headers=self._headers())

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """Only IN_QUEUE, IN_PROGRESS and COMPLETED exist; a COMPLETED status may carry the job's error.

        A content-policy error there (``error_type`` or wording) is moderation, not a failure; most such
        rejections surface on the result GET instead, which :meth:`error` reads.
        """
        data = response.json()
        status = data.get("status")
        if status not in STATUS:
            raise ProviderError(self.provider, f"unexpected queue status {status!r}")
        if status == "COMPLETED" and data.get("error"):
            said = f"{data['error']} ({data.get('error_type') or 'error'})"
            moderated = any(word in said.lower() for word in POLICY_WORDS)
            return Progress(state=JobState.MODERATED if moderated else JobState.FAILED, error=said)
        return Progress(state=STATUS[status])

    def result(self, job: Job) -> httpx.Request:
        """``GET …/requests/{id}``."""
        return httpx.Request("GET", job.result_url or "", headers=self._headers())

    def parse_result(self, job: Job, response: httpx.Response) -> list[Output]:
        """The model's output JSON; a flagged NSFW output counts as moderated."""
        data = response.json()
        flagged = data.get("has_nsfw_concepts") if isinstance(data, dict) else None
        if isinstance(flagged, list) and any(flagged):
            raise ModerationRejected(self.provider, "the output was flagged by the safety checker (has_nsfw_concepts)")
        return find_outputs(data)

    def cancel(self, job: Job) -> httpx.Request:
        """``PUT …/requests/{id}/cancel``."""
        return httpx.Request("PUT", job.cancel_url or "", headers=self._headers())

    def upload(self, file: InputFile) -> httpx.Request:
        """Initiate an upload on fal's REST host."""
        return fal_storage.initiate(self.config, file)

    def parse_upload(self, file: InputFile, response: httpx.Response) -> UploadSlot:
        """The presigned PUT URL and the file URL."""
        return fal_storage.parse_initiate(response)

    def transfer(self, slot: UploadSlot, file: InputFile) -> httpx.Request:
        """PUT the bytes to the presigned URL (no key)."""
        return fal_storage.put(slot, file)

    def error(self, response: httpx.Response) -> ProviderError:
        """422 ``detail`` lists, flat ``{detail, error_type}``, and content-policy rejections."""
        detail = error_text(response, "detail")
        if isinstance(detail, list):
            detail = "; ".join(
                f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg')} ({d.get('type')})"
                for d in detail
                if isinstance(d, dict)
            )
        error = classify(self.provider, response, str(detail), policy_words=POLICY_WORDS)
        if response.headers.get("x-fal-retryable") == "false":
            error.retryable = False
        return error


DECLARATION = ProviderDeclaration(
    name="fal",
    key_env="FAL_KEY",
    base_url_env="FAL_BASE_URL",
    default_url="https://queue.fal.run",
    concurrency=10,
    adapter=FalAdapter,
    routes=ROUTES,
    upload_url_env="FAL_REST_URL",
    default_upload_url=fal_storage.REST_URL,
)
