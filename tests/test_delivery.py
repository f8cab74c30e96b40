"""The finishing stage: soundtrack, captions, exports, QA, deliverables, derivatives."""

import json
import re
import zipfile
from pathlib import Path

import opentimelineio as otio
import pytest
from typer.testing import CliRunner

from agent.domain import Decision, DecisionKind, Stage
from agent.service import CampaignService
from agent.settings import Settings
from tests.media_checks import audio_rms, video_frames
from tools.delivery.audio import VoiceClip, ebur128
from tools.delivery.captions import Line
from tools.delivery.pipeline import Cut, deliver
from tools.delivery.render import Shot
from tools.local.keyframes import LocalKeyframes
from tools.local.motion import LocalMotion
from tools.local.speech import LocalSpeech
from tools.platforms import PLATFORMS, Format, Platform
from tools.probe import probe
from tools.recipe import Capability, Recipe
from ui.cli.main import app

MASTER = Format(aspect_ratio="9:16", width=360, height=640)


async def make_cut(folder: Path, mood: str) -> Cut:
    base = Recipe(
        capability=Capability.TEXT_TO_IMAGE,
        model_id="local/keyframe",
        model_version="1",
        provider_route="local",
        prompt="A trail shoe. Tone: calm.",
        seed=3,
        width=360,
        height=640,
    )
    frame = await LocalKeyframes().text_to_image(base, folder / "k.png")
    shots, voices, lines, start = [], [], [], 0.0
    for i, (seconds, line) in enumerate([(2.0, ""), (2.5, "Go further."), (1.5, "Shop now.")]):
        clip = await LocalMotion().image_to_video(
            base.model_copy(update={"duration_s": seconds - 0.5, "fps": 30, "camera_move": "drift"}),  # shorter: held
            frame.path,
            folder / f"c{i}.mp4",
        )
        shots.append(Shot(clip=clip.path, duration_s=seconds, size=(360, 640)))
        if line:
            voice = await LocalSpeech().text_to_speech(base.model_copy(update={"prompt": line}), folder / f"v{i}.wav")
            spoken = probe(voice.path).duration_s or 0
            voices.append(VoiceClip(path=voice.path, start_s=start, duration_s=spoken, scene_s=seconds))
            lines.append(Line(text=line, start_s=start, duration_s=min(spoken, seconds)))
        start += seconds
    return Cut(
        name="Test cut",
        shots=shots,
        voices=voices,
        lines=lines,
        mood=mood,
        master=MASTER,
        variations={1: [(frame.path, "v1", True), (frame.path, "v2", False)]},
    )


async def test_exports_meet_every_preset_and_loudness_target(tmp_path: Path) -> None:
    cut = await make_cut(tmp_path, mood="calm")  # calm → crossfades
    delivery = await deliver(cut, ["tiktok", "feed_square"], tmp_path / "out")
    assert delivery.transition.value == "crossfade"
    for platform_id, item in delivery.platforms.items():
        preset = PLATFORMS[platform_id]
        facts = probe(item.video)
        assert (facts.width, facts.height, facts.fps) == (preset.format.width, preset.format.height, 30)
        assert len(video_frames(item.video)) == 180, "exactly 6.0 s at 30 fps, holds included"
        assert (facts.video_codec, facts.video_profile, facts.audio_codec, facts.sample_rate) == (
            "h264",
            "High",
            "aac",
            48000,
        )
        loud = await ebur128(item.video)
        assert abs(loud.integrated_lufs + 14) <= 1.0 and loud.true_peak_dbtp <= -1.0
        assert item.qa.passed, item.qa.failures()
        assert item.cover.is_file() and item.srt.is_file() and item.vtt.is_file()
    # Music under the silent first scene, speech louder on top of it (measured over the spoken span).
    spoken = cut.voices[0]
    assert audio_rms(delivery.soundtrack, 0.5, 1.5) > 0.003
    speech = audio_rms(delivery.soundtrack, spoken.start_s + 0.02, spoken.start_s + spoken.duration_s - 0.02)
    assert speech > audio_rms(delivery.soundtrack, 0.5, 1.5), "the ducked bed plus the voice is louder than the bed"


async def test_captions_follow_the_voiceover_and_stay_in_the_safe_zone(tmp_path: Path) -> None:
    cut = await make_cut(tmp_path, mood="energetic")
    delivery = await deliver(cut, ["tiktok"], tmp_path / "out")
    srt = delivery.platforms["tiktok"].srt.read_text()
    starts = re.findall(r"(\d\d:\d\d:\d\d,\d\d\d) -->", srt)
    assert starts == ["00:00:02,000", "00:00:04,500"], "each line starts with its scene"
    assert "Go further." in srt and "WEBVTT" in delivery.platforms["tiktok"].vtt.read_text()
    ass = (tmp_path / "out" / ".tiktok.ass").read_text()
    preset = PLATFORMS["tiktok"]
    size = round(min(preset.format.width, preset.format.height) * 0.052)
    margins = re.search(r"Style: Caption,.*,(\d+),(\d+),(\d+),1$", ass, re.M)
    assert margins is not None
    assert int(margins.group(3)) == round(1920 * preset.safe.bottom) + size // 2
    assert int(margins.group(2)) == round(1080 * preset.safe.right), "clear of TikTok's right-hand buttons"


async def test_the_timeline_opens_with_the_cut_as_made(tmp_path: Path) -> None:
    cut = await make_cut(tmp_path, mood="dramatic")  # dramatic → dip to black
    delivery = await deliver(cut, ["youtube"], tmp_path / "out")
    timeline = otio.adapters.read_from_file(str(delivery.timeline))
    video, voice, music = timeline.tracks
    clips = [c for c in video if isinstance(c, otio.schema.Clip)]
    assert [c.name for c in clips] == ["scene 1", "scene 2", "scene 3"]
    assert [c.source_range.duration.to_seconds() for c in clips] == [2.0, 2.5, 1.5]
    assert all(t.name == "dip" for t in video if isinstance(t, otio.schema.Transition))
    assert len([c for c in voice if isinstance(c, otio.schema.Clip)]) == 2 and music.name == "Music"
    assert len(video.markers) == 2, "one marker per caption"
    assert delivery.contact_sheets and delivery.contact_sheets[0].is_file()


async def test_an_export_that_fails_qa_is_reported_and_not_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny = Platform(**PLATFORMS["feed_square"].model_dump() | {"max_mb": 0.001})
    monkeypatch.setitem(PLATFORMS, "feed_square", tiny)
    cut = await make_cut(tmp_path, mood="calm")
    delivery = await deliver(cut, ["feed_square", "tiktok"], tmp_path / "out")
    failed = delivery.platforms["feed_square"]
    assert not failed.qa.passed and failed.qa.failures()[0].startswith("file size")
    shipped = delivery.files()
    assert failed.video not in shipped and delivery.platforms["tiktok"].video in shipped


async def test_a_campaign_ships_a_zip_with_everything(settings: Settings) -> None:
    async with CampaignService.open(settings) as service:
        outcome = await service.start("6 s teaser for our trail shoe on TikTok and LinkedIn, energetic")
        while outcome.checkpoint is not None:
            if outcome.checkpoint.stage is Stage.FINAL:
                qa = outcome.checkpoint.content["exports"]
                assert set(qa) == {"tiktok", "linkedin"}
            outcome = await service.decide(outcome.campaign_id, Decision(kind=DecisionKind.APPROVE))
        folder = settings.campaign_dir(outcome.campaign_id)
        names = set(zipfile.ZipFile(folder / f"{outcome.campaign_id}.zip").namelist())
        for expected in (
            "exports/tiktok.mp4",
            "exports/linkedin.mp4",
            "exports/tiktok.srt",
            "exports/linkedin.vtt",
            "exports/tiktok-cover.jpg",
            "exports/timeline.otio",
            "report.html",
            "manifest.json",
        ):
            assert expected in names, expected
        assert any(n.startswith("exports/contact-sheets/") for n in names)
        report = (folder / "report.html").read_text()
        assert outcome.campaign_id in report and "shipped" in report and "data:image/jpeg;base64" in report


async def test_derivatives_reframe_or_regenerate_and_link_their_sources(settings: Settings) -> None:
    async with CampaignService.open(settings) as service:
        outcome = await service.start("8 s teaser for our trail shoe on TikTok, energetic")
        while outcome.checkpoint is not None:
            outcome = await service.decide(outcome.campaign_id, Decision(kind=DecisionKind.APPROVE))
        campaign = outcome.campaign_id
        offered = await service.derive(campaign, "LinkedIn")
        assert offered.checkpoint is not None and offered.checkpoint.stage is Stage.DERIVATIVE
        offer = offered.checkpoint.content["offer"]
        assert offer["reframe_usd"] == 0 and "regenerate_usd" in offer
        assert offer["framing"] == "fill", "a 9:16 → 16:9 crop would keep a 32% sliver: fit over a blurred fill"
        await service.decide(campaign, Decision(kind=DecisionKind.APPROVE, strategy="reframe"))
        state = await service.state(campaign)
        linkedin = state.derivatives[-1]
        facts = probe(Path(linkedin.exports[0].path))
        assert (facts.width, facts.height, facts.duration_s) == (1920, 1080, pytest.approx(8.0, abs=0.05))
        assert set(linkedin.source_asset_ids) == {a.id for a in state.clips.values()}
        assert linkedin.qa_passed and (linkedin.strategy, linkedin.framing) == ("reframe", "fill")

        offered = await service.derive(campaign, "feed_portrait", 4)
        assert offered.checkpoint is not None and offered.checkpoint.content["offer"]["framing"] == "crop"
        await service.decide(campaign, Decision(kind=DecisionKind.APPROVE, strategy="crop"))
        portrait = (await service.state(campaign)).derivatives[-1]
        export = portrait.exports[0]
        assert (portrait.framing, export.recipe.extra["framing"]) == ("crop", "crop")
        windows = [w.split(",") for w in export.recipe.extra["crop_windows"].split(";")]
        assert len(windows) == len(portrait.source_asset_ids) and all(
            (int(w), int(h)) == (1080, 1350) for *_, w, h in windows
        )
        facts = probe(Path(export.path))
        assert (facts.width, facts.height, facts.duration_s) == (1080, 1350, pytest.approx(4.0, abs=0.05))

        offered = await service.derive(campaign, "square", 3)
        offer = offered.checkpoint.content["offer"]  # type: ignore[union-attr]
        assert sum(s for _, s in offer["scenes"]) == 3
        await service.decide(campaign, Decision(kind=DecisionKind.APPROVE, strategy="regenerate"))
        square = (await service.state(campaign)).derivatives[-1]
        regenerated = [a for a in square.exports if a.kind.value == "clip"]
        assert regenerated and all((a.media.width, a.media.height) == (1080, 1080) for a in regenerated)
        assert all(a.recipe.reference_asset_hashes for a in regenerated), "the picked keyframe is the reference"
        facts = probe(Path(square.exports[0].path))
        assert (facts.width, facts.height, facts.duration_s) == (1080, 1080, pytest.approx(3.0, abs=0.05))
        manifest = json.loads((settings.campaign_dir(campaign) / "manifest.json").read_text())
        assert len(manifest["derivatives"]) == 3

        with pytest.raises(Exception, match="takes 1–140 s"):
            await service.derive(campaign, "x", 600)


@pytest.mark.usefixtures("fake_backends")
def test_make_a_linkedin_version_from_chat(studio_home: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    answers = "a\na\na\na\nmake a LinkedIn version\nyes\n1\n"
    result = runner.invoke(app, ["run", "6 s teaser for our trail shoe on TikTok, energetic"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Approve these final files and make the LinkedIn 16:9 version?" in result.output, "it asks first"
    assert "LinkedIn 16:9 (reframe · fill)" in result.output and "passed" in result.output
    manifest = json.loads(next(studio_home.glob("*/manifest.json")).read_text())
    assert [d["platform"] for d in manifest["derivatives"]] == ["linkedin"]
