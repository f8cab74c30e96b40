"""The campaign graph: gates, redirects, bad decisions, crashes and restarts."""

import ast
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from agent.checkpoints import InvalidDecision
from agent.domain import Decision, DecisionKind, Stage
from agent.service import CampaignNotFound, CampaignService
from agent.settings import Settings
from tests.conftest import SMALL_BRIEF
from tests.fakes import QuickMotion
from tools.errors import ToolError
from tools.recipe import AssetStatus

APPROVE = Decision(kind=DecisionKind.APPROVE)
pytestmark = pytest.mark.usefixtures("fake_backends")


async def test_every_gate_interrupts_in_order_and_nothing_runs_before_its_gate(
    service: CampaignService, fake_backends: Counter[str]
) -> None:
    outcome = await service.start(SMALL_BRIEF)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.CONCEPT
    assert sum(fake_backends.values()) == 0

    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
    assert sum(fake_backends.values()) == 0, "nothing is generated before the storyboard is approved"
    scenes = len(outcome.checkpoint.content["storyboard"]["scenes"])

    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.KEYFRAMES
    assert fake_backends == Counter(keyframe=scenes * 2), "two variations per scene, no clips or voice yet"

    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.TAKES
    assert fake_backends["clip"] == scenes and fake_backends["voice"] == scenes

    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.FINAL
    assert set(outcome.exports) == {"feed_square"}

    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is None and outcome.status == "delivered"
    state = await service.state(outcome.campaign_id)
    assert [d.stage for d in state.decisions] == [
        Stage.CONCEPT,
        Stage.STORYBOARD,
        Stage.KEYFRAMES,
        Stage.TAKES,
        Stage.FINAL,
    ]
    assert all(a.status is AssetStatus.APPROVED for a in state.clips.values())


async def advance_to(service: CampaignService, stage: Stage) -> str:
    outcome = await service.start(SMALL_BRIEF)
    while outcome.checkpoint is not None and outcome.checkpoint.stage is not stage:
        outcome = await service.decide(outcome.campaign_id, APPROVE)
    return outcome.campaign_id


async def test_pick_chooses_which_variation_is_animated(service: CampaignService) -> None:
    campaign = await advance_to(service, Stage.KEYFRAMES)
    state = await service.state(campaign)
    picks = {i: variations[1].id for i, variations in state.keyframes.items()}
    await service.decide(campaign, Decision(kind=DecisionKind.PICK, picks=picks))
    state = await service.state(campaign)
    for index, clip in state.clips.items():
        assert clip.parent_ids == (picks[index],)
        picked = next(a for a in state.keyframes[index] if a.id == picks[index])
        assert clip.recipe.reference_asset_hashes == (picked.sha256,)
        assert clip.recipe.seed == picked.recipe.seed
        assert picked.status is AssetStatus.PICKED


async def test_redirecting_one_scene_keeps_every_other_approved_scene(
    service: CampaignService, fake_backends: Counter[str]
) -> None:
    campaign = await advance_to(service, Stage.TAKES)
    before = await service.state(campaign)
    fake_backends.clear()

    outcome = await service.decide(campaign, Decision(kind=DecisionKind.REDIRECT, scene=2, feedback="darker"))
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.KEYFRAMES
    assert fake_backends == Counter(keyframe=2), "only scene 2 gets new variations"
    outcome = await service.decide(campaign, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.TAKES
    assert fake_backends == Counter(keyframe=2, clip=1), "only scene 2 is re-animated; its line is unchanged"

    after = await service.state(campaign)
    assert after.storyboard is not None and before.storyboard is not None
    assert "low-key" in after.storyboard.scene(2).prompt
    for index in (1, 3):
        assert after.clips[index].id == before.clips[index].id
        assert after.picks[index] == before.picks[index]
        assert after.storyboard.scene(index) == before.storyboard.scene(index)
    assert after.clips[2].id != before.clips[2].id
    rejected = {a.id for a in after.history if a.status is AssetStatus.REJECTED}
    assert before.clips[2].id in rejected


async def test_regenerate_gives_a_scene_a_new_seed(service: CampaignService) -> None:
    campaign = await advance_to(service, Stage.KEYFRAMES)
    before = await service.state(campaign)
    await service.decide(campaign, Decision(kind=DecisionKind.REGENERATE, scene=1))
    after = await service.state(campaign)
    assert after.storyboard is not None and before.storyboard is not None
    assert after.storyboard.scene(1).seed != before.storyboard.scene(1).seed
    assert {a.id for a in after.keyframes[1]}.isdisjoint({a.id for a in before.keyframes[1]})
    assert [a.id for a in after.keyframes[2]] == [a.id for a in before.keyframes[2]]


async def test_concept_redirect_rewrites_the_concept(service: CampaignService) -> None:
    outcome = await service.start(SMALL_BRIEF)
    outcome = await service.decide(outcome.campaign_id, Decision(kind=DecisionKind.REDIRECT, feedback="make it darker"))
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.CONCEPT
    concept = outcome.checkpoint.content["concept"]
    assert concept["mood"] == "dramatic" and concept["revision"] == 1


async def test_storyboard_redirect_to_a_scene_shows_the_storyboard_again(
    service: CampaignService, fake_backends: Counter[str]
) -> None:
    campaign = await advance_to(service, Stage.STORYBOARD)
    outcome = await service.decide(campaign, Decision(kind=DecisionKind.REDIRECT, scene=1, feedback="static, wider"))
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
    scene = outcome.checkpoint.content["storyboard"]["scenes"][0]
    assert scene["camera_move"] == "static" and scene["shot_type"] == "wide establishing shot"
    assert sum(fake_backends.values()) == 0


@pytest.mark.parametrize(
    ("decision", "says"),
    [
        (Decision(kind=DecisionKind.PICK, picks={1: "kf-x"}), "'pick' does not fit the concept checkpoint"),
        (Decision(kind=DecisionKind.REGENERATE, scene=1), "'regenerate' does not fit the concept checkpoint"),
        (Decision(kind=DecisionKind.REDIRECT, feedback="x", target=Stage.FINAL), "cannot redirect to final"),
    ],
)
async def test_decisions_that_do_not_fit_are_refused_and_nothing_is_lost(
    service: CampaignService, decision: Decision, says: str
) -> None:
    outcome = await service.start(SMALL_BRIEF)
    before = await service.state(outcome.campaign_id)
    with pytest.raises(InvalidDecision, match=says):
        await service.decide(outcome.campaign_id, decision)
    assert await service.state(outcome.campaign_id) == before
    still = await service.status(outcome.campaign_id)
    assert still.checkpoint is not None and still.checkpoint.stage is Stage.CONCEPT
    assert (await service.decide(outcome.campaign_id, APPROVE)).checkpoint is not None


async def test_bad_picks_are_refused(service: CampaignService) -> None:
    campaign = await advance_to(service, Stage.KEYFRAMES)
    state = await service.state(campaign)
    with pytest.raises(InvalidDecision, match="is not a variation of scene 1"):
        await service.decide(campaign, Decision(kind=DecisionKind.PICK, picks={1: state.keyframes[2][0].id}))
    with pytest.raises(InvalidDecision, match=r"still missing: \[2, 3\]"):
        await service.decide(campaign, Decision(kind=DecisionKind.PICK, picks={1: state.keyframes[1][0].id}))
    with pytest.raises(InvalidDecision, match="there is no scene 9"):
        await service.decide(campaign, Decision(kind=DecisionKind.REGENERATE, scene=9))


def test_decision_model_rejects_incomplete_answers() -> None:
    with pytest.raises(ValueError, match="a redirect needs feedback"):
        Decision(kind=DecisionKind.REDIRECT, feedback="  ")
    with pytest.raises(ValueError, match="a pick needs"):
        Decision(kind=DecisionKind.PICK)


async def test_unknown_campaign_ids_say_where_they_looked(service: CampaignService) -> None:
    with pytest.raises(CampaignNotFound, match="no campaign 'nope-000000'"):
        await service.resume("nope-000000")
    with pytest.raises(CampaignNotFound):
        await service.decide("nope-000000", APPROVE)


async def test_decision_after_delivery_is_refused(service: CampaignService) -> None:
    campaign = await advance_to(service, Stage.FINAL)
    await service.decide(campaign, APPROVE)
    with pytest.raises(InvalidDecision, match="not waiting for a decision"):
        await service.decide(campaign, APPROVE)


async def test_cancel_keeps_what_was_made(service: CampaignService, settings: Settings) -> None:
    campaign = await advance_to(service, Stage.KEYFRAMES)
    outcome = await service.decide(campaign, Decision(kind=DecisionKind.CANCEL))
    assert outcome.status == "cancelled" and outcome.checkpoint is None
    manifest = json.loads((settings.campaign_dir(campaign) / "manifest.json").read_text())
    assert manifest["status"] == "cancelled"
    assert all((settings.campaign_dir(campaign) / a["path"]).is_file() for a in manifest["assets"])


async def test_a_crash_mid_stage_resumes_without_redoing_approved_work(
    service: CampaignService, fake_backends: Counter[str]
) -> None:
    campaign = await advance_to(service, Stage.KEYFRAMES)
    QuickMotion.fail_next = 1
    with pytest.raises(ToolError, match="injected failure"):
        await service.decide(campaign, APPROVE)
    keyframe_calls = fake_backends["keyframe"]
    outcome = await service.resume(campaign)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.TAKES
    assert fake_backends["keyframe"] == keyframe_calls, "keyframes are not regenerated"


RESTART_SCRIPT = """
import asyncio, sys
from agent.service import CampaignService
from agent.settings import Settings
async def main():
    async with CampaignService.open(Settings(variations=2)) as service:
        outcome = await service.start(sys.argv[1])
        print(outcome.campaign_id)
asyncio.run(main())
"""


async def test_a_campaign_resumes_in_a_new_process_from_sqlite(settings: Settings) -> None:
    started = subprocess.run(
        [sys.executable, "-c", RESTART_SCRIPT, SMALL_BRIEF], capture_output=True, text=True, check=True, timeout=120
    )
    campaign = started.stdout.strip().splitlines()[-1]
    assert (settings.home / "studio.db").is_file()
    async with CampaignService.open(settings) as service:
        outcome = await service.resume(campaign)
        assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.CONCEPT
        outcome = await service.decide(campaign, APPROVE)
        assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD


def test_the_graph_has_one_gate_node_per_checkpoint() -> None:
    from agent.graph import builder

    gates = {"approve_concept", "approve_storyboard", "pick_keyframes", "approve_takes", "approve_final"}
    assert gates <= set(builder.nodes)
    tree = ast.parse(Path("agent/nodes/gates.py").read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "interrupt"]
    assert len(calls) == 1, "every gate goes through one ask() helper that interrupts once"
    asks = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "ask"]
    assert len(asks) == len(gates), "each gate node asks exactly once"


def test_every_type_in_campaign_state_may_be_restored_from_a_checkpoint() -> None:
    """A model missing from the serializer allowlist is silently dropped when a checkpoint loads."""
    import enum
    import typing

    from pydantic import BaseModel

    from agent.graph import STATE_TYPES
    from agent.state import CampaignState

    found: set[tuple[str, str]] = set()

    def walk(tp: object) -> None:
        for arg in typing.get_args(tp):
            walk(arg)
        if isinstance(tp, type) and issubclass(tp, (BaseModel, enum.Enum)):
            key = (tp.__module__, tp.__name__)
            if key in found:
                return
            found.add(key)
            if issubclass(tp, BaseModel):
                for field in tp.model_fields.values():
                    walk(field.annotation)

    walk(CampaignState)
    assert found <= set(STATE_TYPES), f"add to STATE_TYPES: {sorted(found - set(STATE_TYPES))}"
