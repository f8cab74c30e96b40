"""Intent accuracy: does a parser produce the expected action and fields for each chat turn?"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel

from agent.intents.schema import ChatContext, Intent
from evals.data import ChatCase

Parser = Callable[[str, ChatContext], Awaitable[Intent]]


class IntentResult(BaseModel):
    """One turn's outcome."""

    text: str
    expected: dict[str, Any]
    got: dict[str, Any]
    correct: bool


def matches(intent: Intent, expect: dict[str, Any]) -> bool:
    """Every expected field equals the parsed one (picks compared as lists of dicts, enums by value).

    Raises:
        KeyError: an expected field is not an :class:`Intent` field (a typo would otherwise pass as None).
    """
    got = intent.model_dump(mode="json")
    if unknown := expect.keys() - got.keys():
        raise KeyError(f"not Intent fields: {sorted(unknown)}")
    for key, value in expect.items():
        if key == "picks":
            if [dict(p) for p in got["picks"]] != [dict(p) for p in value]:
                return False
        elif key == "duration_s":
            if got[key] is None or abs(float(got[key]) - float(value)) > 1e-6:
                return False
        elif got[key] != value:
            return False
    return True


async def score_intents(cases: list[ChatCase], parse: Parser) -> list[IntentResult]:
    """Parse every turn and compare."""
    results = []
    for case in cases:
        intent = await parse(
            case.text, ChatContext(stage=case.stage, scenes=case.scenes, variations=3 if case.scenes else 0)
        )
        results.append(
            IntentResult(
                text=case.text,
                expected=case.expect,
                got=intent.model_dump(mode="json", exclude_defaults=True),
                correct=matches(intent, case.expect),
            )
        )
    return results
