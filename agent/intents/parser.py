"""Intent parsers: the offline rules, or an LLM calling one ``chat_action`` tool (falling back to the rules)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionFunctionToolParam, ChatCompletionMessageParam
from pydantic import ValidationError

from agent.intents.offline import parse_offline
from agent.intents.schema import Action, ChatContext, Intent
from agent.llm.client import make_client
from agent.llm.settings import LLMSettings
from prompts import load_prompt
from tools.catalog import load_catalog
from tools.platforms import PLATFORMS

log = logging.getLogger(__name__)
TOOL = "chat_action"
MAX_TOKENS = 300
"""One tool call with a handful of fields; a longer answer is cut off and retried."""
UNCLEAR = "I didn't catch that. Could you say it another way, or ask 'help' for what this checkpoint offers?"
NEEDS = {Action.NAVIGATE: "destination", Action.QUESTION: "topic", Action.COPY: "copy_kind"}
"""Fields an action is incomplete without."""


class IntentParser:
    """The offline parser (no LLM)."""

    name = "offline"

    async def parse(self, message: str, ctx: ChatContext) -> Intent:
        """Understand one chat turn."""
        return parse_offline(message, ctx)

    async def aclose(self) -> None:
        """Release connections (none offline)."""


def catalog_model_ids() -> list[str]:
    """Every model id in the catalog, in catalog order."""
    return [spec.id for spec in load_catalog().models]


def intent_tool(model_ids: Sequence[str]) -> ChatCompletionFunctionToolParam:
    """The ``chat_action`` tool: the :class:`Intent` schema, with model and platform ids as enums."""
    tool = openai.pydantic_function_tool(Intent, name=TOOL, description="The action the message asks for.")
    parameters = cast(dict[str, Any], tool["function"].get("parameters", {}))
    properties: dict[str, Any] = parameters["properties"]
    # Mutated in place: the function dict carries the pydantic model the SDK parses arguments with.
    for name, ids in (("model_id", list(model_ids)), ("platform", list(PLATFORMS))):
        properties[name]["anyOf"] = [{"type": "string", "enum": ids}, {"type": "null"}]
    return tool


class LLMIntentParser(IntentParser):
    """Tool calling: the model must call ``chat_action`` with an :class:`Intent`; anything else is retried once.

    A second unusable call becomes a clarifying question; an unreachable LLM falls back to the offline rules.
    """

    name = "llm"

    def __init__(
        self,
        client: AsyncOpenAI,
        model: str,
        model_ids: Sequence[str] | None = None,
        *,
        token_field: str = "max_tokens",
    ) -> None:
        self.client = client
        self.token_field = token_field
        self.model = model
        self.model_ids = list(model_ids) if model_ids is not None else catalog_model_ids()
        self.tool = intent_tool(self.model_ids)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.close()

    async def parse(self, message: str, ctx: ChatContext) -> Intent:
        """The LLM's reading of the turn, checked; a clarifying question when it cannot give one."""
        system = load_prompt("intent_system").render(
            stage=ctx.stage.value if ctx.stage else "none (no campaign yet)",
            scenes=ctx.scenes,
            variations=ctx.variations,
        )
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": system},
            {"role": "user", "content": load_prompt("intent_user").render(message=message)},
        ]
        for _ in range(2):
            try:
                completion = await self.client.chat.completions.parse(
                    model=self.model,
                    messages=messages,
                    tools=[self.tool],
                    tool_choice={"type": "function", "function": {"name": TOOL}},
                    extra_body={self.token_field: MAX_TOKENS},
                )
                return self._checked(completion.choices[0].message, ctx)
            except (ValidationError, ValueError, KeyError, openai.LengthFinishReasonError) as exc:
                log.warning("LLM intent rejected: %s", exc)
                messages.append(
                    {
                        "role": "user",
                        "content": f"That was not a valid {TOOL} call ({exc}). Call {TOOL} once, following its schema.",
                    }
                )
            except openai.OpenAIError as exc:
                log.warning("LLM intent parser unavailable: %s", exc)
                return parse_offline(message, ctx)
        return Intent(action=Action.CLARIFY, question=UNCLEAR)

    def _checked(self, message: object, ctx: ChatContext) -> Intent:
        calls = getattr(message, "tool_calls", None) or []
        if len(calls) != 1 or calls[0].function.name != TOOL:
            names = [c.function.name for c in calls]
            raise ValueError(f"expected one {TOOL} call, got {names or 'none'}")
        intent = calls[0].function.parsed_arguments
        if not isinstance(intent, Intent):
            intent = Intent.model_validate_json(calls[0].function.arguments)
        if intent.model_id is not None and intent.model_id not in self.model_ids:
            raise ValueError(f"model_id {intent.model_id!r} is not a catalog model")
        if intent.platform is not None and intent.platform not in PLATFORMS:
            raise ValueError(f"platform {intent.platform!r} is not one of {', '.join(PLATFORMS)}")
        needed = NEEDS.get(intent.action)
        if needed and getattr(intent, needed) is None:
            raise ValueError(f"action {intent.action.value} needs {needed}")
        if intent.scene is not None and ctx.scenes and intent.scene > ctx.scenes:
            return Intent(
                action=Action.CLARIFY, question=f"There are only {ctx.scenes} scenes; which one did you mean?"
            )
        return intent


def make_intent_parser(llm: LLMSettings, model_ids: Sequence[str] | None = None) -> IntentParser:
    """The LLM parser when an LLM is configured (``model_ids``: the catalog's by default), else the offline one."""
    if not llm.configured:
        return IntentParser()
    return LLMIntentParser(make_client(llm), llm.model, model_ids, token_field=llm.token_limit_field)
