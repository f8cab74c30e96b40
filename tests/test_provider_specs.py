"""Every catalog route's real request, checked by its provider's fake against the provider's own contract.

fal, OpenAI and ElevenLabs are checked against the specs they publish (shared/reference/specs). Replicate,
Runway, BFL and Gemini publish none we can reach, so their fakes check against our schemas of their
official SDKs' request types (tests/fakeproviders/sdk_types, each citing SDK, file and version). The fakes
run in-process; a request a contract refuses is answered in that provider's own error shape, and the
adapter must report it as a definite, non-retryable error that names the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakeproviders import host
from tests.fakeproviders.common import FakeState, mp4, png
from tests.fakeproviders.inprocess import FakeNet
from tests.providers_support import fake_session, recipe
from tools.catalog import load_catalog
from tools.jobs.context import JobContext
from tools.jobs.store import Phase
from tools.providers.base import Endpoint, InputFile, ProviderError
from tools.recipe import Capability, Recipe

JOB = JobContext(campaign_id="specs", scene=1)
ROUTES = sorted(
    (route.provider, model.id, route.capability, route.endpoint)
    for model in load_catalog().models
    for route in model.routes
    if route.provider != "fal"  # every fal route: tests/test_fal_contract.py
)
SUFFIX = {
    Capability.TEXT_TO_IMAGE: ".png",
    Capability.IMAGE_EDIT: ".png",
    Capability.IMAGE_TO_VIDEO: ".mp4",
    Capability.VIDEO_EDIT: ".mp4",
    Capability.TEXT_TO_SPEECH: ".wav",
}


def inputs_for(capability: Capability, tmp_path: Path) -> list[Path]:
    """A keyframe for image-led routes, a clip for video edits, nothing for text-led ones."""
    if capability is Capability.VIDEO_EDIT:
        clip = tmp_path / "source.mp4"
        clip.write_bytes(mp4(1.0))
        return [clip]
    if capability in (Capability.IMAGE_TO_VIDEO, Capability.IMAGE_EDIT):
        frame = tmp_path / "keyframe.png"
        frame.write_bytes(png(90, 160))
        return [frame]
    return []


def shot(model_id: str, capability: Capability) -> Recipe:
    """The route's recipe (a video edit is an image edit whose source is a clip)."""
    return recipe(model_id, Capability.IMAGE_EDIT if capability is Capability.VIDEO_EDIT else capability)


def test_the_catalog_routes_every_provider_beyond_fal() -> None:
    assert {provider for provider, *_ in ROUTES} == {"replicate", "runway", "bfl", "gemini", "openai", "elevenlabs"}


@pytest.mark.parametrize(("provider", "model_id", "capability", "path"), ROUTES)
async def test_every_catalog_route_sends_what_its_providers_contract_accepts(
    tmp_path: Path, provider: str, model_id: str, capability: str, path: str
) -> None:
    wanted = Capability(capability)
    async with fake_session(provider, tmp_path) as (session, fake):
        assert session.routed[model_id] == provider
        made = await session.backends.run(
            shot(model_id, wanted), tmp_path / f"out{SUFFIX[wanted]}", JOB, inputs_for(wanted, tmp_path)
        )
    assert made.provider_route == f"{provider}:{path}"
    assert fake.state.rejected == [], "the provider's contract refused the request the adapter built"
    assert len(fake.state.checked) == 1, "the submit was checked against the contract (once: no resend)"
    assert made.path.stat().st_size > 0


Change = Callable[[dict[str, Any]], None]
Answer = Callable[[dict[str, Any]], str]
"""The field locations an error body names, read the way the provider shapes it (KeyError if it is not)."""


def _set(*path: str, value: object) -> Change:
    def change(body: dict[str, Any]) -> None:
        target = body
        for key in path[:-1]:
            target = target[key][0] if isinstance(target[key], list) else target[key]
        target[path[-1]] = value

    return change


def _locs(items: list[dict[str, Any]]) -> str:
    return " ".join(".".join(map(str, item["loc"])) for item in items)


# provider: (model, status, how its error body names the fields, {kind: (change, field, problem type)})
CASES: dict[str, tuple[str, int, Answer, dict[str, tuple[Change, str, str]]]] = {
    "fal": (
        "flux-schnell",
        422,
        lambda b: _locs(b["detail"]),
        {
            "enum": (_set("output_format", value="gif"), "output_format", "enum"),
            "type": (_set("num_images", value="1"), "num_images", "type"),
            "unknown": (_set("negative_prompt", value="blur"), "negative_prompt", "extra_forbidden"),
        },
    ),
    "replicate": (
        "flux-schnell",
        422,
        lambda b: f"{b['title']} {b['status']} {b['detail']}",
        {
            "enum": (_set("input", "aspect_ratio", value="7:5"), "aspect_ratio", "enum"),
            "type": (_set("input", "num_outputs", value="1"), "num_outputs", "type"),
            "unknown": (_set("input", "guidance_scale", value=3), "guidance_scale", "extra_forbidden"),
        },
    ),
    "runway": (
        "runway-gen4-turbo",
        400,
        lambda b: f"{b['error']} " + " ".join(".".join(map(str, i["path"])) for i in b["issues"]),
        {
            "enum": (_set("ratio", value="1080:1920"), "ratio", "enum"),
            "type": (_set("duration", value="5"), "duration", "type"),
            "unknown": (_set("negativePrompt", value="blur"), "negativePrompt", "extra_forbidden"),
        },
    ),
    "bfl": (
        "flux-2-pro",
        422,
        lambda b: _locs(b["detail"]),
        {
            "enum": (_set("output_format", value="gif"), "output_format", "enum"),
            "type": (_set("width", value="1024"), "width", "type"),
            "unknown": (_set("negative_prompt", value="blur"), "negative_prompt", "extra_forbidden"),
        },
    ),
    "gemini": (
        "veo-3.1-lite",
        400,
        lambda b: f"{b['error']['code']} {b['error']['status']} {b['error']['message']}",
        {
            "enum": (_set("parameters", "aspectRatio", value="1:1"), "aspectRatio", "enum"),
            "type": (_set("parameters", "durationSeconds", value="6"), "durationSeconds", "type"),
            "unknown": (_set("parameters", "seed", value=7), "seed", "extra_forbidden"),
        },
    ),
    "elevenlabs": (
        "elevenlabs-multilingual-v2",
        422,
        lambda b: _locs(b["detail"]),
        {
            "enum": (_set("apply_text_normalization", value="maybe"), "apply_text_normalization", "enum"),
            "type": (
                _set("apply_language_text_normalization", value="yes"),
                "apply_language_text_normalization",
                "type",
            ),
            "unknown": (_set("emotion", value="happy"), "emotion", "extra_forbidden"),
        },
    ),
    "openai": (
        "gpt-image-1",
        400,
        lambda b: f"{b['error']['type']} {b['error']['param']} {b['error']['message']}",
        {
            "enum": (_set("output_format", value="gif"), "output_format", "enum"),
            "type": (_set("n", value="1"), "n", "type"),
            "unknown": (_set("seed", value=7), "seed", "extra_forbidden"),
        },
    ),
}
CAPABILITY = {"runway": Capability.IMAGE_TO_VIDEO, "gemini": Capability.IMAGE_TO_VIDEO}
SPEECH = {"elevenlabs"}


def tamper(adapter: Any, change: Change, sent: list[httpx.Request]) -> Callable[..., httpx.Request]:
    """The adapter's own submit, with ``change`` applied to its JSON body (the one request kept in ``sent``)."""
    real = adapter.submit

    def submit(endpoint: Endpoint, shot: Recipe, inputs: list[InputFile]) -> httpx.Request:
        request = real(endpoint, shot, inputs)
        body = json.loads(request.content)
        change(body)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        sent.append(httpx.Request(request.method, request.url, json=body, headers=headers))
        return sent[-1]

    return submit


@pytest.mark.parametrize("kind", ["enum", "type", "unknown"])
@pytest.mark.parametrize("provider", sorted(CASES))
async def test_a_request_the_contract_refuses_is_a_clear_definite_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str, kind: str
) -> None:
    model_id, status, names, kinds = CASES[provider]
    change, field, problem = kinds[kind]
    capability = CAPABILITY.get(provider, Capability.TEXT_TO_SPEECH if provider in SPEECH else Capability.TEXT_TO_IMAGE)
    sent: list[httpx.Request] = []
    async with fake_session(provider, tmp_path) as (session, fake):
        adapter = session.backends.routes.by_model[model_id].adapter
        monkeypatch.setattr(adapter, "submit", tamper(adapter, change, sent))
        with pytest.raises(ProviderError) as refused:
            await session.backends.run(
                recipe(model_id, capability),
                tmp_path / f"out{SUFFIX[capability]}",
                JOB,
                inputs_for(capability, tmp_path),
            )
        [record] = session.store.campaign_jobs("specs")
        assert record.state is Phase.FAILED and session.ledger.committed("specs") == 0, "a refusal costs nothing"
    error = refused.value
    assert (error.status, error.retryable) == (status, False), "a refused request is not sent again"
    assert field in str(error), f"the error names the field: {error}"
    [rejection] = fake.state.rejected
    assert any(p["loc"][-1] == field and p["type"] == problem for p in rejection["problems"]), rejection
    assert len(fake.state.submits()) == 1

    async with httpx.AsyncClient(transport=FakeNet(host(provider, FakeState()))) as client:
        answer = await client.send(sent[0])
    assert answer.status_code == status
    assert field in names(answer.json()), "answered in the provider's own error shape"


AUTH = {
    "replicate": {"Authorization": "Bearer k"},
    "runway": {"Authorization": "Bearer k", "X-Runway-Version": "2024-11-06"},
    "bfl": {"x-key": "k"},
    "gemini": {"x-goog-api-key": "k"},
    "elevenlabs": {"xi-api-key": "k"},
}
VEO = "/v1beta/models/veo-3.1-lite-generate-001:predictLongRunning"
RAW = [
    # ElevenLabs: query and path parameters are checked too
    ("elevenlabs", "/v1/text-to-speech/v1?output_format=mp3_1", {"text": "hi"}, {}, 422, "query.output_format"),
    ("elevenlabs", "/v1/text-to-speech/v1?enable_logging=maybe", {"text": "hi"}, {}, 422, "query.enable_logging"),
    ("elevenlabs", "/v1/text-to-speech/v1?output_fromat=mp3_44100_128", {"text": "hi"}, {}, 422, "query.output_fromat"),
    ("elevenlabs", "/v1/text-to-speech/v1", {"model_id": "eleven_v3"}, {}, 422, "body.text"),
    # Replicate: the top-level body and the Prefer header, beside the model's input
    ("replicate", "/v1/models/black-forest-labs/flux-schnell/predictions", {"prompt": "x"}, {}, 422, "input"),
    (
        "replicate",
        "/v1/models/black-forest-labs/flux-schnell/predictions",
        {"input": {"prompt": "x"}},
        {"Prefer": "wait=90"},
        422,
        "prefer",
    ),
    ("replicate", "/v1/models/nobody/nothing/predictions", {"input": {"prompt": "x"}}, {}, 404, "not found"),
    # Runway: the model selects the request type; a model the SDK dropped is refused
    (
        "runway",
        "/v1/video_to_video",
        {"model": "gen4_aleph", "videoUri": "https://v/a.mp4"},
        {},
        400,
        "Validation of body failed model",
    ),
    ("runway", "/v1/image_to_video", {"model": "gen4_turbo", "ratio": "720:1280"}, {}, 400, "promptImage"),
    # BFL: the client's cross-field rules
    ("bfl", "/v1/flux-2-pro", {"prompt": "x", "width": 2400, "height": 2400}, {}, 422, "exceeds"),
    ("bfl", "/v1/flux-2-pro", {"prompt": "x", "width": 1000, "height": 1024}, {}, 422, "body.width"),
    ("bfl", "/v1/flux-2-pro", {"prompt": "x", "transparent_bg": True}, {}, 422, "body.transparent_bg"),
    ("bfl", "/v1/flux-kontext-ultra", {"prompt": "x"}, {}, 404, "Not Found"),
    # Gemini: one instance, and only the Veo ids the SDK knows that are not retired
    ("gemini", VEO, {"instances": []}, {}, 400, "body.instances minItems INVALID_ARGUMENT"),
    ("gemini", VEO, {"instances": [{"prompt": "x", "image": {"gcsUri": "gs://b/k.png"}}]}, {}, 400, "gcsUri"),
    (
        "gemini",
        "/v1beta/models/veo-3.1-generate-preview:predictLongRunning",
        {"instances": [{"prompt": "x"}]},
        {},
        404,
        "NOT_FOUND",
    ),
]


@pytest.mark.parametrize(("provider", "path", "payload", "headers", "status", "named"), RAW)
async def test_each_fake_refuses_what_its_contract_refuses(
    provider: str, path: str, payload: dict[str, Any], headers: dict[str, str], status: int, named: str
) -> None:
    fake = host(provider)
    async with httpx.AsyncClient(transport=FakeNet(fake), base_url=fake.url) as client:
        answer = await client.post(path, json=payload, headers=AUTH[provider] | headers)
    assert answer.status_code == status, answer.text
    body = answer.json()
    if status == 404:
        assert named.lower() in json.dumps(body).lower()
        return
    problems = fake.state.rejected[0]["problems"]
    located = " ".join(
        [f"{'.'.join(map(str, p['loc']))} {p['type']} {p['msg']}" for p in problems] + [json.dumps(body)]
    )
    assert all(part in located for part in named.split()), located


async def test_the_in_process_net_reaches_only_registered_fakes() -> None:
    from tests.netguard import NetworkBlocked

    fake = host("bfl")
    async with httpx.AsyncClient(transport=FakeNet(fake)) as client:
        with pytest.raises(NetworkBlocked, match=r"api\.bfl\.ai"):
            await client.get("https://api.bfl.ai/v1/get_result?id=1")
        assert (await client.get(f"{fake.url}/v1/get_result?id=1", headers=AUTH["bfl"])).status_code == 200
