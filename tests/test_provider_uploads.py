"""Large inputs through each provider's file API, small ones inline, bad ones refused before anything is sent.

The fakes reproduce the upload flows of the providers' own clients (fal-js ``storage.ts``, replicate-python
``file.py``, runwayml ``uploads.py``); presigned storage is another origin of the same fake.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakeproviders import start
from tests.fakeproviders.common import FakeServer, FakeState, png
from tests.fakeproviders.uploads import storage_requests, storage_url, uploads
from tests.providers_support import SECRET, fake_session, mock_session, settings_for
from tests.providers_support import recipe as make_recipe
from tools.jobs.context import JobContext
from tools.jobs.runner import SubmitOutcomeUnknown
from tools.jobs.session import key_scopes, provider_session
from tools.jobs.store import Phase
from tools.providers.base import AdapterConfig, Endpoint, InputFile, ProviderError
from tools.providers.keyguard import KeyRefused
from tools.providers.runway import RULES as RUNWAY_RULES
from tools.providers.settings import ProviderSettings
from tools.providers.uploads import InputRefused, MiB, data_uri_length, goes_inline
from tools.recipe import Capability

JOB = JobContext(campaign_id="test-campaign", scene=1)
MODEL = {"fal": "kling-2.5-turbo-pro", "replicate": "wan-2.5", "runway": "runway-gen4-turbo"}
IMAGE_FIELD = {"fal": "image_url", "replicate": "image", "runway": "promptImage"}
UPLOAD_PATH = {"fal": "/storage/upload/initiate", "replicate": "/v1/files", "runway": "/v1/uploads"}
SUBMIT_PATH = {"fal": "image-to-video", "replicate": "/predictions", "runway": "/v1/image_to_video"}
LIMIT_MB = {"fal": 90, "replicate": 100, "runway": 200}
PROVIDERS = list(MODEL)


def big_png(path: Path, megabytes: float = 6) -> bytes:
    """A valid PNG padded past its IEND chunk to ``megabytes`` (decoders stop at IEND)."""
    data = png(90, 160) + os.urandom(int(megabytes * MiB))
    path.write_bytes(data)
    return data


def submitted_image(state: FakeState, provider: str) -> str:
    """The image reference the single generation submit carried."""
    [entry] = state.submits(SUBMIT_PATH[provider])
    body = entry["body"]
    value = (body["input"] if provider == "replicate" else body)[IMAGE_FIELD[provider]]
    assert isinstance(value, str)
    return value


def upload_requests(state: FakeState, provider: str) -> list[dict[str, Any]]:
    return [r for r in state.requests if r["path"] == UPLOAD_PATH[provider]]


async def animate(
    session: Any, provider: str, tmp_path: Path, frame: Path, job: JobContext = JOB, seed: int = 11
) -> Any:
    recipe = make_recipe(MODEL[provider], Capability.IMAGE_TO_VIDEO, seed=seed)
    return await session.backends.run(recipe, tmp_path / f"clip-{seed}.mp4", job, [frame])


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_6_mb_reference_goes_through_the_providers_file_api(tmp_path: Path, provider: str) -> None:
    frame = tmp_path / "reference.png"
    data = big_png(frame)
    async with fake_session(provider, tmp_path) as (session, server):
        made = await animate(session, provider, tmp_path, frame)
        state = server.state
        assert made.path.stat().st_size > 0
        ref = submitted_image(state, provider)
        assert not ref.startswith("data:"), "a 6 MB file is not inlined"
        [name] = uploads(state)
        assert state.files[name][0] == data, "the exact bytes reached the provider's storage"
        assert name in ref, "the submit names the uploaded file"
        [started] = upload_requests(state, provider)
        assert SECRET in started["headers"]["authorization"], "the upload is started on the provider's API, keyed"
        if provider == "runway":
            assert ref.startswith("runway://")
        [record] = session.store.campaign_jobs("test-campaign")
        assert record.state is Phase.DONE


@pytest.mark.parametrize("provider", ["fal", "runway"])
async def test_the_key_never_reaches_the_presigned_storage_host(tmp_path: Path, provider: str) -> None:
    frame = tmp_path / "reference.png"
    big_png(frame)
    async with fake_session(provider, tmp_path) as (session, server):
        await animate(session, provider, tmp_path, frame)
        [transfer] = storage_requests(server.state)
        assert transfer["method"] in ("PUT", "POST")
        assert not any(SECRET in value for value in transfer["headers"].values())
        assert "authorization" not in transfer["headers"]
        stray = httpx.Request(
            "PUT", f"{storage_url(server.state)}/anything", headers={"Authorization": f"Bearer {SECRET}"}
        )
        storage = httpx.URL(storage_url(server.state)).host
        with pytest.raises(KeyRefused, match=f"refused to send the API key to {storage}"):
            await session.runner.client.send(stray)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_small_reference_stays_inline(tmp_path: Path, provider: str) -> None:
    frame = tmp_path / "keyframe.png"
    frame.write_bytes(png(90, 160))
    async with fake_session(provider, tmp_path) as (session, server):
        await animate(session, provider, tmp_path, frame)
        assert submitted_image(server.state, provider).startswith("data:image/png;base64,")
        assert upload_requests(server.state, provider) == [] and uploads(server.state) == []


async def test_the_threshold_is_a_setting(tmp_path: Path) -> None:
    frame = tmp_path / "keyframe.png"
    frame.write_bytes(png(90, 160))
    async with fake_session("fal", tmp_path, STUDIO_UPLOAD_ABOVE_BYTES='{"fal": 0}') as (session, server):
        await animate(session, "fal", tmp_path, frame)
        assert submitted_image(server.state, "fal").startswith(f"{server.url}/files/up-")
    with pytest.raises(ValueError, match="unknown provider 'fall'"):
        ProviderSettings.model_validate({"STUDIO_UPLOAD_ABOVE_BYTES": '{"fall": 0}'})


def test_runway_inlines_up_to_its_data_uri_cap_only(tmp_path: Path) -> None:
    """Runway caps a data URI's encoded length at 5 MB for images and 16 MB for video."""
    config = AdapterConfig(base_url="https://api.dev.runwayml.com", api_key="k")  # type: ignore[arg-type]

    def inline(name: str, size: int, capability: Capability = Capability.IMAGE_TO_VIDEO) -> bool:
        path = tmp_path / name
        with path.open("wb") as f:
            f.truncate(size)
        endpoint = Endpoint(model_id="m", capability=capability, provider="runway", path="gen4_turbo")
        return goes_inline(RUNWAY_RULES, config, endpoint, InputFile(path=path))

    assert data_uri_length(3, "image/png") == len("data:image/png;base64,") + 4
    assert inline("a.png", int(3.7 * MiB)) and not inline("b.png", int(3.8 * MiB))
    assert inline("c.mp4", 11 * MiB, Capability.VIDEO_EDIT) and not inline("d.mp4", 13 * MiB, Capability.VIDEO_EDIT)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_wrong_format_is_refused_before_anything_is_sent(tmp_path: Path, provider: str) -> None:
    frame = tmp_path / "reference.tiff"
    frame.write_bytes(b"II*\x00" + bytes(2048))
    async with fake_session(provider, tmp_path) as (session, server):
        with pytest.raises(InputRefused) as refused:
            await animate(session, provider, tmp_path, frame)
        assert "reference.tiff:" in str(refused.value) and "PNG" in str(refused.value)
        assert "convert it" in str(refused.value)
        assert server.state.requests == [], "nothing was uploaded or submitted"
        assert session.ledger.committed("test-campaign") == 0


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_an_oversized_input_is_refused_and_paid_work_is_kept(tmp_path: Path, provider: str) -> None:
    small = tmp_path / "keyframe.png"
    small.write_bytes(png(90, 160))
    huge = tmp_path / "poster.png"
    with huge.open("wb") as f:
        f.truncate((LIMIT_MB[provider] + 1) * MiB)  # sparse: the size is checked before any byte is read
    async with fake_session(provider, tmp_path) as (session, server):
        paid = await animate(session, provider, tmp_path, small)
        sent = len(server.state.requests)
        with pytest.raises(InputRefused, match=rf"poster.png: {LIMIT_MB[provider] + 1}\.0 MB is too large") as refused:
            await animate(session, provider, tmp_path, huge, JobContext(campaign_id="test-campaign", scene=2), seed=12)
        assert f"up to {LIMIT_MB[provider]} MB" in str(refused.value)
        assert len(server.state.requests) == sent, "the refusal sent nothing"
        assert session.ledger.committed("test-campaign") == pytest.approx(paid.cost_usd)
        states = sorted(r.state for r in session.store.campaign_jobs("test-campaign"))
        assert Phase.DONE in states and paid.path.is_file()


async def test_two_jobs_sharing_a_reference_upload_it_once(tmp_path: Path) -> None:
    frame = tmp_path / "reference.png"
    big_png(frame)
    async with fake_session("fal", tmp_path) as (session, server):
        await animate(session, "fal", tmp_path, frame, seed=1)
        await animate(session, "fal", tmp_path, frame, seed=2)
        assert len(upload_requests(server.state, "fal")) == 1 and len(uploads(server.state)) == 1
        assert len(server.state.submits("image-to-video")) == 2


@asynccontextmanager
async def session_on(server: FakeServer, provider: str, db: Path) -> AsyncIterator[Any]:
    async with provider_session(db, settings_for(provider, server), poll_interval_s=0.02) as session:
        yield session


@pytest.mark.parametrize("provider", ["fal", "replicate"])
async def test_a_resumed_job_does_not_upload_again(tmp_path: Path, provider: str) -> None:
    frame = tmp_path / "reference.png"
    big_png(frame)
    db = tmp_path / "jobs.db"
    with start(provider, FakeState(latency_s=0.05, faults=["500"])) as server:
        async with session_on(server, provider, db) as first:
            with pytest.raises(SubmitOutcomeUnknown):
                await animate(first, provider, tmp_path, frame)
        async with session_on(server, provider, db) as resumed:  # a new process on the same job store
            again = JobContext(campaign_id="test-campaign", scene=1, resubmit_unknown=True)
            made = await animate(resumed, provider, tmp_path, frame, again)
        assert made.path.is_file()
        assert len(upload_requests(server.state, provider)) == 1 and len(uploads(server.state)) == 1
        assert len(server.state.submits(SUBMIT_PATH[provider])) == 2


def test_fals_rest_host_gets_the_key_and_storage_hosts_do_not() -> None:
    settings = ProviderSettings.model_validate(
        {"FAL_KEY": SECRET, "FAL_BASE_URL": "https://queue.example.com", "FAL_REST_URL": "https://rest.example.com"}
    )
    [scope] = key_scopes(settings)
    assert scope.allows(httpx.URL("https://rest.example.com/storage/upload/initiate"))
    assert scope.allows(httpx.URL("https://queue.example.com/fal-ai/x"))
    assert not scope.allows(httpx.URL("https://storage.googleapis.com/fal-bucket/upload"))
    assert not scope.allows(httpx.URL("https://v3.fal.media/files/upload"))


async def test_an_upload_slot_that_is_not_https_is_not_used(tmp_path: Path) -> None:
    frame = tmp_path / "reference.png"
    big_png(frame, 2)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/storage/upload/initiate":
            slot = {"upload_url": "http://storage.example.com/put/1", "file_url": "https://v3.fal.media/files/x.png"}
            return httpx.Response(200, json=slot)
        return httpx.Response(500)

    async with mock_session("fal", tmp_path, handler, "https://queue.fal.run") as session:
        with pytest.raises(ProviderError, match="the upload slot is not https"):
            await animate(session, "fal", tmp_path, frame)
        assert [r.url.host for r in seen] == ["rest.fal.ai"], "neither the bytes nor a submit were sent"
        assert session.ledger.committed("test-campaign") == 0
