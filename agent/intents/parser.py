"""Intent parsers: the offline rules, or an LLM calling one ``chat_action`` tool (falling back to the rules)."""

from __future__ import annotations

import logging

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import ValidationError

from agent.intents.offline import parse_offline
from agent.intents.schema import Action, ChatContext, Intent
from agent.llm.settings import LLMSettings
from prompts import load_prompt
from tools.catalog import load_catalog

log = logging.getLogger(__name__)
TOOL = "chat_action"


class IntentParser:
    """The offline parser (no LLM)."""

    name = "offline"

    async def parse(self, message: str, ctx: ChatContext) -> Intent:
        """Understand one chat turn."""
        return parse_offline(message, ctx)

    async def aclose(self) -> None:
        """Release connections (none offline)."""


class LLMIntentParser(IntentParser):
    """Tool calling: the model must call ``chat_action`` with an :class:`Intent`; anything else is retried once."""

    name = "llm"

    def __init__(self, client: AsyncOpenAI, model: str) -> None:
        self.client = client
        self.model = model
        self.tool = openai.pydantic_function_tool(Intent, name=TOOL, description="The action the message asks for.")

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.close()

    async def parse(self, message: str, ctx: ChatContext) -> Intent:
        """The LLM's reading of the turn, checked; the offline parser when it cannot give one."""
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
                break
        return parse_offline(message, ctx)

    def _checked(self, message: object, ctx: ChatContext) -> Intent:
        calls = getattr(message, "tool_calls", None) or []
        if len(calls) != 1 or calls[0].function.name != TOOL:
            names = [c.function.name for c in calls]
            raise ValueError(f"expected one {TOOL} call, got {names or 'none'}")
        intent = calls[0].function.parsed_arguments
        if not isinstance(intent, Intent):
            intent = Intent.model_validate_json(calls[0].function.arguments)
        if intent.model_id is not None:
            load_catalog().get(intent.model_id)  # KeyError → not a catalog model
        if intent.scene is not None and ctx.scenes and intent.scene > ctx.scenes:
            return Intent(
                action=Action.CLARIFY, question=f"There are only {ctx.scenes} scenes; which one did you mean?"
            )
        return intent


def make_intent_parser(llm: LLMSettings) -> IntentParser:
    """The LLM parser when an LLM is configured, else the offline one."""
    if not llm.configured:
        return IntentParser()
    assert llm.api_key is not None
    client = AsyncOpenAI(
        api_key=llm.api_key.get_secret_value(), base_url=llm.base_url, timeout=llm.timeout_s, max_retries=1
    )
    return LLMIntentParser(client, llm.model)
