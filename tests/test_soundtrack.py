"""Music and sound: planned from the concept, priced per request, made offline or on fal, mixed, and
redirected from chat without touching the pictures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from agent.briefs import parse_brief
from agent.checkpoints import Checkpoint
from agent.conversation.cards import storyboard_view
from agent.conversation.messages import Turn
from agent.conversation.turns import Conversation
from agent.conversation.views import TakesView
from agent.domain import Decision, DecisionKind, Stage, Storyboard
from agent.intents.decide import Reply, to_decision
from agent.intents.offline import parse_offline
from agent.intents.parser import IntentParser
from agent.intents.schema import ChatContext
from agent.planner.offline import OfflinePlanner, priced
from agent.planner.soundtrack import resound, revise_music, switch_music_model
from agent.service import CampaignService
from tests.conftest import SMALL_BRIEF
from tests.fakeproviders.common import FakeState
from tests.media_checks import audio_rms
from tests.providers_support import fake_session, recipe
from tools.catalog import load_catalog
from tools.delivery.audio import Effect, render_soundtrack
from tools.errors import ToolError
from tools.jobs.context import JobContext
from tools.local.music import LocalMusic
from tools.local.sfx import LocalSound
from tools.probe import probe
from tools.providers.fal import ROUTES
from tools.providers.settings import ProviderSettings
from tools.recipe import AssetKind, Capability
from tools.routes import Routes

CATALOG = load_catalog()
RAINY = "15 s Instagram Reels ad for our coffee shop on a rainy morning, calm and cosy"


def plan(text: str, routes: Routes | None = None) -> Storyboard:
    planner = OfflinePlanner(CATALOG, routes=routes)
    brief = parse_brief(text)
    return planner.storyboard(brief, planner.concept(brief, []))


def test_the_storyboard_plans_a_bed_the_length_of_the_cut_in_the_concepts_mood() -> None:
    board = plan(RAINY)
    assert board.music is not None
    assert board.music.mood == "calm" and board.music.tempo_bpm == 68
    assert board.music.duration_s == board.duration_s == 15
    assert "no vocals" in board.music.prompt and "68 BPM" in board.music.prompt
    # No provider key: the local pad runs, the preferred fal model keeps its price for the comparison.
    assert board.music.model.model_id == "local/music"
    assert board.music.model.preferred_model_id == "stable-audio-2.5"
    assert board.music.model.preferred_cost_usd == pytest.approx(0.20)
    scene_costs = sum(c.preferred_cost_usd or c.estimated_cost_usd for s in board.scenes for c in s.models)
    assert board.provider_cost_usd == pytest.approx(scene_costs + 0.20, abs=1e-4)


def test_a_scene_gets_a_sound_only_when_what_it_shows_makes_one() -> None:
    board = plan(RAINY)
    sounds = {s.index: (s.sound_kind, s.sound) for s in board.scenes if s.sound}
    assert sounds, "a café on a rainy morning calls for ambience"
    for scene in board.scenes:
        has_choice = any(c.capability is Capability.TEXT_TO_SOUND for c in scene.models)
        assert has_choice == bool(scene.sound), "a sound model is chosen exactly where a sound is planned"
    studio = plan("10 s LinkedIn video for our accounting software, trustworthy")
    assert not any(s.sound for s in studio.scenes), "an office software spot gets no invented ambience"


def test_no_music_in_the_brief_means_no_bed() -> None:
    assert plan("10 s TikTok for our trail shoe, energetic, no music").music is None


@pytest.mark.parametrize(
    ("model_id", "seconds", "expected"),
    [
        ("stable-audio-2.5", 15, 0.20),  # a flat price per generation
        ("stable-audio-2.5", 120, 0.20),
        ("elevenlabs-music", 15, 0.80),  # per started minute
        ("elevenlabs-music", 60, 0.80),
        ("elevenlabs-music", 61, 1.60),
        ("minimax-music-v2", 30, 0.03),
        ("elevenlabs-sound-effects-v2", 10, 0.023),  # per second
    ],
)
def test_audio_prices_follow_the_request_length(model_id: str, seconds: float, expected: float) -> None:
    spec = CATALOG.get(model_id)
    capability = spec.capabilities[0]
    assert spec.estimate_recipe(recipe(model_id, capability, duration_s=seconds)) == pytest.approx(expected)


def test_veo_native_audio_is_a_priced_option_shown_and_switched_per_scene() -> None:
    fal = Routes.configured(settings_for_fal(), CATALOG)
    board = plan("8 s YouTube ad for our trail shoe on a mountain ridge, dramatic, budget $50", fal)
    board, _ = OfflinePlanner(CATALOG, routes=fal).switch_model(board, 1, "veo-3.1")  # 'use Veo for scene 1'
    scene = board.scene(1)
    motion = scene.choice(Capability.IMAGE_TO_VIDEO)
    row = next(r for r in storyboard_view(board, CATALOG).rows if r.index == scene.index)
    [offer] = [o for m in row.models for o in m.offers if o.startswith("native audio")]
    assert offer.startswith("native audio: off · on $"), offer

    louder, said = resound(scene, f"turn on native audio for scene {scene.index}", CATALOG, fal)
    on = louder.choice(Capability.IMAGE_TO_VIDEO)
    assert on.options["generate_audio"] == "true" and "native audio on" in said
    spec = CATALOG.get(motion.model_id)
    off_rate, on_rate = spec.rate({"generate_audio": "false"}), spec.rate({"generate_audio": "true"})
    assert off_rate is not None and on_rate is not None
    assert on.estimated_cost_usd == pytest.approx(motion.estimated_cost_usd * on_rate.amount_usd / off_rate.amount_usd)
    quiet, _ = resound(louder, "no native audio please", CATALOG, fal)
    assert quiet.choice(Capability.IMAGE_TO_VIDEO).options["generate_audio"] == "false"


def settings_for_fal() -> ProviderSettings:
    return ProviderSettings.model_validate({"FAL_KEY": "k"})


def test_music_redirects_change_mood_tempo_instruments_or_drop_the_bed() -> None:
    board = plan(SMALL_BRIEF)
    planner = OfflinePlanner(CATALOG)
    brief = parse_brief(SMALL_BRIEF)
    concept = planner.concept(brief, [])
    assert board.music is not None and board.music.mood == "energetic"
    calmer = revise_music(board, concept, "calmer music, slower, with piano", CATALOG, Routes()).music
    assert calmer is not None and calmer.mood == "calm" and calmer.tempo_bpm < board.music.tempo_bpm
    assert "piano" in calmer.prompt and calmer.feedback == ["calmer music, slower, with piano"]
    assert calmer.prompt.count("piano") == 1, "an instrument asked for is named once"
    board_after = revise_music(board, concept, "calmer music, slower, with piano", CATALOG, Routes())
    assert board_after.notes[-1].startswith("Music: energetic → calm, 124 → 52 BPM"), board_after.notes[-1]
    warmer = revise_music(board_after, concept, "more upbeat", CATALOG, Routes()).music
    assert warmer is not None and "piano" in warmer.prompt, "a later redirect keeps the piano asked for before"
    assert "calm" not in warmer.prompt.split(";")[0], "the old mood's words go when the mood changes"
    exact = revise_music(board, concept, "music at 100 bpm", CATALOG, Routes()).music
    assert exact is not None and exact.tempo_bpm == 100
    assert revise_music(board, concept, "no music", CATALOG, Routes()).music is None
    jingle = revise_music(board, concept, "make it a sung jingle", CATALOG, Routes()).music
    assert jingle is not None and jingle.lyrics.startswith("[verse]")
    assert (jingle.model.preferred_model_id or jingle.model.model_id) == "minimax-music-v2"
    switched = switch_music_model(board, "elevenlabs-music", CATALOG, Routes())
    assert switched.model.preferred_model_id == "elevenlabs-music"
    assert priced(board.model_copy(update={"music": switched})).provider_cost_usd == pytest.approx(
        board.provider_cost_usd - 0.20 + 0.80
    )
    with pytest.raises(ValueError, match="does not make music"):
        switch_music_model(board, "veo-3.1", CATALOG, Routes())


def ctx() -> ChatContext:
    return ChatContext(stage=Stage.STORYBOARD, scenes=3, variations=2, scene_texts=["a", "b", "c"])


def checkpoint(stage: Stage) -> Checkpoint:
    return Checkpoint(campaign_id="c", stage=stage, question="?", allowed=list(DecisionKind), content={})


@pytest.mark.parametrize(
    ("text", "scene", "model"),
    [
        ("make the music calmer", None, None),
        ("no music please", None, None),
        ("add rain sounds to scene 2", 2, None),
        ("no sound on scene 2", 2, None),
        ("remove the sound effects from the hook", 1, None),
        ("turn on native audio for scene 3", 3, None),
        ("use ElevenLabs for the music", None, "elevenlabs-music"),
        ("use Stable Audio for the soundtrack", None, "stable-audio-2.5"),
    ],
)
def test_music_and_sound_turns_become_soundtrack_decisions(text: str, scene: int | None, model: str | None) -> None:
    decision = to_decision(parse_offline(text, ctx()), checkpoint(Stage.STORYBOARD))
    assert isinstance(decision, Decision), decision
    assert decision.kind is DecisionKind.REDIRECT and decision.sound
    assert decision.scene == scene and decision.model == model


def test_after_delivery_a_music_turn_says_how_to_change_it() -> None:
    reply = to_decision(parse_offline("make the music calmer", ctx()), checkpoint(Stage.FINAL))
    assert isinstance(reply, Reply) and "back to the takes" in reply.text


async def test_the_local_backends_make_an_audible_bed_and_ambience(tmp_path: Path) -> None:
    bed = await LocalMusic().text_to_music(
        recipe("local/music", Capability.TEXT_TO_MUSIC, duration_s=6.0, extra={"mood": "calm", "bpm": "68"}),
        tmp_path / "bed.wav",
    )
    assert probe(bed.path).duration_s == pytest.approx(6.0, abs=0.05)
    assert audio_rms(bed.path, 1, 5) > 0.05 and audio_rms(bed.path, 5.95, 6.0) < audio_rms(bed.path, 2, 3)
    rain = await LocalSound().text_to_sound(
        recipe("local/sfx", Capability.TEXT_TO_SOUND, duration_s=3.0, extra={"sound": "rain"}), tmp_path / "r.wav"
    )
    assert probe(rain.path).duration_s == pytest.approx(3.0, abs=0.05) and audio_rms(rain.path, 1, 2) > 0.01
    with pytest.raises(ToolError, match="no 'thunder' sound"):
        await LocalSound().text_to_sound(
            recipe("local/sfx", Capability.TEXT_TO_SOUND, duration_s=1.0, extra={"sound": "thunder"}), tmp_path / "t"
        )


async def test_an_effect_sounds_where_its_scene_is_and_nowhere_else(tmp_path: Path) -> None:
    rain = await LocalSound().text_to_sound(
        recipe("local/sfx", Capability.TEXT_TO_SOUND, duration_s=1.0, extra={"sound": "rain"}), tmp_path / "r.wav"
    )
    mix, _ = await render_soundtrack(
        [], 3.0, tmp_path / "mix.wav", None, [Effect(path=rain.path, start_s=1.0, duration_s=1.0)]
    )
    assert audio_rms(mix, 1.2, 1.8) > 10 * max(audio_rms(mix, 0.0, 0.9), 1e-4)
    assert audio_rms(mix, 2.2, 3.0) < audio_rms(mix, 1.2, 1.8) / 10


@pytest.mark.parametrize(
    ("model_id", "seconds", "field", "sent"),
    [
        ("elevenlabs-music", 6.0, "music_length_ms", 10_000),  # ElevenLabs composes 10 s at least
        ("elevenlabs-music", 42.5, "music_length_ms", 42_500),
        ("stable-audio-2.5", 14.2, "seconds_total", 15),
        ("elevenlabs-sound-effects-v2", 30.0, "duration_seconds", 22.0),  # its longest effect
    ],
)
async def test_fal_audio_requests_carry_the_length_the_endpoint_accepts(
    tmp_path: Path, model_id: str, seconds: float, field: str, sent: float
) -> None:
    spec = CATALOG.get(model_id)
    capability = spec.capabilities[0]
    async with fake_session("fal", tmp_path, FakeState(latency_s=0.02)) as (session, server):
        made = await session.backends.run(
            recipe(model_id, capability, duration_s=seconds), tmp_path / "a.wav", JobContext(campaign_id="snd")
        )
        assert made.path.exists() and probe(made.path).audio_codec
        [submit] = server.state.submits(spec.routes[0].endpoint)
        assert submit["body"][field] == sent and server.state.rejected == []
    assert spec.routes[0].endpoint in ROUTES


async def test_calmer_music_at_the_takes_remakes_only_the_bed(
    service: CampaignService, fake_backends: Counter[str]
) -> None:
    conv = Conversation(service, IntentParser())
    result = await conv.turn(None, Turn(text=SMALL_BRIEF))
    while result.checkpoint is not None and result.checkpoint.stage is not Stage.TAKES:
        result = await conv.turn(result.campaign_id, Turn(text="approve"))
    campaign = result.campaign_id or ""
    assert result.checkpoint is not None and isinstance(result.checkpoint.body, TakesView)
    heard = result.checkpoint.body.soundtrack
    assert heard[0].label.startswith("music bed · energetic") and heard[0].local and heard[0].path.exists()
    before = await service.state(campaign)
    assert before.music is not None and before.storyboard is not None and before.storyboard.music is not None
    keyframes_made = fake_backends["keyframe"]
    result = await conv.turn(campaign, Turn(text="make the music calmer"))
    after = await service.state(campaign)
    assert result.checkpoint is not None and result.checkpoint.stage is Stage.TAKES
    assert isinstance(result.checkpoint.body, TakesView)
    assert result.checkpoint.body.soundtrack[0].label.startswith("music bed · calm")
    assert after.music is not None and after.music.id != before.music.id
    assert after.storyboard is not None and after.storyboard.music is not None
    assert after.storyboard.music.mood == "calm" and after.music.recipe.extra["mood"] == "calm"
    assert {a.id for a in after.clips.values()} == {a.id for a in before.clips.values()}, "clips are kept"
    assert fake_backends["keyframe"] == keyframes_made, "no picture was remade"
    assert any(a.id == before.music.id and a.kind is AssetKind.MUSIC for a in after.history)
