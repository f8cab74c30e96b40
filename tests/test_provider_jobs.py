"""Real adapter code and the durable runner against the fake providers."""

import asyncio
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.fakeproviders import start
from tests.fakeproviders.common import FORBIDDEN, FakeState
from tests.providers_support import fake_session, settings_for
from tests.providers_support import recipe as make_recipe
from tools.jobs.context import JobContext
from tools.jobs.db import Database
from tools.jobs.ledger import BudgetExceeded, Ledger
from tools.jobs.runner import JobRunner, SubmitOutcomeUnknown
from tools.jobs.session import provider_session
from tools.jobs.store import JobStore, Phase
from tools.probe import probe
from tools.providers import http as provider_http
from tools.providers.base import ModerationRejected, ProviderError
from tools.providers.http import OutcomeUnknown, RetryPolicy
from tools.recipe import Capability, Recipe, sha256_file

CASES = [
    ("fal", "flux-schnell", Capability.TEXT_TO_IMAGE, ".png"),
    ("fal", "kling-2.5-turbo-pro", Capability.IMAGE_TO_VIDEO, ".mp4"),
    ("fal", "elevenlabs-multilingual-v2", Capability.TEXT_TO_SPEECH, ".mp3"),
    ("replicate", "flux-schnell", Capability.TEXT_TO_IMAGE, ".png"),
    ("replicate", "wan-2.5", Capability.IMAGE_TO_VIDEO, ".mp4"),
    ("openai", "gpt-image-1", Capability.TEXT_TO_IMAGE, ".png"),
    ("openai", "openai-gpt-4o-mini-tts", Capability.TEXT_TO_SPEECH, ".wav"),
    ("elevenlabs", "elevenlabs-multilingual-v2", Capability.TEXT_TO_SPEECH, ".mp3"),
    ("gemini", "veo-3.1-lite", Capability.IMAGE_TO_VIDEO, ".mp4"),
    ("runway", "runway-gen4-turbo", Capability.IMAGE_TO_VIDEO, ".mp4"),
    ("bfl", "flux-2-pro", Capability.TEXT_TO_IMAGE, ".png"),
]
SUFFIX = {Capability.TEXT_TO_IMAGE: ".png", Capability.IMAGE_TO_VIDEO: ".mp4", Capability.TEXT_TO_SPEECH: ".wav"}


@pytest.fixture
def keyframe(tmp_path: Path) -> Path:
    from tests.fakeproviders.common import png

    path = tmp_path / "keyframe.png"
    path.write_bytes(png(90, 160))
    return path


JOB = JobContext(campaign_id="test-campaign", scene=1)


@pytest.mark.parametrize(("provider", "model_id", "capability", "suffix"), CASES)
async def test_a_generation_runs_end_to_end_through_each_provider(
    tmp_path: Path, keyframe: Path, provider: str, model_id: str, capability: Capability, suffix: str
) -> None:
    async with fake_session(provider, tmp_path) as (session, server):
        assert session.routed[model_id] == provider
        inputs = [keyframe] if capability is Capability.IMAGE_TO_VIDEO else []
        made = await session.backends.run(
            make_recipe(model_id, capability), tmp_path / f"out{SUFFIX[capability]}", JOB, inputs
        )
        assert made.path.suffix == suffix and made.path.stat().st_size > 0
        assert made.provider_route.startswith(f"{provider}:")
        facts = probe(made.path)
        if capability is Capability.IMAGE_TO_VIDEO:
            assert facts.video_codec == "h264"
        if capability is Capability.TEXT_TO_SPEECH:
            assert facts.audio_codec is not None
        assert made.cost_usd > 0
        [line] = session.ledger.totals("test-campaign", "model_id")
        assert (line.group, line.reserved_usd, line.charged_usd) == (model_id, 0, pytest.approx(made.cost_usd))
        records = session.store.campaign_jobs("test-campaign")
        assert [(r.state, r.sha256) for r in records] == [(Phase.DONE, sha256_file(made.path))]
        assert len(server.state.submits()) == 1


async def test_done_jobs_are_never_paid_twice(tmp_path: Path) -> None:
    async with fake_session("fal", tmp_path) as (session, server):
        recipe = make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE)
        first = await session.backends.run(recipe, tmp_path / "a.png", JOB)
        again = await session.backends.run(recipe, tmp_path / "a.png", JOB)
        assert again.path == first.path and again.cost_usd == 0
        assert len(server.state.submits()) == 1
        assert session.ledger.committed("test-campaign") == pytest.approx(first.cost_usd)


async def test_429_honours_retry_after_and_an_ingress_502_backs_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    delays: list[float] = []
    real_sleep = asyncio.sleep

    async def record(seconds: float) -> None:
        delays.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(provider_http, "_sleep", record)
    state = FakeState(latency_s=0.05, faults=["429", "ingress-502"], retry_after_s="7")
    async with fake_session("fal", tmp_path, state) as (session, server):
        made = await session.backends.run(
            make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB
        )
    assert made.path.is_file()
    assert delays[0] == 7, "the Retry-After header sets the first wait"
    assert 0 <= delays[1] <= RetryPolicy().base_s * 2, "fal's ingress 502 backs off exponentially with jitter"
    assert len(server.state.submits()) == 3


def test_retry_after_ms_and_dates() -> None:
    assert provider_http.retry_after(httpx.Response(429, headers={"retry-after-ms": "1500"})) == 1.5
    assert provider_http.retry_after(httpx.Response(429, headers={"retry-after": "3"})) == 3
    assert provider_http.retry_after(httpx.Response(429, headers={"retry-after": "9999"})) == 120
    assert not provider_http.should_retry(httpx.Response(504, headers={"x-fal-request-timeout-type": "user"}))


async def test_validation_errors_are_not_retried_and_release_the_reservation(tmp_path: Path) -> None:
    async with fake_session("runway", tmp_path) as (session, server):
        request_ratio_missing = make_recipe("runway-gen4-turbo", Capability.IMAGE_TO_VIDEO)
        backend_runner = session.runner
        from tools.providers.base import Endpoint
        from tools.providers.runway import RunwayAdapter

        adapter = RunwayAdapter(settings_for("runway", server).config("runway"))  # type: ignore[arg-type]
        endpoint = Endpoint(
            model_id="runway-gen4-turbo", capability=Capability.IMAGE_TO_VIDEO, provider="runway", path="gen4_turbo"
        )
        bad = httpx.Request(
            "POST",
            f"{server.url}/v1/image_to_video",
            json={"model": "gen4_turbo"},
            headers={"Authorization": "Bearer k", "X-Runway-Version": "2024-11-06"},
        )
        with pytest.raises(ProviderError, match="HTTP 400: Validation of body failed"):
            await backend_runner.run(
                adapter, endpoint, request_ratio_missing.digest(), bad, tmp_path / "c.mp4", estimate_usd=0.25, job=JOB
            )
        assert len(server.state.submits()) == 1
        assert session.ledger.committed("test-campaign") == 0
        assert session.store.campaign_jobs("test-campaign")[0].state is Phase.FAILED


@pytest.mark.parametrize("provider", ["fal", "replicate", "openai", "gemini", "runway", "bfl"])
async def test_safety_rejections_are_reported_with_the_reason(tmp_path: Path, keyframe: Path, provider: str) -> None:
    model, capability = {
        "fal": ("flux-schnell", Capability.TEXT_TO_IMAGE),
        "replicate": ("flux-schnell", Capability.TEXT_TO_IMAGE),
        "openai": ("gpt-image-1", Capability.TEXT_TO_IMAGE),
        "gemini": ("veo-3.1-lite", Capability.IMAGE_TO_VIDEO),
        "runway": ("runway-gen4-turbo", Capability.IMAGE_TO_VIDEO),
        "bfl": ("flux-2-pro", Capability.TEXT_TO_IMAGE),
    }[provider]
    async with fake_session(provider, tmp_path) as (session, _):
        inputs = [keyframe] if capability is Capability.IMAGE_TO_VIDEO else []
        with pytest.raises(ModerationRejected) as blocked:
            await session.backends.run(
                make_recipe(model, capability, prompt=f"{FORBIDDEN} shot"), tmp_path / "x.png", JOB, inputs
            )
        assert blocked.value.reason
        assert session.ledger.committed("test-campaign") == 0
        assert session.store.campaign_jobs("test-campaign")[0].state is Phase.MODERATED


async def test_cancel_stops_the_remote_job_and_releases_money(tmp_path: Path, keyframe: Path) -> None:
    async with fake_session("fal", tmp_path, FakeState(latency_s=30)) as (session, server):
        task = asyncio.create_task(
            session.backends.run(
                make_recipe("kling-2.5-turbo", Capability.IMAGE_TO_VIDEO), tmp_path / "c.mp4", JOB, [keyframe]
            )
        )
        for _ in range(200):
            await asyncio.sleep(0.02)
            if any(r.state is Phase.SUBMITTED for r in session.store.campaign_jobs("test-campaign")):
                break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert [r["method"] for r in server.state.requests if r["path"].endswith("/cancel")] == ["PUT"]
        assert session.ledger.committed("test-campaign") == 0
        assert session.store.campaign_jobs("test-campaign")[0].state is Phase.CANCELLED


async def test_twenty_racing_jobs_never_exceed_the_budget(tmp_path: Path, keyframe: Path) -> None:
    async with fake_session("fal", tmp_path, FakeState(latency_s=0.05, concurrency=20)) as (session, server):
        session.ledger.set_budget("test-campaign", 3.0)  # kling pro: $0.35 per 5 s clip → room for 8
        results = await asyncio.gather(
            *(
                session.backends.run(
                    make_recipe("kling-2.5-turbo-pro", Capability.IMAGE_TO_VIDEO, seed=i),
                    tmp_path / f"c{i}.mp4",
                    JOB,
                    [keyframe],
                )
                for i in range(20)
            ),
            return_exceptions=True,
        )
        made = [r for r in results if not isinstance(r, BaseException)]
        refused = [r for r in results if isinstance(r, BudgetExceeded)]
        assert (len(made), len(refused)) == (8, 12)
        assert session.ledger.committed("test-campaign") == pytest.approx(8 * 0.35)
        assert len(server.state.submits()) == 8, "refused jobs are never submitted"


def _reserve_many(path: str, worker: int) -> int:
    ledger = Ledger(Database(Path(path)))
    granted = 0
    for i in range(10):
        try:
            ledger.reserve(f"w{worker}-{i}", campaign_id="c", scene=None, model_id="m", estimate_usd=1.0)
            granted += 1
        except BudgetExceeded:
            pass
    return granted


def test_reservations_hold_across_processes(tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    Ledger(Database(db)).set_budget("c", 17.0)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        granted = pool.starmap(_reserve_many, [(str(db), w) for w in range(4)])
    assert sum(granted) == 17
    assert Ledger(Database(db)).committed("c") == 17.0


async def test_a_lost_submit_answer_is_never_resent_blindly(tmp_path: Path) -> None:
    state = FakeState(latency_s=0.05, faults=["drop"])
    with start("fal", state) as server:
        db = Database(tmp_path / "jobs.db")
        store, ledger = JobStore(db), Ledger(db)
        from tools.catalog import load_catalog
        from tools.jobs.backend import ProviderBackend
        from tools.providers.fal import FalAdapter
        from tools.routes import ProviderRoute, endpoints_for

        spec = load_catalog().get("flux-schnell")
        config = settings_for("fal", server).config("fal")
        assert config is not None
        recipe = make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE)
        async with httpx.AsyncClient(timeout=httpx.Timeout(1.0)) as client:
            backend = ProviderBackend(
                ProviderRoute(spec, FalAdapter(config), endpoints_for(spec, "fal")),
                JobRunner(client, store, ledger, poll_interval_s=0.02),
            )
            with pytest.raises(OutcomeUnknown):
                await backend.run(recipe, [], tmp_path / "a.png", JOB)
            with pytest.raises(SubmitOutcomeUnknown, match="resume with --resubmit-unknown"):
                await backend.run(recipe, [], tmp_path / "a.png", JOB)
            assert len(state.submits()) == 1, "no second submit while the first one's fate is unknown"
            resubmit = JOB.model_copy(update={"resubmit_unknown": True})
            made = await backend.run(recipe, [], tmp_path / "a.png", resubmit)
        assert made.path.is_file() and len(state.submits()) == 2


KILLED_WORKER = """
import asyncio, sys
from pathlib import Path
from tools.jobs.context import JobContext
from tools.jobs.session import provider_session
from tools.providers.settings import ProviderSettings
from tools.recipe import Capability, Recipe

async def main():
    JOB = JobContext(campaign_id="kill-test", scene=1)
    settings = ProviderSettings(FAL_KEY="k", FAL_BASE_URL=sys.argv[1])
    async with provider_session(Path(sys.argv[2]), settings, poll_interval_s=0.05) as session:
        recipe = Recipe(capability=Capability.TEXT_TO_IMAGE, model_id="flux-schnell", model_version="1",
                        provider_route="fal", prompt="a shoe", seed=5, width=256, height=256)
        await session.backends.run(recipe, Path(sys.argv[3]), JOB)

asyncio.run(main())
"""


async def test_a_killed_process_resumes_the_same_job_without_submitting_again(tmp_path: Path) -> None:
    state = FakeState(latency_s=3.0)
    with start("fal", state) as server:
        db, out = tmp_path / "jobs.db", tmp_path / "kf.png"
        worker = subprocess.Popen([sys.executable, "-c", KILLED_WORKER, server.url, str(db), str(out)])
        try:
            deadline = time.monotonic() + 30
            while not (
                db.exists()
                and JobStore(Database(db)).campaign_jobs("kill-test")
                and JobStore(Database(db)).campaign_jobs("kill-test")[0].state is Phase.SUBMITTED
            ):
                assert time.monotonic() < deadline, "the worker never submitted"
                await asyncio.sleep(0.05)
        finally:
            worker.kill()
            worker.wait()
        assert len(state.submits()) == 1 and not out.exists()

        killed = JobContext(campaign_id="kill-test", scene=1)
        settings = settings_for("fal", server)
        async with provider_session(db, settings, poll_interval_s=0.05) as session:
            recipe = Recipe(
                capability=Capability.TEXT_TO_IMAGE,
                model_id="flux-schnell",
                model_version="1",
                provider_route="fal",
                prompt="a shoe",
                seed=5,
                width=256,
                height=256,
            )
            made = await session.backends.run(recipe, out, killed)
            assert made.path.is_file()
            assert len(state.submits()) == 1, "the resumed run polled the accepted job instead of submitting again"
            [line] = session.ledger.totals("kill-test")
            assert line.charged_usd > 0 and line.reserved_usd == 0


async def test_downloads_of_the_wrong_kind_are_refused(tmp_path: Path) -> None:
    from tools.jobs.download import DownloadFailed, check_type

    with pytest.raises(DownloadFailed, match="expected video/"):
        check_type(tmp_path / "clip.mp4", "text/html")
    check_type(tmp_path / "frame.png", "image/jpeg")


async def test_unconfigured_providers_route_nothing(tmp_path: Path) -> None:
    from tools.providers.settings import ProviderSettings

    async with provider_session(tmp_path / "jobs.db", ProviderSettings()) as session:
        assert session.routed == {}
        assert not session.backends.available("flux-schnell")
        assert session.backends.available("local/keyframe") and session.backends.route("local/keyframe") == "local"
