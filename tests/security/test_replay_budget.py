"""Issue 10 item 4: a replay belongs to its campaign — its budget, its ledger, and the user's consent."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from agent.domain import Decision, DecisionKind
from agent.service import CampaignService
from agent.settings import Settings
from tests.conftest import SMALL_BRIEF
from tests.fakeproviders import base_url, start
from tests.fakeproviders.common import FakeServer, FakeState
from tests.providers_support import SECRET, settings_for
from tools.jobs.db import Database
from tools.jobs.ledger import Ledger
from ui.cli.main import app

runner = CliRunner()
APPROVE = Decision(kind=DecisionKind.APPROVE)


@pytest.fixture
def fal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    """A fake fal that the CLI (reading the environment) and the test's service both use."""
    with start("fal", FakeState(latency_s=0.02, concurrency=8)) as server:
        monkeypatch.setenv("FAL_KEY", SECRET)
        monkeypatch.setenv("FAL_BASE_URL", base_url("fal", server))
        monkeypatch.setenv("STUDIO_POLL_INTERVAL_S", "0.02")
        monkeypatch.setenv("STUDIO_MEMORY", "0")
        yield server


def keyframes_at_fal(home: Path, server: FakeServer) -> tuple[str, dict[str, object]]:
    """A campaign stopped at its keyframes checkpoint, the keyframes paid for at the fake fal."""

    async def go() -> str:
        settings = Settings(home=home, variations=1, memory=False)
        async with CampaignService.open(settings, settings_for("fal", server, STUDIO_POLL_INTERVAL_S=0.02)) as svc:
            outcome = await svc.start(SMALL_BRIEF)
            outcome = await svc.decide(outcome.campaign_id, APPROVE)
            outcome = await svc.decide(outcome.campaign_id, APPROVE)
            assert outcome.checkpoint is not None and outcome.checkpoint.stage.value == "keyframes"
            return outcome.campaign_id

    campaign_id = asyncio.run(go())
    manifest = json.loads((home / campaign_id / "manifest.json").read_text())
    keyframe = next(a for a in manifest["assets"] if a["kind"] == "keyframe")
    assert keyframe["recipe"]["model_id"] == "flux-schnell"
    return campaign_id, keyframe


def said(result: Result) -> str:
    """The command's output with rich's line wrapping and panel borders undone."""
    return " ".join(result.output.replace("│", " ").split())


def charge_campaigns(home: Path) -> list[str]:
    conn = sqlite3.connect(home / "jobs.db")
    try:
        return [row[0] for row in conn.execute("SELECT campaign_id FROM charges")]
    finally:
        conn.close()


def test_an_over_budget_replay_is_refused_and_submits_nothing(studio_home: Path, fal: FakeServer) -> None:
    campaign_id, keyframe = keyframes_at_fal(studio_home, fal)
    ledger = Ledger(Database(studio_home / "jobs.db"))
    ledger.set_budget(campaign_id, ledger.committed(campaign_id) + 0.0001)  # less than one more keyframe
    before = len(fal.state.submits())

    result = runner.invoke(app, ["replay", campaign_id, str(keyframe["id"])], input="y\n")

    assert result.exit_code == 2, result.output
    assert "[y/N]" not in result.output, "refused before any question"
    assert "replay refused" in said(result) and "budget is left. Nothing was submitted." in said(result)
    assert "Traceback" not in result.output
    assert len(fal.state.submits()) == before, "an over-budget replay must not reach the provider"
    assert not list((studio_home / campaign_id / "keyframes").glob("replay-*"))


def test_a_paid_replay_asks_first_and_a_no_spends_nothing(studio_home: Path, fal: FakeServer) -> None:
    campaign_id, keyframe = keyframes_at_fal(studio_home, fal)
    ledger = Ledger(Database(studio_home / "jobs.db"))
    ledger.set_budget(campaign_id, 4.30)
    left = 4.30 - ledger.committed(campaign_id)
    before = len(fal.state.submits())

    declined = runner.invoke(app, ["replay", campaign_id, str(keyframe["id"])], input="n\n")

    assert declined.exit_code == 0, declined.output
    assert f"Replay asset {keyframe['id']} on flux-schnell for $" in said(declined)
    assert f"of ${left:.2f} left? [y/N]" in said(declined)
    assert "nothing was spent" in said(declined)
    assert len(fal.state.submits()) == before

    accepted = runner.invoke(app, ["replay", campaign_id, str(keyframe["id"])], input="y\n")

    assert accepted.exit_code == 0, accepted.output
    assert "identical" in accepted.output
    assert len(fal.state.submits()) == before + 1, "a yes runs the recipe again at the provider, once"


def test_yes_skips_the_question_and_the_charge_is_the_campaigns(studio_home: Path, fal: FakeServer) -> None:
    campaign_id, keyframe = keyframes_at_fal(studio_home, fal)
    ledger = Ledger(Database(studio_home / "jobs.db"))
    charged_before = ledger.committed(campaign_id)
    first = fal.state.submits()[0]
    before = len(fal.state.submits())

    result = runner.invoke(app, ["replay", campaign_id, str(keyframe["id"]), "--yes"])

    assert result.exit_code == 0, result.output
    assert "[y/N]" not in result.output
    assert len(fal.state.submits()) == before + 1
    replayed = fal.state.submits()[-1]
    originals = [s for s in fal.state.submits()[:before] if s["path"] == replayed["path"]]
    assert replayed["body"] in [s["body"] for s in originals], "the replay sends the original's request"
    assert first["path"] == replayed["path"]
    assert set(charge_campaigns(studio_home)) == {campaign_id}, "no ledger line outside the campaign (no adhoc)"
    assert ledger.committed(campaign_id) > charged_before, "the replay is charged to its campaign"


def test_a_local_replay_costs_nothing_and_asks_nothing(studio_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_MEMORY", "0")
    monkeypatch.setenv("STUDIO_VARIATIONS", "1")
    paused = runner.invoke(app, ["run", SMALL_BRIEF], input="a\na\n")
    assert paused.exit_code == 0, paused.output
    manifest = json.loads(next(studio_home.glob("*/manifest.json")).read_text())
    keyframe = next(a for a in manifest["assets"] if a["kind"] == "keyframe")

    result = runner.invoke(app, ["replay", manifest["campaign_id"], keyframe["id"]])

    assert result.exit_code == 0, result.output
    assert "[y/N]" not in result.output and "identical" in result.output


def test_a_replay_of_an_unknown_asset_or_into_a_folder_is_one_clear_message(studio_home: Path, fal: FakeServer) -> None:
    campaign_id, keyframe = keyframes_at_fal(studio_home, fal)
    missing = runner.invoke(app, ["replay", campaign_id, "kf-nope"])
    assert missing.exit_code == 2 and "no asset 'kf-nope'" in said(missing)
    folder = runner.invoke(app, ["replay", campaign_id, str(keyframe["id"]), "--yes", "--out", str(studio_home)])
    assert folder.exit_code == 2 and "is a directory" in said(folder), folder.output


def test_a_provider_job_cannot_run_outside_a_campaign() -> None:
    """Every generation names its campaign: there is no ambient default a job could be billed to."""
    import inspect

    from pydantic import ValidationError

    from tools.backends import Backends
    from tools.jobs.context import JobContext
    from tools.jobs.runner import JobRunner

    for run in (Backends.run, JobRunner.run):
        assert inspect.signature(run).parameters["job"].default is inspect.Parameter.empty
    with pytest.raises(ValidationError, match="campaign_id"):
        JobContext(campaign_id="")
