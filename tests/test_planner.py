import pytest

from agent.briefs import parse_brief
from agent.domain import ScenePurpose, Storyboard
from agent.planner import OfflinePlanner
from tools.catalog import load_catalog
from tools.platforms import PLATFORMS
from tools.recipe import Capability

ANATOMY = ("Camera:", "Lighting:", "Style:", "Realism:", "Motion:", "Tone:")


def plan(text: str, **kwargs: object) -> Storyboard:
    planner = OfflinePlanner(load_catalog())
    brief = parse_brief(text, **kwargs)  # type: ignore[arg-type]
    return planner.storyboard(brief, planner.concept(brief, []))


@pytest.mark.parametrize(
    ("platform", "size"),
    [
        ("tiktok", (1080, 1920)),
        ("reels", (1080, 1920)),
        ("shorts", (1080, 1920)),
        ("youtube", (1920, 1080)),
        ("linkedin", (1920, 1080)),
        ("feed_square", (1080, 1080)),
        ("feed_portrait", (1080, 1350)),
    ],
)
def test_primary_platform_sets_the_master_format(platform: str, size: tuple[int, int]) -> None:
    board = plan("15 s ad for our shoe", platforms=[platform])
    assert (board.width, board.height) == size
    assert board.master_aspect == PLATFORMS[platform].format.aspect_ratio


@pytest.mark.parametrize("seconds", [3, 6, 7, 12.3, 15, 20, 30, 45, 60, 180])
def test_scene_durations_sum_to_the_target(seconds: float) -> None:
    board = plan(f"{seconds} s ad for our shoe on tiktok")
    assert 3 <= len(board.scenes) <= 6
    assert board.duration_s == pytest.approx(seconds, abs=1e-9)
    assert all(s.duration_s > 0 for s in board.scenes)


def test_arc_runs_hook_to_call_to_action() -> None:
    board = plan("20 s ad for our shoe on tiktok")
    purposes = [s.purpose for s in board.scenes]
    assert purposes[0] is ScenePurpose.HOOK
    assert purposes[-1] is ScenePurpose.CTA
    assert ScenePurpose.PRODUCT in purposes
    assert [s.index for s in board.scenes] == list(range(1, len(board.scenes) + 1))


def test_prompts_have_the_full_anatomy_and_negatives() -> None:
    board = plan("20 s ad for our shoe on tiktok, calm. No text overlays.")
    for scene in board.scenes:
        for label in ANATOMY:
            assert label in scene.prompt
        assert "watermark" in scene.negative_prompt
        assert "text overlays" in scene.negative_prompt


def test_mood_and_style_words_reach_the_prompts() -> None:
    calm = plan("20 s ad for our tea on tiktok, calm, watercolor")
    assert all("Tone: calm" in s.prompt for s in calm.scenes)
    assert all("watercolor" in s.prompt for s in calm.scenes)
    assert all("cartoon" not in s.negative_prompt for s in calm.scenes)


def test_seeds_are_recorded_deterministic_and_distinct() -> None:
    first, second = plan("20 s ad for our shoe on tiktok"), plan("20 s ad for our shoe on tiktok")
    seeds = [s.seed for s in first.scenes]
    assert seeds == [s.seed for s in second.scenes]
    assert len(set(seeds)) == len(seeds)
    assert seeds != [s.seed for s in plan("20 s ad for our boot on tiktok").scenes]


def test_without_providers_every_step_runs_locally_and_says_so() -> None:
    board = plan("20 s ad for our shoe on tiktok, budget $50")
    catalog = load_catalog()
    for scene in board.scenes:
        assert {c.capability for c in scene.models} == {
            Capability.TEXT_TO_IMAGE,
            Capability.IMAGE_TO_VIDEO,
            Capability.TEXT_TO_SPEECH,
        }
        for choice in scene.models:
            assert choice.model_id.startswith("local/")
            assert choice.estimated_cost_usd == 0
            preferred = catalog.get(choice.preferred_model_id or "")
            assert not preferred.local and choice.capability in preferred.capabilities
    assert board.estimated_cost_usd == 0
    assert board.provider_cost_usd > 0
    assert any("local draft backends" in note for note in board.notes)


def test_strengths_drive_video_choices() -> None:
    board = plan("30 s ad for our drone on youtube, budget $100")
    by_purpose = {s.purpose: s.choice(Capability.IMAGE_TO_VIDEO).preferred_model_id for s in board.scenes}
    product_model = load_catalog().get(by_purpose[ScenePurpose.PRODUCT] or "")
    assert "camera realism" in product_model.strengths
    long = plan("60 s ad for our drone on youtube, budget $100")
    long_models = {
        load_catalog().get(s.choice(Capability.IMAGE_TO_VIDEO).preferred_model_id or "").id
        for s in long.scenes
        if s.duration_s > 8
    }
    assert long_models and all("long motion" in load_catalog().get(m).strengths for m in long_models)


def test_budget_picks_the_tier() -> None:
    rich = plan("20 s ad for our shoe on tiktok, budget $100")
    poor = plan("20 s ad for our shoe on tiktok, budget $1")
    tiers = {
        load_catalog().get(s.choice(Capability.IMAGE_TO_VIDEO).preferred_model_id or "").tier.value for s in rich.scenes
    }
    assert tiers == {"quality"}
    assert poor.provider_cost_usd < rich.provider_cost_usd
    assert any(note.startswith("Over budget") for note in poor.notes)


def test_revising_a_scene_touches_only_that_scene() -> None:
    planner = OfflinePlanner(load_catalog())
    brief = parse_brief("20 s ad for our shoe on tiktok")
    concept = planner.concept(brief, [])
    board = planner.storyboard(brief, concept)
    darker = planner.revise_scene(board, brief, concept, 2, "darker, closer")
    assert darker.scenes[1].lighting.startswith("low-key")
    assert darker.scenes[1].shot_type == "close-up hero shot"
    assert darker.scenes[1].seed == board.scenes[1].seed
    assert darker.scenes[1].feedback == ["darker, closer"]
    assert [s for i, s in enumerate(darker.scenes) if i != 1] == [s for i, s in enumerate(board.scenes) if i != 1]
    regenerated = planner.revise_scene(board, brief, concept, 2, "", new_seed=True)
    assert regenerated.scenes[1].seed != board.scenes[1].seed


def test_concept_feedback_moves_the_mood() -> None:
    planner = OfflinePlanner(load_catalog())
    brief = parse_brief("20 s ad for our shoe on tiktok, playful")
    assert planner.concept(brief, []).mood == "playful"
    revised = planner.concept(brief, ["make it darker"], revision=1)
    assert revised.mood == "dramatic"
    assert revised.revision == 1
    assert "darker" in revised.logline
