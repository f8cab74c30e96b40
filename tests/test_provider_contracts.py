"""Contract tests: each adapter's outgoing requests (URL, headers, body) and its parsing of documented bodies.

Every request built here is also sent to its provider's fake, in-process, which checks it against the
provider's spec (or its SDK's request types) and must accept it.
"""

import base64
import json
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from tests.fakeproviders import APPS
from tests.fakeproviders.common import FakeState
from tests.fakeproviders.inprocess import FakeHost, FakeNet
from tools.catalog import load_catalog
from tools.providers.base import AdapterConfig, Endpoint, InputFile, JobState, ModerationRejected
from tools.providers.bfl import BflAdapter
from tools.providers.declared import PROVIDERS
from tools.providers.elevenlabs import ElevenLabsAdapter
from tools.providers.fal import ROUTES as FAL_ROUTES
from tools.providers.fal import FalAdapter
from tools.providers.gemini import GeminiAdapter
from tools.providers.openai import ROUTES as OPENAI_ROUTES
from tools.providers.openai import OpenAIAdapter
from tools.providers.replicate import ReplicateAdapter
from tools.providers.runway import RunwayAdapter
from tools.recipe import Capability, Recipe

KEY = "test-key-123"


def config(url: str) -> AdapterConfig:
    return AdapterConfig(base_url=url, api_key=SecretStr(KEY))


def recipe(capability: Capability = Capability.TEXT_TO_IMAGE, **fields: object) -> Recipe:
    base = {
        "capability": capability,
        "model_id": "m",
        "model_version": "1",
        "provider_route": "x",
        "prompt": "a trail shoe on a ridge",
        "negative_prompt": "blurry",
        "seed": 7,
        "guidance": 3.5,
        "aspect_ratio": "9:16",
        "width": 1080,
        "height": 1920,
        "duration_s": 4.5,
    }
    return Recipe.model_validate(base | fields)


def endpoint(provider: str, path: str, capability: Capability) -> Endpoint:
    return Endpoint(model_id="m", capability=capability, provider=provider, path=path)


@pytest.fixture
def image(tmp_path: Path) -> InputFile:
    path = tmp_path / "k.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    return InputFile(path=path)


def body(request: httpx.Request) -> dict[str, object]:
    return json.loads(request.content)


async def accepted(provider: str, request: httpx.Request) -> None:
    """``request`` passes the provider's contract: its fake, at the request's own host, checks and accepts it."""
    state = FakeState()
    fake = FakeHost(APPS[provider](state), state, f"{request.url.scheme}://{request.url.netloc.decode()}")
    async with httpx.AsyncClient(transport=FakeNet(fake)) as client:
        answer = await client.send(request)
    assert state.rejected == [] and state.checked, state.rejected
    assert answer.is_success, answer.text


def test_every_catalog_route_has_an_adapter_and_builder() -> None:
    catalog = load_catalog()
    routed = [m for m in catalog.models if m.routes]
    for model in catalog.models:
        if model.official_api and not model.local and model.id != "recraft-remove-background":
            assert model.routes, f"{model.id} has a public API but no route"
    for model in routed:
        for route in model.routes:
            assert route.provider in PROVIDERS
            PROVIDERS[route.provider].unsupported(route.endpoint)  # raises KeyError if no builder
            assert route.capability in model.capabilities


async def test_fal_submit_uses_the_full_model_path_and_key_auth(image: InputFile) -> None:
    adapter = FalAdapter(config("https://queue.fal.run"))
    request = adapter.submit(
        endpoint("fal", "fal-ai/kling-video/v2.5-turbo/pro/image-to-video", Capability.IMAGE_TO_VIDEO),
        recipe(Capability.IMAGE_TO_VIDEO),
        [image],
    )
    assert str(request.url) == "https://queue.fal.run/fal-ai/kling-video/v2.5-turbo/pro/image-to-video"
    assert request.headers["authorization"] == f"Key {KEY}"
    sent = body(request)
    assert sent["duration"] == "5", "duration is a string enum; 4.5 s rounds up to the 5 s clip"
    assert sent["negative_prompt"] == "blurry"
    assert str(sent["image_url"]).startswith("data:image/png;base64,")
    assert "seed" not in sent, "Kling on fal takes no seed"
    await accepted("fal", request)


async def test_fal_t2i_maps_size_seed_guidance() -> None:
    request = FalAdapter(config("https://q")).submit(
        endpoint("fal", "fal-ai/flux/schnell", Capability.TEXT_TO_IMAGE), recipe(), []
    )
    assert body(request) == {
        "prompt": "a trail shoe on a ridge",
        "num_images": 1,
        "image_size": {"width": 1080, "height": 1920},
        "seed": 7,
        "guidance_scale": 3.5,
    }
    await accepted("fal", request)


async def test_fal_veo_duration_and_aspect_spelling(image: InputFile) -> None:
    request = FalAdapter(config("https://q")).submit(
        endpoint("fal", "fal-ai/veo3.1/image-to-video", Capability.IMAGE_TO_VIDEO),
        recipe(Capability.IMAGE_TO_VIDEO, duration_s=5.0, aspect_ratio="4:5"),
        [image],
    )
    sent = body(request)
    assert sent["duration"] == "6s" and sent["aspect_ratio"] == "9:16"
    await accepted("fal", request)


def test_fal_status_and_result_urls_drop_the_subpath() -> None:
    adapter = FalAdapter(config("https://queue.fal.run"))
    response = httpx.Response(200, json={"request_id": "abc"})
    job = adapter.parse_submit(endpoint("fal", "fal-ai/flux/dev/image-to-image", Capability.IMAGE_EDIT), response)
    assert job.status_url == "https://queue.fal.run/fal-ai/flux/requests/abc/status"
    assert job.result_url == "https://queue.fal.run/fal-ai/flux/requests/abc"
    assert adapter.cancel(job).method == "PUT"
    returned = adapter.parse_submit(
        endpoint("fal", "fal-ai/flux/schnell", Capability.TEXT_TO_IMAGE),
        httpx.Response(
            200,
            json={
                "request_id": "x",
                "status_url": "https://elsewhere/s",
                "response_url": "https://elsewhere/r",
                "cancel_url": "https://elsewhere/c",
            },
        ),
    )
    assert (returned.status_url, returned.result_url, returned.cancel_url) == (
        "https://queue.fal.run/fal-ai/flux/requests/x/status",
        "https://queue.fal.run/fal-ai/flux/requests/x",
        "https://queue.fal.run/fal-ai/flux/requests/x/cancel",
    ), "URLs on a host nobody configured are rebuilt onto the queue host from the request id"


def test_fal_parses_statuses_and_errors() -> None:
    adapter = FalAdapter(config("https://q"))
    job = adapter.parse_submit(
        endpoint("fal", "fal-ai/flux/schnell", Capability.TEXT_TO_IMAGE), httpx.Response(200, json={"request_id": "r"})
    )
    assert (
        adapter.parse_poll(job, httpx.Response(200, json={"status": "IN_PROGRESS", "logs": []})).state
        is JobState.RUNNING
    )
    with pytest.raises(Exception, match="unexpected queue status"):
        adapter.parse_poll(job, httpx.Response(200, json={"status": "DONE"}))
    validation = adapter.error(
        httpx.Response(422, json={"detail": [{"loc": ["body", "prompt"], "msg": "field required", "type": "missing"}]})
    )
    assert "body.prompt: field required" in str(validation) and not validation.retryable
    policy = adapter.error(
        httpx.Response(
            422, json={"detail": [{"loc": ["body", "prompt"], "msg": "flagged", "type": "content_policy_violation"}]}
        )
    )
    assert isinstance(policy, ModerationRejected)
    with pytest.raises(ModerationRejected):
        adapter.parse_result(job, httpx.Response(200, json={"images": [{"url": "u"}], "has_nsfw_concepts": [True]}))


async def test_replicate_prefer_wait_cancel_after_and_statuses() -> None:
    adapter = ReplicateAdapter(config("https://api.replicate.com"))
    request = adapter.submit(
        endpoint("replicate", "black-forest-labs/flux-schnell", Capability.TEXT_TO_IMAGE), recipe(), []
    )
    assert str(request.url) == "https://api.replicate.com/v1/models/black-forest-labs/flux-schnell/predictions"
    assert request.headers["prefer"] == "wait=5" and request.headers["cancel-after"] == "30m"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert body(request)["input"] == {
        "prompt": "a trail shoe on a ridge",
        "aspect_ratio": "9:16",
        "num_outputs": 1,
        "output_format": "png",
        "seed": 7,
    }
    await accepted("replicate", request)
    job = adapter.parse_submit(
        endpoint("replicate", "x/y", Capability.TEXT_TO_IMAGE),
        httpx.Response(
            201,
            json={"id": "p1", "status": "starting", "urls": {"get": "https://g/p1", "cancel": "https://g/p1/cancel"}},
        ),
    )
    assert job.status_url == "https://api.replicate.com/v1/predictions/p1", "a foreign urls.get is rebuilt"
    assert job.cancel_url == "https://api.replicate.com/v1/predictions/p1/cancel"
    aborted = adapter.parse_poll(job, httpx.Response(200, json={"id": "p1", "status": "aborted"}))
    assert aborted.state is JobState.CANCELLED
    done = adapter.parse_poll(job, httpx.Response(200, json={"id": "p1", "status": "succeeded", "output": ["u1"]}))
    assert [o.url for o in done.outputs] == ["u1"]
    nsfw = adapter.parse_poll(job, httpx.Response(200, json={"status": "failed", "error": "NSFW content detected"}))
    assert nsfw.state is JobState.MODERATED


async def test_openai_routes(image: InputFile) -> None:
    adapter = OpenAIAdapter(config("https://api.openai.com/v1"))
    gen = adapter.submit(endpoint("openai", "gpt-image-1", Capability.TEXT_TO_IMAGE), recipe(), [])
    assert str(gen.url) == "https://api.openai.com/v1/images/generations"
    assert body(gen) == {
        "model": "gpt-image-1",
        "prompt": "a trail shoe on a ridge",
        "n": 1,
        "size": "1024x1536",
        "output_format": "png",
    }
    edit = adapter.submit(endpoint("openai", "gpt-image-1/edit", Capability.IMAGE_EDIT), recipe(), [image])
    assert edit.headers["content-type"].startswith("multipart/form-data") and b'name="image[]"' in edit.read()
    speech = adapter.submit(
        endpoint("openai", "gpt-4o-mini-tts", Capability.TEXT_TO_SPEECH),
        recipe(Capability.TEXT_TO_SPEECH, voice="en-us", extra={"instructions": "warm"}),
        [],
    )
    assert body(speech) == {
        "model": "gpt-4o-mini-tts",
        "input": "a trail shoe on a ridge",
        "voice": "coral",
        "response_format": "wav",
        "instructions": "warm",
    }
    blocked = adapter.error(httpx.Response(400, json={"error": {"message": "rejected", "code": "moderation_blocked"}}))
    assert isinstance(blocked, ModerationRejected)
    assert "sora-2" not in OPENAI_ROUTES, "the Videos API shut down on 2026-09-24"
    for request in (gen, edit, speech):
        await accepted("openai", request)


async def test_elevenlabs_voice_settings_seed_and_format() -> None:
    adapter = ElevenLabsAdapter(config("https://api.elevenlabs.io"))
    request = adapter.submit(
        endpoint("elevenlabs", "eleven_multilingual_v2", Capability.TEXT_TO_SPEECH),
        recipe(Capability.TEXT_TO_SPEECH, voice="en-us", extra={"stability": "0.4", "speed": "1.1"}),
        [],
    )
    assert request.url.path == "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM"
    assert request.url.params["output_format"] == "mp3_44100_128"
    assert request.headers["xi-api-key"] == KEY
    assert body(request) == {
        "text": "a trail shoe on a ridge",
        "model_id": "eleven_multilingual_v2",
        "voice_settings": {"stability": 0.4, "speed": 1.1},
        "seed": 7,
    }
    busy = adapter.error(
        httpx.Response(429, json={"detail": {"status": "too_many_concurrent_requests", "message": "busy"}})
    )
    assert "too_many_concurrent_requests" in str(busy) and busy.retryable
    await accepted("elevenlabs", request)


async def test_gemini_veo_sends_no_seed_and_reads_filtered_results(image: InputFile) -> None:
    adapter = GeminiAdapter(config("https://generativelanguage.googleapis.com"))
    request = adapter.submit(
        endpoint("gemini", "veo-3.1-lite-generate-001", Capability.IMAGE_TO_VIDEO),
        recipe(Capability.IMAGE_TO_VIDEO),
        [image],
    )
    assert request.url.path == "/v1beta/models/veo-3.1-lite-generate-001:predictLongRunning"
    assert request.headers["x-goog-api-key"] == KEY
    sent = body(request)
    assert sent["parameters"] == {
        "sampleCount": 1,
        "durationSeconds": 6,
        "aspectRatio": "9:16",
        "resolution": "720p",
        "negativePrompt": "blurry",
    }
    assert "seed" not in json.dumps(sent)
    await accepted("gemini", request)
    assert base64.b64decode(sent["instances"][0]["image"]["bytesBase64Encoded"]).startswith(b"\x89PNG")  # type: ignore[index]
    job = adapter.parse_submit(
        endpoint("gemini", "veo", Capability.IMAGE_TO_VIDEO),
        httpx.Response(200, json={"name": "models/veo/operations/op1"}),
    )
    assert job.status_url == "https://generativelanguage.googleapis.com/v1beta/models/veo/operations/op1"
    filtered = adapter.parse_poll(
        job,
        httpx.Response(
            200,
            json={
                "name": "x",
                "done": True,
                "response": {
                    "generateVideoResponse": {"raiMediaFilteredCount": 1, "raiMediaFilteredReasons": ["celebrity"]}
                },
            },
        ),
    )
    assert filtered.state is JobState.MODERATED and filtered.error == "celebrity"
    other_host = adapter.download(
        adapter.parse_poll(
            job,
            httpx.Response(
                200,
                json={
                    "done": True,
                    "response": {
                        "generateVideoResponse": {"generatedSamples": [{"video": {"uri": "https://cdn.example/v.mp4"}}]}
                    },
                },
            ),
        ).outputs[0]
    )
    assert "x-goog-api-key" not in other_host.headers, "the key is only ever sent to the configured host"


async def test_runway_version_header_ratio_and_statuses(image: InputFile) -> None:
    adapter = RunwayAdapter(config("https://api.dev.runwayml.com"))
    request = adapter.submit(
        endpoint("runway", "gen4_turbo", Capability.IMAGE_TO_VIDEO), recipe(Capability.IMAGE_TO_VIDEO), [image]
    )
    assert request.headers["x-runway-version"] == "2024-11-06"
    sent = body(request)
    assert (sent["model"], sent["ratio"], sent["duration"], sent["seed"]) == ("gen4_turbo", "720:1280", 4, 7)
    job = adapter.parse_submit(
        endpoint("runway", "gen4_turbo", Capability.IMAGE_TO_VIDEO), httpx.Response(200, json={"id": "t1"})
    )
    assert adapter.parse_poll(job, httpx.Response(200, json={"status": "THROTTLED"})).state is JobState.QUEUED
    safety = adapter.parse_poll(
        job, httpx.Response(200, json={"status": "FAILED", "failure": "flagged", "failureCode": "SAFETY.INPUT.TEXT"})
    )
    assert safety.state is JobState.MODERATED
    assert adapter.cancel(job).method == "DELETE"
    await accepted("runway", request)


async def test_bfl_sizes_polling_url_and_moderation() -> None:
    adapter = BflAdapter(config("https://api.bfl.ai"))
    request = adapter.submit(
        endpoint("bfl", "flux-2-pro", Capability.TEXT_TO_IMAGE), recipe(width=1081, height=1919), []
    )
    assert request.headers["x-key"] == KEY
    sent = body(request)
    assert sent["width"] % 16 == 0 and sent["height"] % 16 == 0
    await accepted("bfl", request)
    job = adapter.parse_submit(
        endpoint("bfl", "flux-2-pro", Capability.TEXT_TO_IMAGE),
        httpx.Response(200, json={"id": "b1", "polling_url": "https://api.eu.bfl.ai/v1/get_result?id=b1"}),
    )
    assert job.status_url == "https://api.eu.bfl.ai/v1/get_result?id=b1", "the regional polling URL is followed"
    moderated = adapter.parse_poll(job, httpx.Response(200, json={"id": "b1", "status": "Content Moderated"}))
    assert moderated.state is JobState.MODERATED
    ready = adapter.parse_poll(job, httpx.Response(200, json={"status": "Ready", "result": {"sample": "https://s"}}))
    assert ready.outputs[0].url == "https://s"


@pytest.mark.parametrize("path", sorted(FAL_ROUTES))
async def test_every_fal_route_builds_a_request(path: str, image: InputFile) -> None:
    capability = FAL_ROUTES[path][0]
    lyrics = {"lyrics": "[verse]\nLace up, the ridge is calling"}  # only MiniMax Music reads it: it sings
    shot = recipe(capability, extra=lyrics)
    request = FalAdapter(config("https://q")).submit(endpoint("fal", path, capability), shot, [image])
    sent = body(request)
    assert sent, path
    assert ("prompt" in sent) or ("text" in sent) or ("image_url" in sent) or ("video_url" in sent)
    await accepted("fal", request)


async def test_runway_aleph_sends_the_source_video(tmp_path: Path) -> None:
    clip = tmp_path / "c.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    request = RunwayAdapter(config("https://api.dev.runwayml.com")).submit(
        endpoint("runway", "aleph2", Capability.VIDEO_EDIT), recipe(Capability.VIDEO_EDIT), [InputFile(path=clip)]
    )
    assert str(request.url) == "https://api.dev.runwayml.com/v1/video_to_video"
    sent = body(request)
    assert sent["model"] == "aleph2" and str(sent["videoUri"]).startswith("data:video/mp4;base64,")
    await accepted("runway", request)
