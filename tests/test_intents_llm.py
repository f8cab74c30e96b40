"""The LLM intent parser's request and its answers, against a fake OpenAI server on loopback."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from openai import AsyncOpenAI

from agent.domain import Stage
from agent.intents.parser import MAX_TOKENS, LLMIntentParser
from agent.intents.schema import Action, ChatContext, CopyKind, Destination, Topic
from tests.fakeproviders import start
from tests.fakeproviders.common import FakeServer, FakeState
from tools.platforms import PLATFORMS

MODELS = ["kling-2.5-turbo", "veo-3.1", "local/motion"]
STORYBOARD = ChatContext(stage=Stage.STORYBOARD, scenes=4, variations=3)


@pytest.fixture
async def llm() -> AsyncIterator[FakeServer]:
    with start("openai", FakeState()) as server:
        yield server


@pytest.fixture
async def parser(llm: FakeServer) -> AsyncIterator[LLMIntentParser]:
    made = LLMIntentParser(AsyncOpenAI(api_key="sk-test", base_url=f"{llm.url}/v1", max_retries=0), "m", MODELS)
    yield made
    await made.aclose()


def call(**arguments: Any) -> dict[str, Any]:
    return {"tool": "chat_action", "arguments": arguments}


def requests(llm: FakeServer) -> list[dict[str, Any]]:
    return [r["body"] for r in llm.state.requests if r["path"] == "/v1/chat/completions"]


async def test_the_request_constrains_every_field_to_its_enum_and_caps_the_answer(
    llm: FakeServer, parser: LLMIntentParser
) -> None:
    llm.state.script.append(call(action="question", topic="why_model", scene=2, model_id="kling-2.5-turbo"))
    intent = await parser.parse("why Kling for scene 2?", STORYBOARD)
    assert (intent.action, intent.topic, intent.scene, intent.model_id) == (
        Action.QUESTION,
        Topic.WHY_MODEL,
        2,
        "kling-2.5-turbo",
    )
    [body] = requests(llm)
    assert body["max_tokens"] == MAX_TOKENS == 300
    function = body["tools"][0]["function"]
    assert function["name"] == "chat_action" and function["strict"] is True
    schema = function["parameters"]
    enums = {name: set(spec["enum"]) for name, spec in schema["$defs"].items() if "enum" in spec}
    assert {"navigate", "question", "copy", "help", "decline"} <= enums["Action"]
    assert not {"cost", "status"} & enums["Action"], "cost and status are question topics now"
    assert enums["Destination"] == {d.value for d in Destination}
    assert enums["Topic"] == {t.value for t in Topic}
    assert enums["CopyKind"] == {k.value for k in CopyKind}
    properties = schema["properties"]
    for field, ref in (("destination", "Destination"), ("topic", "Topic"), ("copy_kind", "CopyKind")):
        assert {"$ref": f"#/$defs/{ref}"} in properties[field]["anyOf"]
    assert properties["model_id"]["anyOf"] == [{"type": "string", "enum": MODELS}, {"type": "null"}]
    assert properties["platform"]["anyOf"] == [{"type": "string", "enum": list(PLATFORMS)}, {"type": "null"}]
    assert "count" in schema["required"] and properties["count"]["anyOf"][1] == {"type": "null"}
    assert "navigate" in body["messages"][0]["content"] and "copy_kind" in body["messages"][0]["content"]


async def test_a_copy_or_navigation_call_is_taken_as_given(llm: FakeServer, parser: LLMIntentParser) -> None:
    llm.state.script += [
        call(action="copy", copy_kind="captions", platform="tiktok", count=3),
        call(action="navigate", destination="concept"),
    ]
    copy = await parser.parse("write 3 TikTok captions with hashtags", STORYBOARD)
    assert (copy.action, copy.copy_kind, copy.platform, copy.count) == (Action.COPY, CopyKind.CAPTIONS, "tiktok", 3)
    back = await parser.parse("revenir au concept", STORYBOARD)
    assert (back.action, back.destination) == (Action.NAVIGATE, Destination.CONCEPT)


async def test_an_incomplete_call_is_retried_with_the_reason(llm: FakeServer, parser: LLMIntentParser) -> None:
    llm.state.script += [call(action="navigate"), call(action="navigate", destination="previous")]
    intent = await parser.parse("undo", STORYBOARD)
    assert (intent.action, intent.destination) == (Action.NAVIGATE, Destination.PREVIOUS)
    retry = requests(llm)[1]["messages"][-1]["content"]
    assert "navigate needs destination" in retry


@pytest.mark.parametrize(
    "answers",
    [
        [call(action="cost"), call(action="status")],  # the actions that became question topics
        [call(action="change_model", model_id="gpt-9000"), call(action="copy", platform="myspace", copy_kind="post")],
        [call(action="question"), {"tool": "wire_money", "arguments": {"amount": 1}}],
    ],
)
async def test_an_intent_that_stays_invalid_becomes_a_clarifying_question(
    llm: FakeServer, parser: LLMIntentParser, answers: list[dict[str, Any]]
) -> None:
    llm.state.script += answers
    intent = await parser.parse("approve", STORYBOARD)
    assert intent.action is Action.CLARIFY and "another way" in intent.question
    assert len(requests(llm)) == 2


async def test_an_unreachable_llm_falls_back_to_the_offline_rules(llm: FakeServer, parser: LLMIntentParser) -> None:
    llm.state.script.append({"status": 503})
    intent = await parser.parse("go back to the concept", STORYBOARD)
    assert (intent.action, intent.destination) == (Action.NAVIGATE, Destination.CONCEPT)
