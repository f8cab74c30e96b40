"""Going back is navigation, not feedback: earlier checkpoints come back with later work kept."""

from collections import Counter

import pytest

from agent.checkpoints import InvalidDecision
from agent.domain import Decision, DecisionKind, Stage
from agent.service import CampaignService
from tests.conftest import SMALL_BRIEF
from tools.catalog import load_catalog
from tools.recipe import Capability

APPROVE = Decision(kind=DecisionKind.APPROVE)
pytestmark = pytest.mark.usefixtures("fake_backends")


def back(to: Stage, *, restart: bool = False) -> Decision:
    return Decision(kind=DecisionKind.BACK, target=to, restart=restart)


async def at(service: CampaignService, stage: Stage) -> str:
    outcome = await service.start(SMALL_BRIEF)
    while outcome.checkpoint is not None and outcome.checkpoint.stage is not stage:
        outcome = await service.decide(outcome.campaign_id, APPROVE)
    return outcome.campaign_id


def other_video_model(current: str) -> str:
    """A video model with an official API that is not the scene's current one."""
    return next(
        m.id
        for m in load_catalog().models
        if Capability.IMAGE_TO_VIDEO in m.capabilities and m.official_api and m.id != current
    )


async def test_back_to_the_concept_keeps_the_model_choice_and_seeds_through_a_rewrite(
    service: CampaignService,
) -> None:
    campaign = await at(service, Stage.STORYBOARD)
    before = (await service.state(campaign)).storyboard
    assert before is not None
    current = next(c.model_id for c in before.scene(2).models if c.capability is Capability.IMAGE_TO_VIDEO)
    chosen = other_video_model(current)
    outcome = await service.decide(campaign, Decision(kind=DecisionKind.REDIRECT, scene=2, model=chosen))
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
    switched = (await service.state(campaign)).storyboard
    assert switched is not None
    choice = next(c for c in switched.scene(2).models if c.capability is Capability.IMAGE_TO_VIDEO)
    assert chosen in (choice.model_id, choice.preferred_model_id)

    outcome = await service.decide(campaign, back(Stage.CONCEPT))
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.CONCEPT
    state = await service.state(campaign)
    assert state.concept_feedback == [], "going back is not feedback"
    assert state.storyboard is not None, "the storyboard is kept while the concept is shown again"

    outcome = await service.decide(
        campaign, Decision(kind=DecisionKind.REDIRECT, target=Stage.CONCEPT, feedback="make it warmer")
    )
    outcome = await service.decide(campaign, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
    after = (await service.state(campaign)).storyboard
    assert after is not None
    video = next(c for c in after.scene(2).models if c.capability is Capability.IMAGE_TO_VIDEO)
    assert video == choice, "the marketer's model choice survives the concept rewrite"
    for scene in after.scenes:
        if before.has_scene(scene.index):
            assert scene.seed == before.scene(scene.index).seed
    assert any("Kept from the previous storyboard" in note for note in after.notes)


async def test_back_to_the_concept_and_approving_it_unchanged_keeps_the_storyboard(service: CampaignService) -> None:
    campaign = await at(service, Stage.STORYBOARD)
    before = (await service.state(campaign)).storyboard
    await service.decide(campaign, back(Stage.CONCEPT))
    outcome = await service.decide(campaign, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
    assert (await service.state(campaign)).storyboard == before


async def test_back_from_takes_to_the_storyboard_regenerates_nothing(
    service: CampaignService, fake_backends: Counter[str]
) -> None:
    campaign = await at(service, Stage.KEYFRAMES)
    state = await service.state(campaign)
    picks = {i: variations[1].id for i, variations in state.keyframes.items()}
    await service.decide(campaign, Decision(kind=DecisionKind.PICK, picks=picks))
    made = Counter(fake_backends)

    outcome = await service.decide(campaign, back(Stage.STORYBOARD))
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
    outcome = await service.decide(campaign, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.KEYFRAMES
    assert outcome.checkpoint.content["picks"] == {str(k): v for k, v in picks.items()}, "picks are kept"
    outcome = await service.decide(campaign, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.TAKES
    assert fake_backends == made, "nothing was generated again"
    assert {i: c.parent_ids for i, c in (await service.state(campaign)).clips.items()} == {
        i: (a,) for i, a in picks.items()
    }


async def test_undo_at_the_concept_brings_back_the_previous_concept(service: CampaignService) -> None:
    outcome = await service.start(SMALL_BRIEF)
    first = (await service.state(outcome.campaign_id)).concept
    await service.decide(
        outcome.campaign_id, Decision(kind=DecisionKind.REDIRECT, target=Stage.CONCEPT, feedback="darker, moodier")
    )
    await service.decide(outcome.campaign_id, back(Stage.CONCEPT))
    state = await service.state(outcome.campaign_id)
    assert state.concept == first
    assert state.concept_feedback == []


async def test_start_over_drafts_a_fresh_concept_and_carries_nothing(service: CampaignService) -> None:
    campaign = await at(service, Stage.STORYBOARD)
    await service.decide(campaign, Decision(kind=DecisionKind.REDIRECT, target=Stage.CONCEPT, feedback="calmer"))
    await service.decide(campaign, back(Stage.CONCEPT, restart=True))
    state = await service.state(campaign)
    assert state.concept_feedback == [] and state.carried is None and state.storyboard is None
    outcome = await service.decide(campaign, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
    board = (await service.state(campaign)).storyboard
    assert board is not None and not any("Kept from the previous" in n for n in board.notes)


async def test_going_back_to_where_you_are_or_forward_is_refused(service: CampaignService) -> None:
    campaign = await at(service, Stage.STORYBOARD)
    with pytest.raises(InvalidDecision, match="already"):
        await service.decide(campaign, back(Stage.STORYBOARD))
    with pytest.raises(InvalidDecision, match="earlier"):
        await service.decide(campaign, back(Stage.TAKES))
