"""``studio ledger --reconcile`` against the fake fal's billing events: agreement, differences, paging, keys."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from agent.reconcile import Status, reconcile
from tests.conftest import only_campaign
from tests.fakeproviders import base_url, start
from tests.fakeproviders.common import FakeState, png
from tests.fakeproviders.inprocess import FakeNet
from tests.providers_support import SECRET, fake_session, keyed
from tests.providers_support import recipe as make_recipe
from tools.jobs.context import JobContext
from tools.providers.fal_billing import billing_events_requests, parse_billing_events, windows
from tools.providers.settings import ProviderSettings
from tools.recipe import Capability
from ui.cli.main import app

JOB = JobContext(campaign_id="reconciled", scene=1)
CATALOG_PRICES = {"fal-ai/flux/schnell": (0.003, "megapixel")}
"""What the catalog charges for FLUX schnell: fal billing at this rate agrees with the ledger."""
KLING = "fal-ai/kling-video/v2.5-turbo/pro/image-to-video"


def asked(state: FakeState) -> list[dict[str, object]]:
    return [r for r in state.requests if r["path"] == "/v1/models/billing-events"]


async def test_the_ledger_matches_when_fal_bills_the_catalog_price_and_every_page_is_read(tmp_path: Path) -> None:
    state = FakeState(latency_s=0.02, prices=dict(CATALOG_PRICES))
    async with fake_session("fal", tmp_path, state) as (session, server):
        for n in range(3):
            await session.backends.run(
                make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE, seed=n), tmp_path / f"{n}.png", JOB
            )
        settings = ProviderSettings(FAL_KEY=SECRET, FAL_PLATFORM_URL=server.url)
        result = await reconcile("reconciled", session.ledger, session.store, settings, transport=FakeNet(server))
    [line] = result.lines
    assert (line.provider, line.model_id, line.jobs, line.reported_jobs) == ("fal", "flux-schnell", 3, 3)
    assert line.status is Status.MATCHES and line.reported_usd == pytest.approx(line.charged_usd) == pytest.approx(
        0.009
    )
    assert result.difference_usd == pytest.approx(0)
    pages = asked(state)
    assert len(pages) == 2 and pages[1]["query"]["cursor"] == "2", (
        "three events in pages of two: the cursor is followed"
    )
    assert all(p["headers"]["authorization"] == f"Key {SECRET}" for p in pages)
    assert pages[0]["query"]["endpoint_id"] == "fal-ai/flux/schnell"
    assert result.providers[0].matched_by and "request id" in result.providers[0].matched_by


async def test_a_different_fal_price_is_flagged_and_an_unbilled_job_is_not_reported(tmp_path: Path) -> None:
    keyframe = tmp_path / "key.png"
    keyframe.write_bytes(png(90, 160))
    state = FakeState(latency_s=0.02, prices={"fal-ai/flux/schnell": (0.01, "megapixel")})
    async with fake_session("fal", tmp_path, state) as (session, server):
        await session.backends.run(make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB)
        await session.backends.run(
            make_recipe("kling-2.5-turbo-pro", Capability.IMAGE_TO_VIDEO), tmp_path / "b.mp4", JOB, [keyframe]
        )
        settings = ProviderSettings(FAL_KEY=SECRET, FAL_PLATFORM_URL=server.url)
        result = await reconcile("reconciled", session.ledger, session.store, settings, transport=FakeNet(server))
    by = {line.model_id: line for line in result.lines}
    flux, kling = by["flux-schnell"], by["kling-2.5-turbo-pro"]
    assert flux.status is Status.DIFFERS and flux.difference_usd == pytest.approx(0.01 - 0.003)
    assert kling.status is Status.NOT_REPORTED and kling.reported_usd is None and kling.charged_usd > 0


async def test_without_fal_key_the_ledger_is_still_shown_and_the_variable_named(tmp_path: Path) -> None:
    async with fake_session("fal", tmp_path) as (session, server):
        await session.backends.run(make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB)
        result = await reconcile("reconciled", session.ledger, session.store, ProviderSettings())
    [line] = result.lines
    assert line.status is Status.NOT_CHECKED and line.charged_usd == pytest.approx(0.003)
    [problem] = result.problems
    assert "set FAL_KEY" in (problem.problem or "")
    assert asked(server.state) == [], "nothing is asked without a key"


async def test_an_api_error_is_reported_in_fals_words_and_the_key_goes_only_to_the_platform_host(
    tmp_path: Path,
) -> None:
    sent: list[httpx.Request] = []

    def platform(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(403, json={"detail": "This endpoint requires an ADMIN API key"})

    async with fake_session("fal", tmp_path) as (session, server):
        await session.backends.run(make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB)
        settings = ProviderSettings(FAL_KEY=SECRET, FAL_BASE_URL=server.url, FAL_PLATFORM_URL="https://platform.test")
        result = await reconcile(
            "reconciled", session.ledger, session.store, settings, transport=httpx.MockTransport(platform)
        )
    [problem] = result.problems
    assert "HTTP 403" in (problem.problem or "") and "requires an ADMIN API key" in (problem.problem or "")
    assert result.lines[0].status is Status.NOT_CHECKED
    assert sent and all(r.url.host == "platform.test" and r.url.scheme == "https" for r in sent)
    assert all(keyed(r) and SECRET not in str(r.url) for r in sent), "the key travels in the header only"


async def test_a_cursor_cannot_take_the_key_elsewhere(tmp_path: Path) -> None:
    sent: list[httpx.Request] = []

    def platform(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        page = {"billing_events": [], "next_cursor": "https://evil.test/steal", "has_more": True}
        return httpx.Response(200, json=page if len(sent) == 1 else {"billing_events": [], "has_more": False})

    async with fake_session("fal", tmp_path) as (session, _):
        await session.backends.run(make_recipe("flux-schnell", Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB)
        settings = ProviderSettings(FAL_KEY=SECRET, FAL_PLATFORM_URL="https://platform.test")
        result = await reconcile(
            "reconciled", session.ledger, session.store, settings, transport=httpx.MockTransport(platform)
        )
    assert len(sent) == 2 and {r.url.host for r in sent} == {"platform.test"}
    assert sent[1].url.params["cursor"] == "https://evil.test/steal", "a cursor is only ever a query value"
    assert result.lines[0].status is Status.NOT_REPORTED


def test_requests_are_cut_to_fals_limits_and_nano_usd_is_read() -> None:
    begin = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert len(windows(begin, begin + dt.timedelta(days=200))) == 3
    ids = [f"fal-ai/model-{n}" for n in range(60)]
    requests = billing_events_requests(
        "https://api.fal.ai", SecretStr(SECRET), ids, begin, begin + dt.timedelta(days=1)
    )
    assert [len(r.url.params.get_list("endpoint_id")) for r in requests] == [50, 10]
    assert (
        requests[0].url.params["start"] == "2026-01-01T00:00:00Z"
        and requests[0].url.params["end"] == "2026-01-02T00:00:00Z"
    )
    page = parse_billing_events(
        httpx.Response(
            200,
            json={"billing_events": [{"request_id": "r", "endpoint_id": "e", "cost_estimate_nano_usd": 45_000_000}]},
        )
    )
    assert page.billing_events[0].cost_usd == pytest.approx(0.045) and page.cursor is None


def test_studio_ledger_reconcile_end_to_end(studio_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prices = {
        **CATALOG_PRICES,
        KLING: (0.07, "video_second"),
        "fal-ai/topaz/upscale/video": (0.08, "video_second"),
        "fal-ai/elevenlabs/tts/multilingual-v2": (0.10, "1k_chars"),
    }
    with start("fal", FakeState(latency_s=0.05, concurrency=8, prices=prices)) as server:
        monkeypatch.setenv("FAL_KEY", SECRET)
        monkeypatch.setenv("FAL_BASE_URL", base_url("fal", server))
        monkeypatch.setenv("FAL_PLATFORM_URL", server.url)
        monkeypatch.setenv("STUDIO_POLL_INTERVAL_S", "0.02")
        monkeypatch.setenv("STUDIO_VARIATIONS", "1")
        runner = CliRunner()
        ran = runner.invoke(app, ["run", "6 s square feed teaser for our trail shoe, budget $20", "--auto-approve"])
        assert ran.exit_code == 0, ran.output
        campaign = only_campaign(studio_home).name
        shown = runner.invoke(app, ["ledger", campaign, "--reconcile"], env={"COLUMNS": "200"})
        as_json = runner.invoke(app, ["ledger", campaign, "--reconcile", "--json"])
        monkeypatch.delenv("FAL_KEY")
        keyless = runner.invoke(app, ["ledger", campaign, "--reconcile"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "flux-schnell" in shown.output and "matches" in shown.output and "total" in shown.output
    assert "matched by request id" in shown.output and SECRET not in shown.output
    data = json.loads(as_json.output)
    flux = next(line for line in data["lines"] if line["model_id"] == "flux-schnell")
    assert flux["status"] == "matches" and flux["reported_usd"] == pytest.approx(flux["charged_usd"])
    assert data["charged_usd"] > 0 and {line["provider"] for line in data["lines"]} == {"fal"}
    assert keyless.exit_code == 1 and "set FAL_KEY" in keyless.output and "not checked" in keyless.output
    assert "flux-schnell" in keyless.output, "the ledger is still shown"
