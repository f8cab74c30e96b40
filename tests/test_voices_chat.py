"""Choosing a voice from chat: candidates, an audible preview, then only the voiceovers remade."""

from collections import Counter
from pathlib import Path

import pytest

from agent.conversation.messages import Said, TurnResult, VoiceOffer
from agent.conversation.turns import Conversation
from agent.conversation.views import StoryboardView, TakesView
from agent.domain import Stage
from agent.intents.parser import IntentParser
from agent.service import CampaignService
from tests.media_checks import audio_rms
from tests.test_conversation import at, said, stage, talk
from tools.probe import probe

pytestmark = pytest.mark.usefixtures("fake_backends")


@pytest.fixture
def conv(service: CampaignService) -> Conversation:
    return Conversation(service, IntentParser())


def offered(result: TurnResult) -> VoiceOffer:
    offers = [m for m in result.messages if isinstance(m, VoiceOffer)]
    assert len(offers) == 1, [m.kind for m in result.messages]
    return offers[0]


def audible(path: Path) -> None:
    assert path.is_file()
    assert probe(path).duration_s > 0.3, "the preview speaks the line, not a click"
    assert audio_rms(path) > 0.01, "the preview is not silence"


async def test_a_british_narrator_is_previewed_then_remakes_only_the_voiceovers(
    conv: Conversation, service: CampaignService, fake_backends: Counter[str]
) -> None:
    result = await at(conv, Stage.TAKES)
    campaign = result.campaign_id or ""
    before = await service.state(campaign)
    old_voices = {i: a for i, a in before.voiceovers.items()}
    old_clips = {i: a.sha256 for i, a in before.clips.items()}
    old_keyframes = {i: [a.id for a in v] for i, v in before.keyframes.items()}
    assert old_voices, "the campaign has voiceovers to remake"

    asked = await talk(conv, campaign, "a British narrator")
    offer = offered(asked)
    assert offer.route == "local" and 2 <= len(offer.candidates) <= 3
    assert all("british" in c.traits for c in offer.candidates), [c.traits for c in offer.candidates]
    assert offer.candidates[0].voice_id.split("+")[0] in ("en", "en-gb-x-rp"), "the plain British voice first"
    audible(offer.preview)
    assert before.storyboard is not None and offer.line == before.storyboard.scenes[0].voiceover
    assert (await service.state(campaign)).voiceovers == before.voiceovers, "a preview changes nothing"

    used = await talk(conv, campaign, "use it")
    assert stage(used) is Stage.TAKES and "Voice set" in said(used)
    after = await service.state(campaign)
    chosen = offer.candidates[0].voice_id
    assert after.storyboard is not None and after.storyboard.voices == {"local": chosen}
    assert set(after.voiceovers) == set(old_voices)
    for scene, asset in after.voiceovers.items():
        assert asset.recipe.voice == chosen
        assert asset.sha256 != old_voices[scene].sha256 and asset.path != old_voices[scene].path
        audible(Path(asset.path))
    assert {i: a.sha256 for i, a in after.clips.items()} == old_clips, "clips are kept"
    assert {i: [a.id for a in v] for i, v in after.keyframes.items()} == old_keyframes, "keyframes are kept"
    view = used.checkpoint
    assert view is not None and isinstance(view.body, TakesView)
    shown = {t.scene: t.voice.name if t.voice else None for t in view.body.takes}
    assert shown == {i: Path(a.path).name for i, a in after.voiceovers.items()}, "the card plays the new takes"


async def test_the_second_one_previews_another_voice_and_no_keeps_the_old_one(
    conv: Conversation, service: CampaignService
) -> None:
    result = await at(conv, Stage.TAKES)
    campaign = result.campaign_id or ""
    before = await service.state(campaign)
    first = offered(await talk(conv, campaign, "a warmer female voice"))
    assert first.previewed == 1 and all("female" in c.matched for c in first.candidates)
    second = offered(await talk(conv, campaign, "the second one"))
    assert second.previewed == 2 and second.preview != first.preview
    audible(second.preview)
    declined = await talk(conv, campaign, "no")
    assert "nothing approved" in said(declined)
    assert (await service.state(campaign)).voiceovers == before.voiceovers


async def test_a_voice_chosen_at_the_storyboard_is_what_the_voiceovers_are_made_with(
    conv: Conversation, service: CampaignService
) -> None:
    result = await at(conv, Stage.STORYBOARD)
    campaign = result.campaign_id or ""
    offer = offered(await talk(conv, campaign, "use a deeper male voice"))
    assert all({"male", "deep"} <= set(c.matched) for c in offer.candidates), [c.matched for c in offer.candidates]
    audible(offer.preview)
    kept = await talk(conv, campaign, "yes")
    assert stage(kept) is Stage.STORYBOARD, "the same checkpoint, with the voice recorded"
    view = kept.checkpoint
    assert view is not None and isinstance(view.body, StoryboardView)
    assert any(offer.candidates[0].voice_id in note for note in view.body.notes)
    made = await at_takes(conv, campaign)
    state = await service.state(made)
    assert state.voiceovers and all(a.recipe.voice == offer.candidates[0].voice_id for a in state.voiceovers.values())


async def at_takes(conv: Conversation, campaign: str) -> str:
    result = await talk(conv, campaign, "approve")
    while stage(result) is not Stage.TAKES:
        result = await talk(conv, campaign, "approve")
    return campaign


async def test_before_a_storyboard_exists_the_reply_says_when_a_voice_can_be_chosen(conv: Conversation) -> None:
    result = await at(conv, Stage.CONCEPT)
    reply = await talk(conv, result.campaign_id, "a British narrator")
    assert not [m for m in reply.messages if isinstance(m, VoiceOffer)]
    assert "approve the concept first" in said(reply)
    assert all(isinstance(m, Said) for m in reply.messages)
