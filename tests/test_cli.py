"""The studio CLI, driven through Typer's runner (the same entry point as the console script)."""

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import only_campaign
from ui.cli.main import app

runner = CliRunner(env={"COLUMNS": "250"})
BRIEF = "6 s square feed teaser for our trail shoe, energetic"


def test_plan_json_is_a_full_plan_and_generates_nothing(studio_home: Path) -> None:
    result = runner.invoke(app, ["plan", BRIEF, "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["planner"] == "offline"
    assert plan["brief"]["platforms"] == ["feed_square"]
    assert sum(s["duration_s"] for s in plan["storyboard"]["scenes"]) == 6
    assert not studio_home.exists(), "plan saves nothing"


def test_plan_table_shows_the_estimate() -> None:
    result = runner.invoke(app, ["plan", BRIEF, "--budget", "10"])
    assert result.exit_code == 0
    assert "Estimated cost now: $0.00" in result.output and "Storyboard" in result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["run", "   "], "brief is empty"),
        (["plan", "ad for our shoe", "-p", "myspace"], "unknown platform 'myspace'"),
        (["run", "ad for our shoe", "--duration", "0"], "0 s cut is not possible"),
        (["plan", "a 3 hours epic for our shoe"], "3 hour"),
        (["resume", "nope-123456"], "no campaign 'nope-123456'"),
        (["assets", "nope-123456"], "no campaign 'nope-123456'"),
    ],
)
def test_bad_input_exits_non_zero_with_one_clear_message(args: list[str], says: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert says in " ".join(result.output.split())
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("fake_backends")
def test_interactive_run_with_redirect_and_picks(studio_home: Path, fake_backends: Counter[str]) -> None:
    answers = (
        "\n".join(
            [
                "r",
                "make it calmer",  # concept: redirect
                "a",  # concept: approve
                "a",  # storyboard: approve
                "p",
                "1=2 2=1 3=2",  # keyframes: pick
                "a",
                "a",  # takes, final
            ]
        )
        + "\n"
    )
    result = runner.invoke(app, ["run", BRIEF], input=answers)
    assert result.exit_code == 0, result.output
    assert "delivered" in result.output
    campaign = only_campaign(studio_home)
    manifest = json.loads((campaign / "manifest.json").read_text())
    assert manifest["concept"]["mood"] == "calm"
    assert [d["decision"]["kind"] for d in manifest["decisions"]] == [
        "redirect",
        "approve",
        "approve",
        "pick",
        "approve",
        "approve",
    ]
    picks = manifest["picks"]
    assert picks["1"].startswith("kf-s1-v2") and picks["2"].startswith("kf-s2-v1")


@pytest.mark.usefixtures("fake_backends")
def test_closed_input_pauses_and_resume_continues(studio_home: Path) -> None:
    paused = runner.invoke(app, ["run", BRIEF], input="a\n")
    assert paused.exit_code == 0
    assert "Paused at storyboard" in paused.output
    campaign = only_campaign(studio_home).name
    resumed = runner.invoke(app, ["resume", campaign, "--auto-approve"])
    assert resumed.exit_code == 0, resumed.output
    assert "delivered" in resumed.output
    listing = runner.invoke(app, ["assets", campaign])
    assert "export" in listing.output and "approved" in listing.output
    assert campaign in runner.invoke(app, ["list"]).output


@pytest.mark.usefixtures("fake_backends")
def test_replay_reproduces_a_keyframe(studio_home: Path) -> None:
    assert runner.invoke(app, ["run", BRIEF, "--auto-approve"]).exit_code == 0
    campaign = only_campaign(studio_home)
    manifest = json.loads((campaign / "manifest.json").read_text())
    keyframe = next(a for a in manifest["assets"] if a["kind"] == "keyframe")
    result = runner.invoke(app, ["replay", campaign.name, keyframe["id"]])
    assert result.exit_code == 0 and "identical" in result.output
    missing = runner.invoke(app, ["replay", campaign.name, "kf-nope"])
    assert missing.exit_code == 2 and "no asset 'kf-nope'" in missing.output


@pytest.mark.usefixtures("fake_backends")
def test_memory_commands_and_memory_questions_in_chat(studio_home: Path) -> None:
    assert runner.invoke(app, ["run", BRIEF, "--auto-approve", "--brand", "acme"]).exit_code == 0
    listed = runner.invoke(app, ["memory", "list"])
    assert listed.exit_code == 0 and "approved" in listed.output
    found = runner.invoke(app, ["memory", "search", "trail shoe teaser", "--brand", "acme"])
    assert found.exit_code == 0 and "local/keyframe" in found.output and "keyframes" in found.output
    exported = runner.invoke(app, ["memory", "export", str(studio_home / "m.jsonl")])
    assert exported.exit_code == 0 and (studio_home / "m.jsonl").read_text().count("\n") >= 3
    asked = runner.invoke(app, ["run", BRIEF], input="what worked last time for trail shoe shots?\nc\n")
    assert "what the memory holds" in asked.output and "local/keyframe" in asked.output
    campaign = json.loads(next(studio_home.glob("*/manifest.json")).read_text())["campaign_id"]
    forgot = runner.invoke(app, ["memory", "forget", "--campaign", campaign])
    assert forgot.exit_code == 0 and "Forgot" in forgot.output
    assert runner.invoke(app, ["memory", "forget"]).exit_code == 2
