"""The LLM planner's per-request schemas, token limits, rule repairs and scene-by-scene fallback (loopback fake)."""

import json

import numpy as np
import pytest

from agent.briefs import parse_brief
from agent.domain import PlanOutcome
from agent.llm.planner import LLMPlanner
from tests.fakeproviders.common import FakeServer
from tests.llm_support import client
from tests.test_llm import GOOD_SCENES, concept_answer, scene, storyboard_answer
from tools.catalog import load_catalog

BRIEF = "15 s TikTok teaser for our trail shoe, energetic"


@pytest.fixture
def server(llm: FakeServer) -> FakeServer:
    """The fake LLM server (the shared ``llm`` fixture)."""
    return llm


def planner_for(server: FakeServer, **kwargs: object) -> LLMPlanner:
    return LLMPlanner(load_catalog(), client(server), "m", **kwargs)  # type: ignore[arg-type]


def bodies(server: FakeServer) -> list[dict[str, object]]:
    return [r["body"] for r in server.state.requests if r["path"] == "/v1/chat/completions"]


async def test_the_storyboard_request_carries_enums_bounds_and_a_token_limit(server: FakeServer) -> None:
    server.state.script.append(storyboard_answer(*GOOD_SCENES))
    planner = planner_for(server)
    brief = parse_brief("20 s teaser for our trail shoe on TikTok, energetic")
    await planner.draft_storyboard(brief, planner.concept(brief, []))
    body = bodies(server)[0]
    assert body["max_tokens"] == 100 + 400 * 5
    fmt = body["response_format"]
    assert isinstance(fmt, dict) and fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    scene_schema = schema["$defs"]["SceneDraft"]
    assert scene_schema["additionalProperties"] is False
    assert set(scene_schema["required"]) == set(scene_schema["properties"])
    video_ids = scene_schema["properties"]["video_model"]["enum"]
    assert "kling-2.5-turbo" in video_ids and all(isinstance(i, str) and "," not in i for i in video_ids)
    assert scene_schema["properties"]["voice_model"]["enum"], "voices are an enum too"
    assert scene_schema["properties"]["duration_s"] == {"type": "number", "minimum": 1, "maximum": 20}
    assert (schema["properties"]["scenes"]["minItems"], schema["properties"]["scenes"]["maxItems"]) == (3, 5)


async def test_durations_far_off_are_scaled_and_noted(server: FakeServer) -> None:
    long = [scene("hook", 30), scene("story", 60), scene("product", 60), scene("cta", 40)]
    server.state.script.append(storyboard_answer(*long))
    planner = planner_for(server)
    brief = parse_brief(BRIEF)
    board = await planner.draft_storyboard(brief, planner.concept(brief, []))
    assert board.duration_s == 15 and len(bodies(server)) == 1, "repaired without a retry"
    assert board.run is not None and board.run.outcome is PlanOutcome.REPAIRED
    assert "scene durations added up to 190 s; scaled to 15 s" in board.run.repairs
    assert any("scaled to 15 s" in n for n in board.notes)


async def test_a_copied_list_of_ids_is_read_as_the_first_model_it_names(server: FakeServer) -> None:
    copied = [scene(p, s, video="kling-2.5-turbo, veo-3.1") for p, s in (("hook", 4), ("story", 4), ("cta", 7))]
    server.state.script.append(storyboard_answer(*copied))
    planner = planner_for(server)
    brief = parse_brief(BRIEF)
    board = await planner.draft_storyboard(brief, planner.concept(brief, []))
    assert board.run is not None and board.run.outcome is PlanOutcome.REPAIRED
    assert all(s.models[1].preferred_model_id == "kling-2.5-turbo" for s in board.scenes)
    assert "scene 1: video_model 'kling-2.5-turbo, veo-3.1' read as 'kling-2.5-turbo'" in board.run.repairs


async def test_the_retry_sends_the_previous_answer_and_every_problem_uncut(server: FakeServer) -> None:
    bad = [scene(p, 5, video="made-up-model", voiceover="word " * 80) for p in ("hook", "story", "cta")]
    server.state.script += [storyboard_answer(*bad), storyboard_answer(*bad)]
    planner = planner_for(server)
    brief = parse_brief(BRIEF)
    board = await planner.draft_storyboard(brief, planner.concept(brief, []))
    retry = bodies(server)[1]["messages"]
    assert isinstance(retry, list)
    assert retry[-2] == {"role": "assistant", "content": storyboard_answer(*bad)["content"]}
    problems = retry[-1]["content"]
    for i in (1, 2, 3):
        assert f"scene {i}: video_model 'made-up-model' is not one of" in problems
        assert f"scene {i}: the voiceover has 80 words" in problems
    assert len(problems) > 600, "nothing is cut"
    # What stayed invalid is replaced scene by scene: the LLM's scenes are kept, their motion model is not.
    assert board.run is not None and board.run.outcome is PlanOutcome.PARTIAL
    assert board.planner == "llm (m)" and [s.description for s in board.scenes] == [
        f"{p} beat" for p in ("hook", "story", "cta")
    ]
    assert all(s.models[1].preferred_model_id != "made-up-model" for s in board.scenes)
    assert all(len(s.voiceover.split()) < 80 for s in board.scenes), "long lines trimmed to fit"
    assert any("From the offline planner" in n and "scene 2 video model" in n for n in board.notes)


async def test_over_budget_after_the_retry_takes_the_offline_routing_for_models_only(server: FakeServer) -> None:
    pricey = [scene(p, 5, video="veo-3.1") for p in ("hook", "story", "cta")]
    server.state.script += [storyboard_answer(*pricey), storyboard_answer(*pricey)]
    planner = planner_for(server)
    brief = parse_brief("15 s TikTok teaser for our trail shoe, energetic, budget $2")
    board = await planner.draft_storyboard(brief, planner.concept(brief, []))
    assert board.run is not None and board.run.outcome is PlanOutcome.PARTIAL
    assert all(s.models[1].preferred_model_id != "veo-3.1" for s in board.scenes)
    assert any("to fit the budget" in n for n in board.notes)


def fake_embed(texts: list[str]) -> np.ndarray:
    """Equal vectors for equal titles' first word: enough to decide 'same direction' in a test."""
    rows = [np.eye(8, dtype=np.float32)[hash(t.split(":")[0]) % 8] for t in texts]
    return np.stack(rows)


async def test_a_clear_brief_gets_one_direction_in_its_mood_naming_the_product(server: FakeServer) -> None:
    wrong = {
        "content": json.dumps(
            {
                "concepts": [
                    {
                        "title": "Calm Steps",
                        "logline": "Quiet walks",
                        "mood": "calm",
                        "style": "cinematic",
                        "key_message": "Breathe.",
                    },
                    {"title": "Other", "logline": "x", "mood": "bold", "style": "3d", "key_message": "y"},
                ]
            }
        )
    }
    server.state.script += [wrong, wrong]
    planner = planner_for(server, embed=fake_embed)
    concept = await planner.draft_concept(parse_brief(BRIEF), [])
    first = bodies(server)[0]
    fmt = first["response_format"]
    assert isinstance(fmt, dict)
    assert fmt["json_schema"]["schema"]["properties"]["concepts"]["maxItems"] == 1
    assert first["max_tokens"] == 100 + 220
    retry = bodies(server)[1]["messages"][-1]["content"]
    assert "the brief asks for a energetic mood" in retry and "must name the product 'trail shoe'" in retry
    assert concept.mood == "energetic" and "Trail Shoe" in concept.title and concept.alternatives == []
    assert concept.run is not None and concept.run.outcome is PlanOutcome.REPAIRED
    assert any("mood set to the brief's energetic" in r for r in concept.run.repairs)


async def test_near_duplicate_alternatives_are_sent_back_then_dropped(server: FakeServer) -> None:
    same = concept_answer("Spark: one", "Spark: two", "Spark: three")
    server.state.script += [same, same]
    planner = planner_for(server, embed=fake_embed)
    concept = await planner.draft_concept(parse_brief("we need a video"), [])
    assert "the same direction" in bodies(server)[1]["messages"][-1]["content"]
    assert concept.run is not None and concept.run.outcome is PlanOutcome.PARTIAL
    assert len(concept.alternatives) == 2, "two offline directions make up for the dropped duplicates"
    assert {a.mood for a in concept.alternatives} != {"energetic"}


async def test_distinct_alternatives_pass_the_minilm_check(server: FakeServer) -> None:
    server.state.script.append(
        {
            "content": json.dumps(
                {
                    "concepts": [
                        {
                            "title": "Dawn Run",
                            "logline": "A runner greets the sunrise on a mountain ridge.",
                            "mood": "inspiring",
                            "style": "cinematic",
                            "key_message": "Start early.",
                        },
                        {
                            "title": "Office Laughs",
                            "logline": "Coworkers play a silly prank with sticky notes.",
                            "mood": "playful",
                            "style": "ugc",
                            "key_message": "Have fun.",
                        },
                    ]
                }
            )
        }
    )
    concept = await planner_for(server).draft_concept(parse_brief("we need a video"), [])
    assert concept.run is not None and concept.run.outcome is PlanOutcome.ACCEPTED, concept.run.errors
    assert [a.title for a in concept.alternatives] == ["Office Laughs"]


def test_strict_schemas_keep_fields_named_like_schema_keywords() -> None:
    from agent.llm.schemas import concept_schema

    concept = concept_schema(1)["$defs"]["ConceptDraft"]
    assert "title" in concept["properties"] and "title" in concept["required"], "a field called 'title' is kept"
    assert "title" not in concept["properties"]["title"], "the annotation 'title' is dropped"


async def test_lines_still_too_long_after_the_retry_are_trimmed_not_replaced(server: FakeServer) -> None:
    wordy = [scene(p, 5, voiceover=f"{p} " + "go " * 60) for p in ("hook", "story", "cta")]
    server.state.script += [storyboard_answer(*wordy), storyboard_answer(*wordy)]
    planner = planner_for(server)
    brief = parse_brief(BRIEF)
    board = await planner.draft_storyboard(brief, planner.concept(brief, []))
    assert board.run is not None and board.run.outcome is PlanOutcome.REPAIRED, "trimming fixes it: nothing offline"
    assert all(len(s.voiceover.split()) <= 17 for s in board.scenes)
    assert "scene 1: voiceover shortened to fit 5 s" in board.run.repairs


async def test_refusals_and_repeated_lines_go_back_then_come_from_the_offline_planner(server: FakeServer) -> None:
    refusal = "Je suis désolé, mais je ne peux pas vous fournir une narration."
    lines = [refusal, "Go further.", "Go further."]  # the third repeats the second
    answer = [scene(p, 5, voiceover=v) for p, v in zip(("hook", "story", "cta"), lines, strict=True)]
    server.state.script += [storyboard_answer(*answer), storyboard_answer(*answer)]
    planner = planner_for(server)
    brief = parse_brief(BRIEF)
    board = await planner.draft_storyboard(brief, planner.concept(brief, []))
    problems = bodies(server)[1]["messages"][-1]["content"]
    assert "scene 1: the voiceover is a refusal" in problems and "scene 3: the voiceover repeats" in problems
    spoken = [s.voiceover for s in board.scenes]
    assert refusal not in spoken and spoken[1] == "Go further." and len(set(spoken)) == 3
    assert any("scene 1 voiceover, scene 3 voiceover" in n for n in board.notes)
    assert board.run is not None and board.run.outcome is PlanOutcome.PARTIAL
