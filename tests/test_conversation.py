"""The conversation core, turn by turn, as every front end drives it."""

from collections import Counter

import pytest

from agent.conversation.messages import CopyWritten, Delivered, PickSaved, Said, Shown, Turn, TurnResult
from agent.conversation.turns import AutoApprove, Conversation
from agent.conversation.views import KeyframesView, StoryboardView, TakesView
from agent.domain import DecisionKind, Stage
from agent.intents.parser import IntentParser
from agent.service import CampaignService
from tests.conftest import SMALL_BRIEF

pytestmark = pytest.mark.usefixtures("fake_backends")


def said(result: TurnResult) -> str:
    return "\n".join(m.text for m in result.messages if isinstance(m, Said))


def stage(result: TurnResult) -> Stage | None:
    view = result.checkpoint
    return view.stage if view else None


async def talk(conv: Conversation, campaign: str | None, text: str) -> TurnResult:
    return await conv.turn(campaign, Turn(text=text))


async def press(conv: Conversation, result: TurnResult, label: str) -> TurnResult:
    view = result.checkpoint
    assert view is not None
    option = next(o for o in view.options if o.label == label)
    return await conv.turn(view.campaign_id, Turn(press=option.press))


async def at(conv: Conversation, target: Stage) -> TurnResult:
    result = await talk(conv, None, SMALL_BRIEF)
    while stage(result) is not target:
        result = await talk(conv, result.campaign_id, "approve")
    return result


@pytest.fixture
def conv(service: CampaignService) -> Conversation:
    return Conversation(service, IntentParser())


async def test_a_brief_starts_a_campaign_and_shows_the_concept(conv: Conversation) -> None:
    result = await talk(conv, None, SMALL_BRIEF)
    assert result.campaign_id and stage(result) is Stage.CONCEPT
    assert "started" in said(result)


async def test_the_storyboard_card_says_what_each_scene_shows(conv: Conversation) -> None:
    result = await at(conv, Stage.STORYBOARD)
    view = result.checkpoint
    assert view is not None and isinstance(view.body, StoryboardView)
    for row in view.body.rows:
        assert row.description and row.voiceover is not None and row.models


async def test_picks_are_saved_on_click_and_survive_a_new_conversation(
    service: CampaignService, fake_backends: Counter[str]
) -> None:
    first = Conversation(service, IntentParser())
    result = await at(first, Stage.KEYFRAMES)
    view = result.checkpoint
    assert view is not None and isinstance(view.body, KeyframesView) and len(view.body.groups) >= 2
    clicked = await press(first, result, "Pick scene 1 · v2")
    assert isinstance(clicked.messages[0], PickSaved) and clicked.messages[0].keyframes.groups[0].picked == 2
    assert "Still to pick" in said(clicked)

    reloaded = Conversation(service, IntentParser())  # a reload: a new conversation over the same service
    shown = await reloaded.show(result.campaign_id or "")
    again = shown.checkpoint
    assert again is not None and isinstance(again.body, KeyframesView)
    assert again.body.groups[0].picked == 2, "the pick survives the reload and shows as selected"
    assert next(o for o in again.options if o.label == "Pick scene 1 · v2").selected


async def test_approving_the_keyframes_sends_the_saved_picks(service: CampaignService) -> None:
    conv = Conversation(service, IntentParser())
    result = await at(conv, Stage.KEYFRAMES)
    await press(conv, result, "Pick scene 1 · v2")
    takes = await press(conv, result, "Approve picks")
    assert stage(takes) is Stage.TAKES
    state = await service.state(result.campaign_id or "")
    assert state.picks[1] == state.keyframes[1][1].id


async def test_a_version_request_at_the_final_asks_before_approving(
    conv: Conversation, service: CampaignService
) -> None:
    result = await at(conv, Stage.FINAL)
    campaign = result.campaign_id
    asked = await talk(conv, campaign, "make a LinkedIn version")
    assert "Approve these final files and make the LinkedIn 16:9 version?" in said(asked)
    assert (await service.status(campaign or "")).checkpoint is not None, "nothing was approved"
    declined = await talk(conv, campaign, "no")
    assert "nothing approved" in said(declined)
    assert (await service.status(campaign or "")).status == "waiting"

    await talk(conv, campaign, "make a LinkedIn version")
    done = await talk(conv, campaign, "yes")
    assert (await service.state(campaign or "")).decisions[-1].stage is Stage.FINAL
    assert stage(done) is Stage.DERIVATIVE, "the version's offer follows the approval"


async def test_questions_are_answered_with_figures_and_change_nothing(
    conv: Conversation, service: CampaignService
) -> None:
    result = await at(conv, Stage.STORYBOARD)
    campaign = result.campaign_id or ""
    before = await service.state(campaign)
    cost = await talk(conv, campaign, "what will this cost?")
    assert "$" in said(cost) and "estimated" in said(cost)
    left = await talk(conv, campaign, "what's left?")
    assert "$20" in said(left) and "left" in said(left)
    models = await talk(conv, campaign, "which models are we using?")
    assert "Scene 1" in said(models)
    assert (await service.state(campaign)).decisions == before.decisions


async def test_go_back_is_navigation_and_keeps_the_storyboard(conv: Conversation, service: CampaignService) -> None:
    result = await at(conv, Stage.STORYBOARD)
    campaign = result.campaign_id or ""
    back = await talk(conv, campaign, "go back to the concept")
    assert stage(back) is Stage.CONCEPT
    assert "Kept: the storyboard" in said(back)
    assert (await service.state(campaign)).concept_feedback == []


async def test_redirect_button_waits_for_the_wording(conv: Conversation, service: CampaignService) -> None:
    result = await at(conv, Stage.CONCEPT)
    asked = await press(conv, result, "Redirect…")
    assert "What should change?" in said(asked)
    revised = await talk(conv, result.campaign_id, "warmer and more playful")
    assert stage(revised) is Stage.CONCEPT
    state = await service.state(result.campaign_id or "")
    assert state.concept_feedback == ["warmer and more playful"]


async def test_help_lists_only_what_the_card_offers(conv: Conversation) -> None:
    result = await at(conv, Stage.CONCEPT)
    text = said(await talk(conv, result.campaign_id, "help"))
    assert "approve" in text and "redirect" in text
    assert "regenerate" not in text and "pick" not in text.lower().split("ask")[0]


async def test_auto_approve_every_checkpoint_delivers(service: CampaignService) -> None:
    conv = Conversation(service, IntentParser(), auto=AutoApprove(every=True))
    result = await talk(conv, None, SMALL_BRIEF)
    assert result.status == "delivered"
    delivered = next(m for m in result.messages if isinstance(m, Delivered))
    assert [f.platform for f in delivered.view.files] == ["feed_square"]
    assert delivered.view.report is not None and delivered.view.bundle is not None


async def test_a_stale_press_is_refused(conv: Conversation) -> None:
    result = await at(conv, Stage.CONCEPT)
    view = result.checkpoint
    assert view is not None
    approve = next(o for o in view.options if o.press.kind == DecisionKind.APPROVE)
    await conv.turn(result.campaign_id, Turn(press=approve.press))
    again = await conv.turn(result.campaign_id, Turn(press=approve.press))
    assert "already been answered" in said(again)
    assert not any(isinstance(m, Shown) for m in again.messages)


async def test_copy_is_written_and_saved_not_a_video_version(conv: Conversation, service: CampaignService) -> None:
    result = await at(conv, Stage.CONCEPT)
    written = await talk(conv, result.campaign_id, "write 3 TikTok captions with hashtags")
    copy = next(m for m in written.messages if isinstance(m, CopyWritten))
    assert copy.platform == "tiktok" and copy.text.count("\n## ") == 3 and "#" in copy.text
    assert all(f.is_file() for f in copy.files) and {f.suffix for f in copy.files} == {".md", ".json"}
    state = await service.state(result.campaign_id or "")
    assert state.derive_request is None and len(state.decisions) == 0, "no version started, nothing approved"


async def test_a_model_switch_at_the_takes_is_acknowledged_and_shown(conv: Conversation) -> None:
    result = await at(conv, Stage.TAKES)
    switched = await talk(conv, result.campaign_id, "use Kling for scene 2")
    assert "Scene 2 now uses Kling" in said(switched)
    view = switched.checkpoint
    assert view is not None and isinstance(view.body, TakesView)
    take = next(t for t in view.body.takes if t.scene == 2)
    assert take.chosen_name is not None and "Kling" in take.chosen_name
    assert take.preview is not None and take.preview.is_file(), "the take plays with its voice muxed in"
