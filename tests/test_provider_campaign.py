"""Whole campaigns through real adapter code, pointed at the fake fal by base-URL override."""

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.checkpoints import InvalidDecision
from agent.domain import Decision, DecisionKind, Stage
from agent.service import CampaignService
from agent.settings import Settings
from tests.conftest import only_campaign
from tests.fakeproviders import base_url, start
from tests.fakeproviders.common import FORBIDDEN, FakeState
from tests.providers_support import SECRET, settings_for
from tools.probe import probe
from ui.cli.main import app

BRIEF = "6 s square feed teaser for our trail shoe, energetic, budget $20"
APPROVE = Decision(kind=DecisionKind.APPROVE)


def test_studio_run_pays_real_adapters_and_leaks_no_secret(
    studio_home: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with start("fal", FakeState(latency_s=0.05, concurrency=8)) as server:
        monkeypatch.setenv("FAL_KEY", SECRET)
        monkeypatch.setenv("FAL_BASE_URL", base_url("fal", server))
        monkeypatch.setenv("STUDIO_POLL_INTERVAL_S", "0.02")
        monkeypatch.setenv("STUDIO_VARIATIONS", "2")
        runner = CliRunner()
        result = runner.invoke(app, ["run", BRIEF, "--auto-approve"])
        assert result.exit_code == 0, result.output
        campaign = only_campaign(studio_home)
        manifest = json.loads((campaign / "manifest.json").read_text())
        generated = [a for a in manifest["assets"] if a["kind"] != "export"]
        assert generated and all(a["recipe"]["provider_route"] == "fal" for a in generated)
        assert all(a["cost_usd"] > 0 for a in generated)
        upscaled = [a for a in generated if a["recipe"]["capability"] == "upscale"]
        assert upscaled and {a["recipe"]["model_id"] for a in upscaled} == {"topaz-video-upscale"}, (
            "the provider's small clips go through the catalog's upscaler before the cut"
        )
        assert len(server.state.submits()) == len(generated), "one paid submit per asset, no duplicates"
        assert manifest["totals"]["cost_usd"] == pytest.approx(sum(a["cost_usd"] for a in generated))
        export = probe(campaign / manifest["exports"]["feed_square"])
        assert (export.width, export.height) == (1080, 1080)
        assert export.duration_s == pytest.approx(6.0, abs=1 / 30)
        ledger = runner.invoke(app, ["ledger", campaign.name, "--by", "model"])
        assert ledger.exit_code == 0 and "flux-schnell" in ledger.output

    leaks = {
        "cli output": result.output + ledger.output,
        "logs": caplog.text,
        "manifest": (campaign / "manifest.json").read_text(),
    }
    for database in studio_home.glob("*.db*"):
        leaks[database.name] = database.read_bytes().decode("latin-1")
    for where, text in leaks.items():
        assert SECRET not in text, f"the API key leaked into {where}"
    assert all(
        r["headers"].get("authorization") == f"Key {SECRET}"
        for r in server.state.requests
        if not r["path"].startswith("/files")
    )


async def test_a_refused_scene_is_blocked_at_the_checkpoint_and_a_model_switch_recovers(settings: Settings) -> None:
    with start("fal", FakeState(latency_s=0.02, concurrency=8)) as server:
        async with CampaignService.open(settings, settings_for("fal", server, STUDIO_POLL_INTERVAL_S=0.02)) as service:
            outcome = await service.start(BRIEF)
            outcome = await service.decide(outcome.campaign_id, APPROVE)
            outcome = await service.decide(
                outcome.campaign_id, Decision(kind=DecisionKind.REDIRECT, scene=2, feedback=f"{FORBIDDEN} neon")
            )
            outcome = await service.decide(outcome.campaign_id, APPROVE)
            assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.KEYFRAMES
            blocked = outcome.checkpoint.content["blocked"]["2"]
            assert blocked["kind"] == "moderation" and "content_policy_violation" in blocked["reason"]
            assert blocked["suggestion"]
            assert "local/keyframe" in [a["model_id"] for a in blocked["alternatives"]]
            assert "2" not in outcome.checkpoint.content["keyframes"]
            with pytest.raises(InvalidDecision, match=r"scene 2 .* is blocked"):
                await service.decide(outcome.campaign_id, APPROVE)

            switch = Decision(kind=DecisionKind.REDIRECT, scene=2, model="local/keyframe")
            outcome = await service.decide(outcome.campaign_id, switch)
            assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.KEYFRAMES
            assert "blocked" not in outcome.checkpoint.content
            state = await service.state(outcome.campaign_id)
            assert {a.recipe.model_id for a in state.keyframes[2]} == {"local/keyframe"}
            assert {a.recipe.model_id for a in state.keyframes[1]} == {"flux-schnell"}
            outcome = await service.decide(outcome.campaign_id, APPROVE)
            assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.TAKES
            clip_blocked = outcome.checkpoint.content["blocked"]["2"]
            assert clip_blocked["capability"] == "image_to_video", "the clip prompt carries the same words"
            outcome = await service.decide(
                outcome.campaign_id, Decision(kind=DecisionKind.REDIRECT, scene=2, model="local/motion")
            )
            assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.TAKES
            state = await service.state(outcome.campaign_id)
            assert state.keyframes[2][0].recipe.model_id == "local/keyframe", "the picked keyframe is kept"
            assert state.clips[2].recipe.model_id == "local/motion"
            while outcome.checkpoint is not None:
                outcome = await service.decide(outcome.campaign_id, APPROVE)
            assert outcome.status == "delivered"


async def test_the_plan_names_parameters_a_route_ignores(settings: Settings) -> None:
    with start("fal", FakeState()) as server:
        async with CampaignService.open(settings, settings_for("fal", server)) as service:
            outcome = await service.start(BRIEF)
            outcome = await service.decide(outcome.campaign_id, APPROVE)
            assert outcome.checkpoint is not None
            notes = outcome.checkpoint.content["storyboard"]["notes"]
            assert any("cannot honour" in n and "negative prompt" in n for n in notes), notes
            assert not any("No provider is configured" in n for n in notes)


async def test_an_over_budget_plan_offers_cheaper_alternatives(settings: Settings) -> None:
    with start("fal", FakeState()) as server:
        async with CampaignService.open(settings, settings_for("fal", server)) as service:
            outcome = await service.start("30 s teaser for our trail shoe on tiktok, budget $0.50")
            outcome = await service.decide(outcome.campaign_id, APPROVE)
            assert outcome.checkpoint is not None
            notes = outcome.checkpoint.content["storyboard"]["notes"]
            assert any(n.startswith("Over budget") for n in notes)
            assert any(n.startswith("Cheapest alternative") for n in notes)
