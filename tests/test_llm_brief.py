"""The LLM reads the brief; the rules are its fallback and cross-check (length and budget are asked, not guessed)."""

import asyncio
import json

import httpx
import numpy as np
import pytest

from agent.briefs import BriefQuestion, parse_brief
from agent.conversation.messages import Said, Turn
from agent.conversation.turns import Conversation
from agent.domain import PlanOutcome
from agent.intents.parser import IntentParser
from agent.languages import detect_language
from agent.llm.planner import LLMPlanner
from agent.service import CampaignService, plan_campaign
from tests.fakeproviders.common import FakeServer
from tests.llm_support import client
from tests.test_llm import brief_answer, concept_answer
from tools.catalog import load_catalog

FRENCH = "Vidéo de 15 secondes pour notre parfum sur Instagram Reels, ton luxueux, budget 40 €"
TRAIL = "20 s teaser for our trail shoe on TikTok, energetic, budget $20"


def planner(server: FakeServer) -> LLMPlanner:
    def distinct(texts: list[str]) -> np.ndarray:
        return np.eye(len(texts), dtype=np.float32)

    return LLMPlanner(load_catalog(), client(server), "fake-model", embed=distinct)


def said(result: object) -> str:
    return " ".join(m.text for m in getattr(result, "messages", []) if isinstance(m, Said))


async def test_the_llm_reading_is_sent_with_enums_and_a_token_limit_and_kept(llm: FakeServer) -> None:
    llm.state.script.append(
        brief_answer(
            product="parfum",
            mood="luxurious",
            mood_words=["luxueux"],
            platforms=["reels"],
            duration_s=15,
            budget=40,
            language="fr",
            light="lumière dorée",
        )
    )
    brief = await planner(llm).read_brief(FRENCH)
    body = llm.state.requests[-1]["body"]
    schema = body["response_format"]["json_schema"]["schema"]
    assert body["response_format"]["json_schema"]["strict"] is True and body["max_tokens"] == 400
    assert "reels" in schema["properties"]["platforms"]["items"]["enum"]
    assert schema["properties"]["language"]["enum"][:2] == ["en", "fr"]
    assert schema["properties"]["mood"]["enum"][0] == "energetic"
    assert FRENCH in body["messages"][1]["content"]
    assert (brief.product, brief.tone, brief.language, brief.platforms) == ("parfum", "luxurious", "fr", ["reels"])
    assert brief.light == "lumière dorée", "what the rules cannot read comes from the LLM"
    assert brief.run is not None and brief.run.outcome is PlanOutcome.ACCEPTED and brief.run.part == "brief"
    assert not llm.state.rejected, "the request is valid under OpenAI's own spec"


async def test_the_fake_holds_requests_to_openais_spec(llm: FakeServer) -> None:
    """The check can fail: a body the real API would reject is refused here too, with every problem."""
    llm.state.script.append(brief_answer())
    bad = {"model": "m", "messages": [{"role": "robot", "content": "hi"}], "max_tokens": "400"}
    async with httpx.AsyncClient() as http:
        answer = await http.post(f"{llm.url}/v1/chat/completions", json=bad, headers={"Authorization": "Bearer k"})
    assert answer.status_code == 400 and answer.json()["error"]["type"] == "invalid_request_error"
    problems = llm.state.rejected[0]["problems"]
    assert any(p.startswith("max_tokens:") for p in problems) and any(p.startswith("messages/0") for p in problems)


async def test_a_product_the_brief_does_not_contain_is_sent_back_then_replaced_by_the_rules(llm: FakeServer) -> None:
    llm.state.script += [brief_answer(product="running sneaker"), brief_answer(product="hiking boot")]
    brief = await planner(llm).read_brief(TRAIL)
    retry = llm.state.requests[-1]["body"]["messages"]
    assert "running sneaker" in retry[2]["content"], "the retry carries the previous answer"
    assert "'running sneaker' is not in the brief" in retry[3]["content"]
    assert brief.product == "trail shoe"
    assert brief.run is not None and brief.run.outcome is PlanOutcome.PARTIAL
    assert any("kept product: the rules' 'trail shoe'" in r for r in brief.run.repairs)


async def test_an_explicit_mood_word_the_llm_misread_keeps_the_rules_mood(llm: FakeServer) -> None:
    llm.state.script.append(brief_answer(product="parfum", mood="inspiring", mood_words=[], duration_s=15, budget=40))
    brief = await planner(llm).read_brief(FRENCH)
    assert (brief.tone, brief.mood_words) == ("luxurious", ["luxueux"])
    assert brief.run is not None and any("mood" in r for r in brief.run.repairs)


async def test_a_length_the_two_readings_disagree_on_is_asked_about(llm: FakeServer) -> None:
    llm.state.script.append(brief_answer(duration_s=30))
    with pytest.raises(BriefQuestion) as asked:
        await planner(llm).read_brief(TRAIL)
    assert asked.value.field == "duration_s" and asked.value.readings == [20, 30]
    assert "20 s or 30 s" in str(asked.value) and "--duration" in str(asked.value)


async def test_a_given_length_is_not_asked_about(llm: FakeServer) -> None:
    llm.state.script.append(brief_answer(duration_s=30))
    brief = await planner(llm).read_brief(TRAIL, duration_s=20)
    assert brief.duration_s == 20


@pytest.mark.parametrize(
    ("text", "budget", "outcome"),
    [
        ("20 s teaser for our trail shoe on TikTok, about forty dollars to spend", 40, "ask"),
        ("20 s teaser for our trail shoe on TikTok, we can spend 40 on it", 40, 40),
        ("20 s teaser for our trail shoe on TikTok", None, None),
    ],
)
async def test_a_budget_only_the_llm_read_is_taken_only_when_the_text_shows_it(
    llm: FakeServer, text: str, budget: float | None, outcome: object
) -> None:
    llm.state.script.append(brief_answer(budget=budget))
    if outcome == "ask":
        with pytest.raises(BriefQuestion, match="budget of 40"):
            await planner(llm).read_brief(text)
        return
    assert (await planner(llm).read_brief(text)).budget_usd == outcome


async def test_an_unreachable_llm_leaves_the_rules_reading_and_says_so(llm: FakeServer) -> None:
    llm.state.script.append({"status": 500})
    brief = await planner(llm).read_brief(TRAIL)
    assert brief == parse_brief(TRAIL).model_copy(update={"run": brief.run})
    assert brief.run is not None and brief.run.outcome is PlanOutcome.FALLBACK and brief.run.errors


async def test_the_chat_asks_about_the_length_and_starts_with_the_answer(
    llm: FakeServer, service: CampaignService
) -> None:
    service.context.planner = planner(llm)
    llm.state.script += [brief_answer(duration_s=30), brief_answer(duration_s=30), concept_answer("Trail Shoe: Up")]
    conv = Conversation(service, IntentParser())
    asked = await conv.turn(None, Turn(text=TRAIL))
    assert asked.campaign_id is None and "20 s or 30 s" in said(asked)
    again = await conv.turn(None, Turn(text="hmm"))
    assert again.campaign_id is None and "I still need the length" in said(again)
    started = await conv.turn(None, Turn(text="30 seconds"))
    assert started.campaign_id is not None
    state = await service.state(started.campaign_id)
    assert state.brief is not None and state.brief.duration_s == 30 and state.brief.product == "trail shoe"
    assert state.brief.run is not None, "the graph keeps the brief the LLM read instead of re-parsing it"


async def test_offline_plans_say_the_rules_read_the_brief_and_voice_its_language() -> None:
    plan = await plan_campaign(FRENCH)
    assert plan.planners["brief"] == "rules" and plan.brief.run is None
    assert (plan.brief.product, plan.brief.tone, plan.brief.language) == ("parfum", "luxurious", "fr")
    assert plan.storyboard.voice == "fr"
    assert any("offline planner writes its scene copy in English" in n for n in plan.storyboard.notes)


def test_the_rules_read_moods_in_other_languages() -> None:
    readings = {
        "Un vídeo de 20 segundos para nuestro café en TikTok, tono cálido": ("warm", "es"),
        "Ein 20 Sekunden Video für unseren Kaffee auf TikTok, gemütlich": ("warm", "de"),
        "Spot di 30 secondi per il nostro gelato su Reels, giocoso": ("playful", "it"),
        "15 s TikTok for our oat-milk latte, cosy autumn mood": ("warm", "en"),
    }
    for text, expected in readings.items():
        brief = parse_brief(text)
        assert (brief.tone, brief.language) == expected, text


def test_short_or_unclear_briefs_count_as_english() -> None:
    assert detect_language("launch video") == "en"
    assert detect_language("Make something for the launch") == "en"
    assert detect_language("Vidéo de 15 secondes pour notre parfum") == "fr"


async def test_studio_plan_exits_with_the_question_and_the_flag_answers_it(
    llm: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from ui.cli.main import app

    monkeypatch.setenv("STUDIO_LLM_BASE_URL", f"{llm.url}/v1")
    llm.state.script += [brief_answer(duration_s=30), brief_answer(duration_s=30), {"status": 500}]
    asked = await asyncio.to_thread(CliRunner().invoke, app, ["plan", TRAIL, "--json"])
    assert asked.exit_code == 2 and "20 s or 30 s" in asked.output
    answered = await asyncio.to_thread(CliRunner().invoke, app, ["plan", TRAIL, "--json", "--duration", "30"])
    assert answered.exit_code == 0, answered.output
    assert json.loads(answered.output)["brief"]["duration_s"] == 30


def test_cards_say_who_wrote_each_part_and_how_the_answer_ended() -> None:
    from agent.conversation.cards import made_by
    from agent.domain import PlannerRun

    run = PlannerRun(part="storyboard", model="qwen", outcome=PlanOutcome.PARTIAL, attempts=2, latency_s=9)
    assert made_by("llm (qwen)", run) == "LLM planner (qwen), partial"
    assert made_by("offline (LLM planner failed: timeout)", run) == "offline planner (LLM planner failed: timeout)"
    assert made_by("offline", None) == "offline planner"


async def test_a_product_that_is_the_whole_brief_goes_back_then_the_rules_name_it(llm: FakeServer) -> None:
    llm.state.script += [brief_answer(product=TRAIL), brief_answer(product=TRAIL)]
    brief = await planner(llm).read_brief(TRAIL)
    assert "is the brief, not the thing it advertises" in llm.state.requests[-1]["body"]["messages"][-1]["content"]
    assert brief.product == "trail shoe"
    assert brief.run is not None and any("the LLM gave the whole brief" in r for r in brief.run.repairs)


async def test_the_llm_product_loses_its_determiner(llm: FakeServer) -> None:
    llm.state.script.append(brief_answer(product="our trail shoe"))
    assert (await planner(llm).read_brief(TRAIL)).product == "trail shoe"


async def test_a_length_or_budget_the_brief_never_speaks_of_is_not_taken_from_the_llm(llm: FakeServer) -> None:
    vague = "Something fun for our new product launch"
    llm.state.script.append(brief_answer(product="product launch", duration_s=30, budget=50))
    brief = await planner(llm).read_brief(vague)
    assert (brief.duration_s, brief.budget_usd) == (15, None), "the defaults stand: nothing to ask about"
    llm.state.script.append(brief_answer(duration_s=30))
    priced = await planner(llm).read_brief("TikTok teaser for our trail shoe, budget $20")
    assert priced.duration_s == 15, "a budget's figure is not a length to ask about"


async def test_an_impossible_llm_length_is_no_reading(llm: FakeServer) -> None:
    text = "teaser for our trail shoe on TikTok, budget 2000 dollars"
    llm.state.script.append(brief_answer(duration_s=2000, budget=2000))
    brief = await planner(llm).read_brief(text)
    assert (brief.duration_s, brief.budget_usd) == (15, 2000)
