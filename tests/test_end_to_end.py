"""The acceptance run: real local backends, two platforms, files probed from disk."""

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.domain import Storyboard
from tests.conftest import only_campaign
from tests.media_checks import audio_rms
from tools.backends import Backends
from tools.jobs.context import JobContext
from tools.probe import probe
from tools.recipe import Recipe, sha256_file
from ui.cli.main import app

pytestmark = pytest.mark.slow


def test_offline_campaign_delivers_exact_files_with_speech_and_replayable_recipes(studio_home: Path) -> None:
    brief = "8 s teaser for our trail shoe, TikTok and LinkedIn, energetic, budget $20"
    result = CliRunner().invoke(app, ["run", brief, "--auto-approve"])
    assert result.exit_code == 0, result.output
    campaign = only_campaign(studio_home)
    manifest = json.loads((campaign / "manifest.json").read_text())
    assert manifest["status"] == "delivered"
    board = Storyboard.model_validate(manifest["storyboard"])
    assert board.duration_s == 8

    expected = {"tiktok": (1080, 1920), "linkedin": (1920, 1080)}
    assert set(manifest["exports"]) == set(expected)
    for platform, size in expected.items():
        path = campaign / manifest["exports"][platform]
        facts = probe(path)
        assert (facts.width, facts.height) == size
        assert facts.duration_s == pytest.approx(board.duration_s, abs=1 / 30)
        assert (facts.video_codec, facts.pixel_format, facts.audio_codec) == ("h264", "yuv420p", "aac")
        assert audio_rms(path) > 0.01, "the voiceover is audible"

    kinds = {a["kind"] for a in manifest["assets"]}
    assert kinds == {"keyframe", "clip", "voiceover", "music", "sound", "export"}
    [music] = [a for a in manifest["assets"] if a["kind"] == "music"]
    assert board.music is not None and music["recipe"]["model_id"] == "local/music"
    assert music["media"]["duration_s"] == pytest.approx(board.duration_s, abs=0.05), "the bed runs the whole cut"
    sounds = {a["scene_index"]: a for a in manifest["assets"] if a["kind"] == "sound"}
    assert set(sounds) == {s.index for s in board.scenes if s.sound}, "a sound for each scene that asks for one"
    by_id = {a["id"]: a for a in manifest["assets"]}
    for asset in manifest["assets"]:
        assert asset["recipe"]["model_id"] and asset["sha256"]
        for parent in asset["parent_ids"]:
            assert parent in by_id, "lineage points at assets in the manifest"
    keyframe = next(a for a in manifest["assets"] if a["kind"] == "keyframe")
    replayed = asyncio.run(
        Backends().run(
            Recipe.model_validate(keyframe["recipe"]), campaign / "replayed.png", JobContext(campaign_id="replay")
        )
    )
    assert sha256_file(replayed.path) == keyframe["sha256"]
