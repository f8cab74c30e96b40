"""One structured LLM step: ask, review, repair, retry with the previous answer and every error, uncut.

The caller gives a JSON schema built for this request (enums of what is allowed), a token limit sized to
it, and a ``review`` that returns the answer with deterministic repairs applied plus the problems that
remain. A clean answer is accepted (or repaired); an answer with problems is sent back once with the
model's own previous answer and the full list of problems; what is still wrong after the last attempt
goes back to the caller, which replaces only that part with the offline planner's.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast
from urllib.parse import urlsplit

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema
from pydantic import BaseModel, ValidationError

from agent.domain import PlannerRun, PlanOutcome
from agent.progress import Progress, ProgressHandler, report

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
TICK_S = 5.0
"""How often a waiting step reports its elapsed time."""


class LLMUnavailable(RuntimeError):
    """The LLM could not be reached, timed out, or never gave a parseable answer.

    ``run`` records what the failed step cost (attempts, seconds, tokens), when it got that far.
    """

    run: PlannerRun | None = None


@dataclass
class Review(Generic[T]):
    """The answer after deterministic repairs, what was repaired, and what is still wrong."""

    value: T
    repairs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Answer(Generic[T]):
    """The last reviewed answer (with any problems left for the caller) and the run's record."""

    review: Review[T]
    run: PlannerRun


@dataclass
class Usage:
    """Tokens and attempts across one step."""

    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    """What one step sends: the schema as a ``json_schema`` response format, and its token limit."""

    part: str
    name: str
    schema: dict[str, Any]
    max_tokens: int
    system: str
    user: str

    def response_format(self) -> dict[str, Any]:
        """The OpenAI ``response_format`` (llama.cpp and vLLM enforce it as a grammar)."""
        return {"type": "json_schema", "json_schema": {"name": self.name, "schema": self.schema, "strict": True}}


class Asker:
    """Sends structured requests to one model through one injected client."""

    def __init__(self, client: AsyncOpenAI, model: str, *, token_field: str = "max_tokens", attempts: int = 2) -> None:
        self.client = client
        self.model = model
        self.token_field = token_field
        self.attempts = attempts

    @property
    def host(self) -> str:
        """The endpoint's host, for messages (never the key)."""
        return urlsplit(str(self.client.base_url)).netloc or str(self.client.base_url)

    async def ask(
        self,
        request: Request,
        parse: type[T],
        review: Callable[[T], Review[T]],
        on_progress: ProgressHandler | None = None,
    ) -> Answer[T]:
        """Ask until an answer has no problems or the attempts run out; raise :class:`LLMUnavailable` if none parsed.

        The elapsed time goes to ``on_progress`` when given (outside a graph run), else to the graph's stream.
        """
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": request.system},
            {"role": "user", "content": request.user},
        ]
        usage, started = Usage(), time.monotonic()
        last: Review[T] | None = None
        for _ in range(self.attempts):
            try:
                content, problems = await self._one(request, messages, usage, on_progress)
            except LLMUnavailable as exc:
                if last is None:
                    usage.errors.append(str(exc))
                    exc.run = self._run(request.part, None, usage, time.monotonic() - started)
                    raise
                usage.errors.append(f"the retry failed, so the previous answer stands: {exc}")
                break
            reviewed: Review[T] | None = None
            if content is not None and not problems:
                try:
                    reviewed = review(parse.model_validate_json(content))
                    problems = reviewed.problems
                except ValidationError as exc:
                    problems = [f"the answer does not match the schema: {_errors(exc)}"]
            if reviewed is not None:
                last = reviewed
            usage.errors += problems
            if not problems:
                break
            log.warning("LLM %s answer had %d problem(s): %s", request.part, len(problems), "; ".join(problems))
            if content is not None:
                messages.append({"role": "assistant", "content": content})
            messages.append({"role": "user", "content": _retry_message(problems)})
        run = self._run(request.part, last, usage, time.monotonic() - started)
        if last is None:
            failed = LLMUnavailable(f"no usable answer in {usage.attempts} attempts: {'; '.join(usage.errors)}")
            failed.run = run
            raise failed
        return Answer(last, run)

    async def _one(
        self,
        request: Request,
        messages: list[ChatCompletionMessageParam],
        usage: Usage,
        on_progress: ProgressHandler | None,
    ) -> tuple[str | None, list[str]]:
        """One call: the raw content, or the problems that made it unusable."""
        usage.attempts += 1
        try:
            async with self._ticking(request.part, on_progress):
                completion = await self.client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    response_format=cast(ResponseFormatJSONSchema, request.response_format()),
                    extra_body={self.token_field: request.max_tokens},
                )
        except openai.APITimeoutError as exc:
            timeout = self.client.timeout
            seconds = getattr(timeout, "read", None) or timeout
            raise LLMUnavailable(
                f"{self.model} at {self.host} did not answer within {seconds} s "
                "(raise STUDIO_LLM_TIMEOUT_S for a slow server)"
            ) from exc
        except openai.OpenAIError as exc:
            raise LLMUnavailable(f"{self.model} at {self.host}: {' '.join(str(exc).split())}") from exc
        if completion.usage is not None:
            usage.prompt_tokens += completion.usage.prompt_tokens
            usage.completion_tokens += completion.usage.completion_tokens
        if not completion.choices:
            return None, ["the answer had no choices"]
        choice = completion.choices[0]
        content = choice.message.content
        if choice.finish_reason == "length":
            return None, [f"the answer was cut off at the {request.max_tokens}-token limit: answer more briefly"]
        if getattr(choice.message, "refusal", None):
            return None, [f"the model refused: {choice.message.refusal}"]
        if not content or not content.strip():
            return None, ["the answer was empty"]
        try:
            json.loads(content)
        except json.JSONDecodeError as exc:
            return content, [f"the answer is not valid JSON ({exc})"]
        return content, []

    @contextlib.asynccontextmanager
    async def _ticking(self, part: str, on_progress: ProgressHandler | None) -> AsyncIterator[None]:
        """Report elapsed time every few seconds while the server thinks (CPU servers take minutes)."""
        started = time.monotonic()

        async def tick() -> None:
            while True:
                await asyncio.sleep(TICK_S)
                elapsed = int(time.monotonic() - started)
                event = Progress(
                    stage="planning", done=elapsed, total=0, label=f"waiting for {self.model} ({part}): {elapsed} s"
                )
                if on_progress is not None:
                    on_progress(event)
                else:
                    report(event.stage, event.done, event.total, event.label)

        task = asyncio.create_task(tick())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _run(self, part: str, last: Review[Any] | None, usage: Usage, elapsed: float) -> PlannerRun:
        if last is None:
            outcome = PlanOutcome.FALLBACK
        elif last.problems:
            outcome = PlanOutcome.PARTIAL
        elif last.repairs:
            outcome = PlanOutcome.REPAIRED
        else:
            outcome = PlanOutcome.ACCEPTED
        return PlannerRun(
            part=part,
            model=self.model,
            outcome=outcome,
            attempts=usage.attempts,
            latency_s=round(elapsed, 3),
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            repairs=list(last.repairs) if last else [],
            errors=usage.errors,
        )


def fallback_run(part: str, model: str, error: LLMUnavailable) -> PlannerRun:
    """The record of a part the offline planner (or the rules) made because the LLM could not.

    It keeps what the failed attempts cost: two cut-off answers still took their seconds and tokens.
    """
    if error.run is not None:
        return error.run.model_copy(update={"outcome": PlanOutcome.FALLBACK})
    return PlannerRun(
        part=part, model=model, outcome=PlanOutcome.FALLBACK, attempts=0, latency_s=0, errors=[str(error)]
    )


def _errors(exc: ValidationError) -> str:
    """Every validation error as 'where: what', joined (never truncated)."""
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors())


def _retry_message(problems: list[str]) -> str:
    listed = "\n".join(f"- {p}" for p in problems)
    return (
        "Your previous answer (above) has these problems:\n"
        f"{listed}\n"
        "Answer again in full, following the schema, fixing every problem listed and keeping what was right."
    )
